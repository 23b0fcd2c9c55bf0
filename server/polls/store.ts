import type { Statement } from "better-sqlite3";
import type { JournalEntry } from "../../shared/journal/chain";
import type { PollOutcome, PollSubject } from "../../shared/protocol/polls";
import type { Poll, PollState } from "../../shared/voting/poll";
import type { Tally } from "../../shared/voting/tally";
import type { SqliteStore } from "../storage/sqlite";
import type { JournalInput } from "../storage/store";
import { drawReceipt, opHash, sealReceipt, unsealReceipt } from "./secrecy";

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
  stateChanges: r.state_changes,
  published: r.result ? (JSON.parse(r.result) as PollRecord["published"]) : null,
});

/** Columns a transition may set. */
export type PollPatch = Partial<Pick<PollRecord, "openedAt" | "closedAt" | "publishedAt" | "voidedAt" | "voidReason" | "membersAtClose" | "presentAtClose" | "published">>;

/**
 * Polls and ballots in the meeting's SQLite file. Every write and its journal entry share one
 * transaction; better-sqlite3 is synchronous, so a transaction also runs without interleaving.
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
           state_changes = state_changes + 1 WHERE meeting_id = @meetingId AND id = @id`,
      ),
      voter: db.prepare("SELECT * FROM poll_voters WHERE meeting_id = ? AND poll_id = ? AND unit = ?"),
      voters: db.prepare("SELECT unit, cast_at, ballot, receipt FROM poll_voters WHERE meeting_id = ? AND poll_id = ? ORDER BY unit"),
      unitVotes: db.prepare("SELECT poll_id, cast_at FROM poll_voters WHERE meeting_id = ? AND unit = ?"),
      receiptTaken: db.prepare("SELECT 1 FROM poll_ballots WHERE meeting_id = ? AND poll_id = ? AND receipt = ?"),
      insertVoter: db.prepare(
        `INSERT INTO poll_voters (meeting_id, poll_id, unit, op_hash, link_id, cast_at, sealed_receipt, receipt, ballot)
         VALUES (@meetingId, @pollId, @unit, @opHash, @linkId, @castAt, @sealed, @receipt, @ballot)`,
      ),
      insertBallot: db.prepare("INSERT INTO poll_ballots (meeting_id, poll_id, receipt, choices) VALUES (?, ?, ?, ?)"),
      ballots: db.prepare("SELECT receipt, choices FROM poll_ballots WHERE meeting_id = ? AND poll_id = ? ORDER BY receipt"),
    };
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
      this.q.update!.run({ ...next, meetingId, id: pollId, result: next.published ? JSON.stringify(next.published) : null });
      const entry = this.store.journalInTransaction(meetingId, journal(current));
      return { poll: next, entry };
    })();
  }

  /**
   * One ballot: the retry check, the "poll is open" check and both inserts in one transaction.
   * A retry is recognised before the state check, so it gets its first answer even after the close.
   */
  cast(poll: Pick<PollRecord, "meetingId" | "id" | "visibility">, input: CastInput): CastOutcome {
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

      let receipt = drawReceipt();
      while (this.q.receiptTaken!.get(meetingId, pollId, receipt)) receipt = drawReceipt();
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
      this.q.insertBallot!.run(meetingId, pollId, receipt, choices);
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
  ballots(meetingId: string, pollId: string): { receipt: string; choices: unknown }[] {
    return (this.q.ballots!.all(meetingId, pollId) as { receipt: string; choices: string }[]).map((r) => ({
      receipt: r.receipt,
      choices: JSON.parse(r.choices) as unknown,
    }));
  }

  /** The polls one unit voted in. */
  unitVotes(meetingId: string, unit: string): { pollId: string; castAt: number }[] {
    return (this.q.unitVotes!.all(meetingId, unit) as { poll_id: string; cast_at: number }[]).map((r) => ({ pollId: r.poll_id, castAt: r.cast_at }));
  }
}
