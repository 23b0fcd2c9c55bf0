import type { JournalEntry } from "../../shared/journal/chain";
import type { PollOutcome, PollSubject } from "../../shared/protocol/polls";
import type { Poll, PollState } from "../../shared/voting/poll";
import type { Tally } from "../../shared/voting/tally";
import type { LinkRecord, JournalInput, PersistedMeetingState } from "./store";

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

/** Columns a transition may set. */
export type PollPatch = Partial<
  Pick<PollRecord, "openedAt" | "closedAt" | "publishedAt" | "voidedAt" | "voidReason" | "membersAtClose" | "presentAtClose" | "presentUnitsAtOpen" | "presentUnitsAtClose" | "published">
>;

/** One ballot as published after the close: its random receipt and its choices. */
export interface StoredBallot {
  receipt: string;
  choices: unknown;
}

/** Who voted (and, in an open poll, how). A secret poll's voter has neither ballot nor receipt. */
export interface VoterRecord {
  unit: string;
  castAt: number;
  ballot: unknown;
  receipt: string | null;
}

export interface CastInput {
  unit: string;
  linkId: string;
  opId: string;
  /** Checked by the caller against the poll (validateBallot); the store checks everything that can change. */
  ballot: unknown;
  actor: string;
  now: number;
}

export type CastOutcome =
  | { kind: "cast"; receipt: string; castAt: number; entry: JournalEntry }
  /** The same operation again: its first answer. */
  | { kind: "replay"; receipt: string; castAt: number }
  /** Another operation of the unit was stored first. */
  | { kind: "already_voted"; castAt: number }
  | { kind: "not_open"; state: PollState | null }
  /** The unit is recorded absent (roll call) or never checked in and not marked present. */
  | { kind: "not_present" };

/** The poll as stored at one instant, given to a poll decision. `ballots` are plain (a store that seals them opens them first). */
export interface PollView {
  poll: PollRecord;
  ballots: StoredBallot[];
  /** The units whose ballot is stored. */
  voters: string[];
}

/** What a poll decision stores, all or nothing: the next record (the caller bumps `stateChanges`) and its journal entries. */
export interface PollChange<T> {
  result: T;
  poll: PollRecord;
  journal: JournalInput[];
}

/**
 * A pure, synchronous decision over one stored poll (a transition). It may throw a DomainError
 * (nothing is stored). A store may run it more than once (Redis re-runs it when another instance moved
 * the poll or the journal first), so it must have no side effects.
 */
export type PollDecision<T> = (view: PollView) => PollChange<T>;

/**
 * Whether a unit is recorded present, from what is stored: the chair's roll-call mark wins; without
 * one, a unit is present once one of its delegate links has joined (presence is sticky; see
 * docs/architecture.md). The same rule as MeetingRoom.attendance(), read from the store so a cast is
 * checked against the state as stored, whichever instance holds the room. The Redis cast script
 * implements it again in Lua (redis/polls.ts).
 */
export function unitRecordedPresent(unit: string, state: Pick<PersistedMeetingState, "marks"> | null, links: () => readonly Pick<LinkRecord, "role" | "unit" | "firstSeenAt">[]): boolean {
  const mark = state?.marks[unit];
  if (mark) return mark === "present";
  // The unit's links are read only when the roll call has not marked it.
  return links().some((l) => l.role === "delegate" && l.unit === unit && l.firstSeenAt !== null);
}

/** The set of ballots in its one stored form: sorted by the random receipt, keys sorted. Its bytes depend on the set, never on the order of casting. */
export function sortBallots(ballots: StoredBallot[]): StoredBallot[] {
  return [...ballots].sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
}
