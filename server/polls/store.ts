import type { Statement } from "better-sqlite3";
import type { JournalEntry } from "../../shared/journal/chain";
import type { PollOutcome, PollSubject } from "../../shared/protocol/polls";
import type { Poll, PollState } from "../../shared/voting/poll";
import type { Tally } from "../../shared/voting/tally";
import { canonicalJson } from "../../shared/util/hash";
import { log } from "../log";
import type { SqliteStore } from "../storage/sqlite";
import type { JournalInput } from "../storage/store";
import { drawReceipt, opHash, sealReceipt, unsealReceipt } from "./secrecy";

/** How often a WAL scrub that a reader blocked is tried again. */
const WAL_SCRUB_RETRY_MS = 250;

/** A poll as stored: the pure Poll plus its times, attendance at close and published result. */
export interface PollRecord extends Poll {
  meetingId: string;
  subject: PollSubject;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  publishedAt: number | null;
  voidedAt: number | null;
  voidReason: string | null;
  membersAtClose: number | null;
  presentAtClose: number | null;
  /** Units recorded present when the poll opened and when it closed (the minutes' attendance record). */
  presentUnitsAtOpen: string[] | null;
  presentUnitsAtClose: string[] | null;
  /** Transitions so far; with the ballot count it makes the poll's version (monotonic across restarts). */
  stateChanges: number;
  published: { tally: Tally; outcome: PollOutcome } | null;
}

export type CastOutcome =
  | { kind: "cast"; receipt: string; castAt: number; entry: JournalEntry }
  /** The same operation again: its first answer. */
  | { kind: "replay"; receipt: string; castAt: number }
  /** Another operation of the unit was stored first. */
  | { kind: "already_voted"; castAt: number }
  | { kind: "not_open"; state: PollState | null };

export interface CastInput {
  unit: string;
  linkId: string;
  opId: string;
  ballot: unknown;
  actor: string;
  now: number;
}

/** Thrown inside a transition when the poll is not in an allowed state; nothing is written. */
export class PollStateConflict extends Error {
  constructor(readonly state: PollState | null) {
    super(`poll is ${state ?? "missing"}`);
  }
}

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

/** Columns a transition may set. */
export type PollPatch = Partial<Pick<PollRecord, "openedAt" | "closedAt" | "publishedAt" | "voidedAt" | "voidReason" | "membersAtClose" | "presentAtClose" | "presentUnitsAtOpen" | "presentUnitsAtClose" | "published">>;

/** One ballot as published after the close: its random receipt and its choices. */
export interface StoredBallot {
  receipt: string;
  choices: unknown;
}

/**
 * Polls and ballots in the meeting's SQLite file. Every write and its journal entry share one
 * transaction; better-sqlite3 is synchronous, so a transaction also runs without interleaving.
 *
 * Secret ballots on disk (docs/architecture.md, "Secret ballots on disk"): who voted is a row per unit
 * in poll_voters (unit, time, link, the opId's hash and the receipt sealed under the opId); what was
 * voted is ONE row per poll in poll_ballot_sets, the JSON array of { choices, receipt } sorted by
 * receipt, rewritten whole at each cast. Nothing on the "what" side has a time, a row id or a place
 * that depends on the order of casting; secure_delete zeroes the replaced version, and after each
 * secret cast the WAL is checkpointed and truncated so no earlier page version stays in the -wal file.
 */
export class PollStore {
  private readonly q: Record<string, Statement>;

  constructor(private readonly store: SqliteStore) {
    const db = store.database;
    this.q = {
      list: db.prepare("SELECT * FROM polls WHERE meeting_id = ? ORDER BY created_at, id"),
      get: db.prepare("SELECT * FROM polls WHERE meeting_id = ? AND id = ?"),
      insert: db.prepare(
        `INSERT INTO polls (meeting_id, id, kind, visibility, subject, title, candidates, excluded, threshold, base, state, round, runoff_of, created_at)
         VALUES (@meetingId, @id, @kind, @visibility, @subject, @title, @candidates, @excluded, @threshold, @base, @state, @round, @runoffOf, @createdAt)`,
      ),
      update: db.prepare(
        `UPDATE polls SET state = @state, opened_at = @openedAt, closed_at = @closedAt, published_at = @publishedAt, voided_at = @voidedAt,
           void_reason = @voidReason, members_at_close = @membersAtClose, present_at_close = @presentAtClose, result = @result,
           present_units_at_open = @presentUnitsAtOpen, present_units_at_close = @presentUnitsAtClose,
           state_changes = state_changes + 1 WHERE meeting_id = @meetingId AND id = @id`,
      ),
      voter: db.prepare("SELECT * FROM poll_voters WHERE meeting_id = ? AND poll_id = ? AND unit = ?"),
      voters: db.prepare("SELECT unit, cast_at, ballot, receipt FROM poll_voters WHERE meeting_id = ? AND poll_id = ? ORDER BY unit"),
      unitVotes: db.prepare("SELECT poll_id, cast_at FROM poll_voters WHERE meeting_id = ? AND unit = ?"),
      insertVoter: db.prepare(
        `INSERT INTO poll_voters (meeting_id, poll_id, unit, op_hash, link_id, cast_at, sealed_receipt, receipt, ballot)
         VALUES (@meetingId, @pollId, @unit, @opHash, @linkId, @castAt, @sealed, @receipt, @ballot)`,
      ),
      ballots: db.prepare("SELECT ballots FROM poll_ballot_sets WHERE meeting_id = ? AND poll_id = ?"),
      putBallots: db.prepare(
        `INSERT INTO poll_ballot_sets (meeting_id, poll_id, ballots) VALUES (?, ?, ?)
         ON CONFLICT (meeting_id, poll_id) DO UPDATE SET ballots = excluded.ballots`,
      ),
    };
    // Freed cells and pages (the replaced ballot set, its old overflow pages) are overwritten with
    // zeros, so no earlier version of a poll's ballots stays readable in the database file.
    db.pragma("secure_delete = ON");
    this.scrubWal();
  }

  private scrubTimer: NodeJS.Timeout | null = null;

  /**
   * Checkpoints the WAL into the database and truncates it to zero bytes, so the -wal file holds no
   * earlier version of a ballot page (frame order would give the order of casting). Never waits for
   * a reader (a backup holding a snapshot): the checkpoint then stays incomplete, is logged, and is
   * tried again shortly; casts go on meanwhile.
   */
  scrubWal(): boolean {
    const db = this.store.database;
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

  /** The poll's ballots as stored, in receipt order. */
  private readBallots(meetingId: string, pollId: string): StoredBallot[] {
    const row = this.q.ballots!.get(meetingId, pollId) as { ballots: string } | undefined;
    return row ? (JSON.parse(row.ballots) as StoredBallot[]) : [];
  }

  list(meetingId: string): PollRecord[] {
    return (this.q.list!.all(meetingId) as PollRow[]).map(toRecord);
  }

  get(meetingId: string, pollId: string): PollRecord | null {
    const row = this.q.get!.get(meetingId, pollId) as PollRow | undefined;
    return row ? toRecord(row) : null;
  }

  insert(poll: PollRecord, journal: JournalInput): JournalEntry {
    return this.store.database.transaction(() => {
      this.q.insert!.run({
        ...poll,
        candidates: JSON.stringify(poll.candidates),
        excluded: JSON.stringify(poll.excluded),
        threshold: JSON.stringify(poll.threshold),
        runoffOf: poll.runoffOf ?? null,
      });
      return this.store.journalInTransaction(poll.meetingId, journal);
    })();
  }

  /**
   * Moves a poll to `to` if it is in one of `from` (read inside the transaction, so two organisers
   * closing at once cannot both succeed). `journal` sees the poll as it was.
   */
  transition(meetingId: string, pollId: string, from: readonly PollState[], to: PollState, patch: (p: PollRecord) => PollPatch, journal: (p: PollRecord) => JournalInput): { poll: PollRecord; entry: JournalEntry } {
    return this.store.database.transaction(() => {
      const current = this.get(meetingId, pollId);
      if (!current || !from.includes(current.state)) throw new PollStateConflict(current?.state ?? null);
      const next: PollRecord = { ...current, ...patch(current), state: to, stateChanges: current.stateChanges + 1 };
      this.q.update!.run({
        ...next,
        meetingId,
        id: pollId,
        result: next.published ? JSON.stringify(next.published) : null,
        presentUnitsAtOpen: next.presentUnitsAtOpen ? JSON.stringify(next.presentUnitsAtOpen) : null,
        presentUnitsAtClose: next.presentUnitsAtClose ? JSON.stringify(next.presentUnitsAtClose) : null,
      });
      const entry = this.store.journalInTransaction(meetingId, journal(current));
      return { poll: next, entry };
    })();
  }

  /**
   * One ballot: the retry check, the "poll is open" check and both writes in one transaction.
   * A retry is recognised before the state check, so it gets its first answer even after the close.
   */
  cast(poll: Pick<PollRecord, "meetingId" | "id" | "visibility">, input: CastInput): CastOutcome {
    const out = this.castInTransaction(poll, input);
    // Before the ack: the WAL frames of this cast (next to the previous version of the ballot set
    // still in the database file) would show which ballot was added.
    if (out.kind === "cast" && poll.visibility === "secret") this.scrubWal();
    return out;
  }

  private castInTransaction(poll: Pick<PollRecord, "meetingId" | "id" | "visibility">, input: CastInput): CastOutcome {
    const { meetingId, id: pollId } = poll;
    return this.store.database.transaction((): CastOutcome => {
      const prior = this.q.voter!.get(meetingId, pollId, input.unit) as
        | { op_hash: string; cast_at: number; sealed_receipt: string | null; receipt: string | null }
        | undefined;
      if (prior) {
        if (prior.op_hash !== opHash(pollId, input.opId)) return { kind: "already_voted", castAt: prior.cast_at };
        const receipt = prior.receipt ?? (prior.sealed_receipt ? unsealReceipt(prior.sealed_receipt, pollId, input.opId) : null);
        if (!receipt) return { kind: "already_voted", castAt: prior.cast_at };
        return { kind: "replay", receipt, castAt: prior.cast_at };
      }
      const state = (this.q.get!.get(meetingId, pollId) as PollRow | undefined)?.state as PollState | undefined;
      if (state !== "open") return { kind: "not_open", state: state ?? null };

      const ballots = this.readBallots(meetingId, pollId);
      let receipt = drawReceipt();
      while (ballots.some((b) => b.receipt === receipt)) receipt = drawReceipt();
      const secret = poll.visibility === "secret";
      const choices = JSON.stringify(input.ballot);
      this.q.insertVoter!.run({
        meetingId,
        pollId,
        unit: input.unit,
        opHash: opHash(pollId, input.opId),
        linkId: input.linkId,
        castAt: input.now,
        sealed: secret ? sealReceipt(receipt, pollId, input.opId) : null,
        receipt: secret ? null : receipt,
        ballot: secret ? null : choices,
      });
      // The whole set, sorted by the random receipt and written canonically (sorted keys): the
      // same ballots give the same bytes whatever order they came in.
      ballots.push({ receipt, choices: input.ballot });
      ballots.sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
      this.q.putBallots!.run(meetingId, pollId, canonicalJson(ballots));
      // The journal says that the unit voted; only a show of hands also says how.
      const entry = this.store.journalInTransaction(meetingId, {
        actor: input.actor,
        type: "poll.ballot_cast",
        data: secret ? { pollId, unit: input.unit } : { pollId, unit: input.unit, ballot: input.ballot, receipt },
        ts: input.now,
      });
      return { kind: "cast", receipt, castAt: input.now, entry };
    })();
  }

  /** Who voted and when (and, for open polls, how). */
  voters(meetingId: string, pollId: string): { unit: string; castAt: number; ballot: unknown; receipt: string | null }[] {
    return (this.q.voters!.all(meetingId, pollId) as { unit: string; cast_at: number; ballot: string | null; receipt: string | null }[]).map((r) => ({
      unit: r.unit,
      castAt: r.cast_at,
      ballot: r.ballot === null ? null : (JSON.parse(r.ballot) as unknown),
      receipt: r.receipt,
    }));
  }

  /** The table of receipts and choices, in receipt order (random, never turnout order). */
  ballots(meetingId: string, pollId: string): StoredBallot[] {
    return this.readBallots(meetingId, pollId).map((b) => ({ receipt: b.receipt, choices: b.choices }));
  }

  /** The polls one unit voted in. */
  unitVotes(meetingId: string, unit: string): { pollId: string; castAt: number }[] {
    return (this.q.unitVotes!.all(meetingId, unit) as { poll_id: string; cast_at: number }[]).map((r) => ({ pollId: r.poll_id, castAt: r.cast_at }));
  }
}
