import type Database from "better-sqlite3";
import type { JournalEntry } from "../../shared/journal/chain";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { PollSubject } from "../../shared/protocol/polls";
import type { Poll, PollState } from "../../shared/voting/poll";
import { canonicalJson } from "../../shared/util/hash";
import { DomainError } from "../errors";
import { log } from "../log";
import { drawReceipt, opHash, sealReceipt, unsealReceipt } from "./ballot-seal";
import { sortBallots, unitRecordedPresent, type CastInput, type CastOutcome, type PollChange, type PollRecord, type StoredBallot, type VoterRecord } from "./polls";
import type { JournalInput, PersistedMeetingState } from "./store";

/** How often a WAL scrub that a reader blocked is tried again. */
const WAL_SCRUB_RETRY_MS = 250;

interface PollRow {
  meeting_id: string;
  id: string;
  kind: string;
  visibility: string;
  subject: string;
  title: string;
  candidates: string;
  excluded: string;
  threshold: string;
  base: string;
  state: string;
  round: number;
  runoff_of: string | null;
  created_at: number;
  opened_at: number | null;
  closed_at: number | null;
  published_at: number | null;
  voided_at: number | null;
  void_reason: string | null;
  members_at_close: number | null;
  present_at_close: number | null;
  present_units_at_open: string | null;
  present_units_at_close: string | null;
  state_changes: number;
  result: string | null;
}

const toRecord = (r: PollRow): PollRecord => ({
  meetingId: r.meeting_id,
  id: r.id,
  kind: r.kind as Poll["kind"],
  visibility: r.visibility as Poll["visibility"],
  subject: r.subject as PollSubject,
  title: r.title,
  candidates: JSON.parse(r.candidates) as string[],
  excluded: JSON.parse(r.excluded) as string[],
  threshold: JSON.parse(r.threshold) as Poll["threshold"],
  base: r.base as Poll["base"],
  state: r.state as PollState,
  round: r.round,
  ...(r.runoff_of ? { runoffOf: r.runoff_of } : {}),
  createdAt: r.created_at,
  openedAt: r.opened_at,
  closedAt: r.closed_at,
  publishedAt: r.published_at,
  voidedAt: r.voided_at,
  voidReason: r.void_reason,
  membersAtClose: r.members_at_close,
  presentAtClose: r.present_at_close,
  presentUnitsAtOpen: r.present_units_at_open ? (JSON.parse(r.present_units_at_open) as string[]) : null,
  presentUnitsAtClose: r.present_units_at_close ? (JSON.parse(r.present_units_at_close) as string[]) : null,
  stateChanges: r.state_changes,
  published: r.result ? (JSON.parse(r.result) as PollRecord["published"]) : null,
});

type Journal = (meetingId: string, input: JournalInput) => JournalEntry;

/** Meetings whose parsed state the cast keeps (SqlitePollTables.parsedState). */
const PARSED_STATES_MAX = 256;

/**
 * Polls and ballots in the meeting's SQLite file (the SQLite store's half of the poll operations).
 * Every method that writes runs inside the caller's transaction with its journal entry; better-sqlite3
 * is synchronous, so nothing interleaves between a check and its write.
 *
 * Secret ballots on disk (docs/architecture.md, "Secret ballots on disk"): who voted is a row per unit
 * in poll_voters (unit, time, link, the opId's hash and the receipt sealed under the opId); what was
 * voted is ONE row per poll in poll_ballot_sets, the JSON array of { choices, receipt } sorted by
 * receipt, rewritten whole at each cast. Nothing on the "what" side has a time, a row id or a place
 * that depends on the order of casting; secure_delete zeroes the replaced version, and after each
 * secret cast the WAL is checkpointed and truncated so no earlier page version stays in the -wal file.
 */
export class SqlitePollTables {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    // Freed cells and pages (the replaced ballot set, its old overflow pages) are overwritten with
    // zeros, so no earlier version of a poll's ballots stays readable in the database file.
    db.pragma("secure_delete = ON");
    this.scrubWal();
  }

  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  private scrubTimer: NodeJS.Timeout | null = null;

  /**
   * During a group commit (SqliteStore.write): the ballot sets that casts of the group changed, held
   * here and written once per poll at the end of the run of casts (`flushSets`), inside the same
   * transaction, before its commit. A burst of ballots on one poll then parses, sorts and rewrites the
   * set once per group, not once per ballot (each rewrite is the whole set: O(n²) over a poll). null
   * outside a group: each cast writes its set at once.
   */
  private groupSets: Map<string, { meetingId: string; pollId: string; set: StoredBallot[] }> | null = null;
  /** A secret ballot was cast since the last take: the WAL must be scrubbed after the commit. */
  private secretCast = false;

  /** The meeting state each cast last read, parsed: a burst of casts reads the same row; read-only. */
  private readonly states = new Map<string, { raw: string; state: PersistedMeetingState }>();

  /** The stored meeting state, parsed again only when its text changed (string equality is a memcmp). */
  private parsedState(meetingId: string, raw: string): PersistedMeetingState {
    const held = this.states.get(meetingId);
    if (held?.raw === raw) return held.state;
    const state = JSON.parse(raw) as PersistedMeetingState;
    this.states.delete(meetingId);
    // A few hundred meetings at most are voting at once; the oldest goes first.
    if (this.states.size >= PARSED_STATES_MAX) this.states.delete(this.states.keys().next().value!);
    this.states.set(meetingId, { raw, state });
    return state;
  }

  /** A group's casts begin: ballot sets are held until flushSets. */
  beginGroup(): void {
    this.groupSets = new Map();
  }

  /** Inside the group's transaction: writes the sets its casts changed. Before any other write of the group reads them, and before the commit. */
  flushSets(): void {
    const sets = this.groupSets;
    if (!sets?.size) return;
    for (const { meetingId, pollId, set } of sets.values()) this.writeSet(meetingId, pollId, set);
    sets.clear();
  }

  /** The group is over (committed or rolled back): nothing is held any more. */
  endGroup(): void {
    this.groupSets = null;
  }

  /** True once after a secret ballot was stored (the caller scrubs the WAL after committing it). */
  takeSecretCast(): boolean {
    const was = this.secretCast;
    this.secretCast = false;
    return was;
  }

  private writeSet(meetingId: string, pollId: string, set: StoredBallot[]): void {
    // The whole set, sorted by the random receipt and written canonically (sorted keys): the same
    // ballots give the same bytes whatever order they came in.
    this.stmt(
      `INSERT INTO poll_ballot_sets (meeting_id, poll_id, ballots) VALUES (?, ?, ?)
       ON CONFLICT (meeting_id, poll_id) DO UPDATE SET ballots = excluded.ballots`,
    ).run(meetingId, pollId, canonicalJson(sortBallots(set)));
  }

  /**
   * Checkpoints the WAL into the database and truncates it to zero bytes, so the -wal file holds no
   * earlier version of a ballot page (frame order would give the order of casting). Never waits for
   * a reader (a backup holding a snapshot): the checkpoint then stays incomplete, is logged, and is
   * tried again shortly; casts go on meanwhile.
   */
  scrubWal(): boolean {
    const db = this.db;
    if (!db.open) return true;
    const timeoutMs = db.pragma("busy_timeout", { simple: true }) as number;
    let done = false;
    try {
      db.pragma("busy_timeout = 0");
      const [r] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
      done = !!r && r.busy === 0 && r.checkpointed === r.log;
    } catch (err) {
      log.warn("polls", "WAL checkpoint failed", { error: String(err) });
    } finally {
      db.pragma(`busy_timeout = ${timeoutMs}`);
    }
    if (!done && !this.scrubTimer) {
      log.warn("polls", "WAL not truncated after a secret ballot (a reader holds it); retrying", {});
      this.scrubTimer = setTimeout(() => {
        this.scrubTimer = null;
        this.scrubWal();
      }, WAL_SCRUB_RETRY_MS);
      this.scrubTimer.unref();
    }
    return done;
  }

  list(meetingId: string): PollRecord[] {
    return (this.stmt("SELECT * FROM polls WHERE meeting_id = ? ORDER BY created_at, id").all(meetingId) as PollRow[]).map(toRecord);
  }

  get(meetingId: string, pollId: string): PollRecord | null {
    const row = this.stmt("SELECT * FROM polls WHERE meeting_id = ? AND id = ?").get(meetingId, pollId) as PollRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The poll's ballots as stored, in receipt order. */
  ballots(meetingId: string, pollId: string): StoredBallot[] {
    const row = this.stmt("SELECT ballots FROM poll_ballot_sets WHERE meeting_id = ? AND poll_id = ?").get(meetingId, pollId) as { ballots: string } | undefined;
    return row ? (JSON.parse(row.ballots) as StoredBallot[]).map((b) => ({ receipt: b.receipt, choices: b.choices })) : [];
  }

  voters(meetingId: string, pollId: string): VoterRecord[] {
    const rows = this.stmt("SELECT unit, cast_at, ballot, receipt FROM poll_voters WHERE meeting_id = ? AND poll_id = ? ORDER BY unit").all(meetingId, pollId) as {
      unit: string;
      cast_at: number;
      ballot: string | null;
      receipt: string | null;
    }[];
    return rows.map((r) => ({ unit: r.unit, castAt: r.cast_at, ballot: r.ballot === null ? null : (JSON.parse(r.ballot) as unknown), receipt: r.receipt }));
  }

  unitVotes(meetingId: string, unit: string): { pollId: string; castAt: number }[] {
    return (this.stmt("SELECT poll_id, cast_at FROM poll_voters WHERE meeting_id = ? AND unit = ?").all(meetingId, unit) as { poll_id: string; cast_at: number }[]).map((r) => ({
      pollId: r.poll_id,
      castAt: r.cast_at,
    }));
  }

  /** Inside the caller's transaction. */
  insert(poll: PollRecord): void {
    if (this.get(poll.meetingId, poll.id)) throw new DomainError(ERROR_CODES.CONFLICT, `Cuộc biểu quyết ${poll.id} đã có. (Poll ${poll.id} exists.)`);
    this.stmt(
      `INSERT INTO polls (meeting_id, id, kind, visibility, subject, title, candidates, excluded, threshold, base, state, round, runoff_of, created_at)
       VALUES (@meetingId, @id, @kind, @visibility, @subject, @title, @candidates, @excluded, @threshold, @base, @state, @round, @runoffOf, @createdAt)`,
    ).run({
      meetingId: poll.meetingId,
      id: poll.id,
      kind: poll.kind,
      visibility: poll.visibility,
      subject: poll.subject,
      title: poll.title,
      candidates: JSON.stringify(poll.candidates),
      excluded: JSON.stringify(poll.excluded),
      threshold: JSON.stringify(poll.threshold),
      base: poll.base,
      state: poll.state,
      round: poll.round,
      runoffOf: poll.runoffOf ?? null,
      createdAt: poll.createdAt,
    });
  }

  /** Inside the caller's transaction: stores a decision's next record. */
  update<T>(meetingId: string, pollId: string, change: PollChange<T>): void {
    const next = change.poll;
    this.stmt(
      `UPDATE polls SET state = @state, opened_at = @openedAt, closed_at = @closedAt, published_at = @publishedAt, voided_at = @voidedAt,
         void_reason = @voidReason, members_at_close = @membersAtClose, present_at_close = @presentAtClose, result = @result,
         present_units_at_open = @presentUnitsAtOpen, present_units_at_close = @presentUnitsAtClose,
         state_changes = @stateChanges WHERE meeting_id = @meetingId AND id = @id`,
    ).run({
      state: next.state,
      openedAt: next.openedAt,
      closedAt: next.closedAt,
      publishedAt: next.publishedAt,
      voidedAt: next.voidedAt,
      voidReason: next.voidReason,
      membersAtClose: next.membersAtClose,
      presentAtClose: next.presentAtClose,
      result: next.published ? JSON.stringify(next.published) : null,
      presentUnitsAtOpen: next.presentUnitsAtOpen ? JSON.stringify(next.presentUnitsAtOpen) : null,
      presentUnitsAtClose: next.presentUnitsAtClose ? JSON.stringify(next.presentUnitsAtClose) : null,
      stateChanges: next.stateChanges,
      meetingId,
      id: pollId,
    });
  }

  /**
   * One ballot, inside the caller's transaction: the retry check, the "poll is open" and "unit
   * present" checks and both writes. A retry is recognised first, so it gets its first answer even
   * after the close or after the unit left. The caller scrubs the WAL after a secret cast commits.
   */
  cast(meetingId: string, pollId: string, input: CastInput, journal: Journal): CastOutcome {
    const prior = this.stmt("SELECT op_hash, cast_at, sealed_receipt, receipt FROM poll_voters WHERE meeting_id = ? AND poll_id = ? AND unit = ?").get(meetingId, pollId, input.unit) as
      | { op_hash: string; cast_at: number; sealed_receipt: string | null; receipt: string | null }
      | undefined;
    if (prior) {
      if (prior.op_hash !== opHash(pollId, input.opId)) return { kind: "already_voted", castAt: prior.cast_at };
      const receipt = prior.receipt ?? (prior.sealed_receipt ? unsealReceipt(prior.sealed_receipt, pollId, input.opId) : null);
      if (!receipt) return { kind: "already_voted", castAt: prior.cast_at };
      return { kind: "replay", receipt, castAt: prior.cast_at };
    }
    const poll = this.stmt("SELECT state, visibility FROM polls WHERE meeting_id = ? AND id = ?").get(meetingId, pollId) as { state: PollState; visibility: string } | undefined;
    if (poll?.state !== "open") return { kind: "not_open", state: poll?.state ?? null };
    const stateRow = this.stmt("SELECT state FROM meeting_state WHERE meeting_id = ?").get(meetingId) as { state: string } | undefined;
    const state = stateRow ? this.parsedState(meetingId, stateRow.state) : null;
    const links = () =>
      this.stmt("SELECT role, unit, first_seen_at AS firstSeenAt FROM links WHERE meeting_id = ? AND unit = ?").all(meetingId, input.unit) as {
        role: "delegate";
        unit: string;
        firstSeenAt: number | null;
      }[];
    if (!unitRecordedPresent(input.unit, state, links)) return { kind: "not_present" };

    const key = `${meetingId}\u0000${pollId}`;
    const ballots = this.groupSets?.get(key)?.set ?? this.ballots(meetingId, pollId);
    let receipt = drawReceipt();
    while (ballots.some((b) => b.receipt === receipt)) receipt = drawReceipt();
    const secret = poll.visibility === "secret";
    this.stmt(
      `INSERT INTO poll_voters (meeting_id, poll_id, unit, op_hash, link_id, cast_at, sealed_receipt, receipt, ballot)
       VALUES (@meetingId, @pollId, @unit, @opHash, @linkId, @castAt, @sealed, @receipt, @ballot)`,
    ).run({
      meetingId,
      pollId,
      unit: input.unit,
      opHash: opHash(pollId, input.opId),
      linkId: input.linkId,
      castAt: input.now,
      sealed: secret ? sealReceipt(receipt, pollId, input.opId) : null,
      receipt: secret ? null : receipt,
      ballot: secret ? null : JSON.stringify(input.ballot),
    });
    const set = [...ballots, { receipt, choices: input.ballot }];
    if (!this.groupSets) this.writeSet(meetingId, pollId, set);
    // The journal says that the unit voted; only a show of hands also says how.
    const entry = journal(meetingId, {
      actor: input.actor,
      type: "poll.ballot_cast",
      data: secret ? { pollId, unit: input.unit } : { pollId, unit: input.unit, ballot: input.ballot, receipt },
      ts: input.now,
    });
    // Last, when nothing of this cast can throw any more (its savepoint would roll it back): held for flushSets.
    this.groupSets?.set(key, { meetingId, pollId, set });
    if (secret) this.secretCast = true;
    return { kind: "cast", receipt, castAt: input.now, entry };
  }
}
