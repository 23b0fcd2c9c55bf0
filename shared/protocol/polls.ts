import { z } from "zod";
import { fractionRuleSchema, unitCodeSchema, voteBaseSchema, type FractionRule, type VoteBase } from "../definition/schema";
import { pollIdSchema, pollKindSchema, visibilitySchema, type PollKind, type PollState, type Visibility } from "../voting/poll";
import type { Tally } from "../voting/tally";
import type { PollResult } from "../voting/result";
import { ShapeFirstUnion } from "../util/shape-first-union";
import { motionBallotSchema, perCandidateBallotSchema, singleChoiceBallotSchema, type Ballot } from "../voting/ballot";

/**
 * A ballot of any poll kind, one shape per kind (shared/voting/ballot.ts), told apart by its fields and values:
 * per_candidate `{ choices: { BDT: "for", STP: "abstain" } }`; single_choice `{ choice: "BDT" | "abstain" }`
 * (a unit code is upper case); motion `{ choice: "for" | "against" | "abstain" }`. Which one a poll takes is
 * the poll's kind: the server checks that (and the candidates) before storing anything.
 */
export const castBallotSchema: z.ZodType<Ballot> = new ShapeFirstUnion([perCandidateBallotSchema, singleChoiceBallotSchema, motionBallotSchema], ballotShape);

/**
 * The option a ballot's shape points to: `choices` → per candidate; `choice` "for" / "against" → motion; any
 * other `choice` (a unit code, "abstain") → single choice, which z.union also picks first for "abstain".
 */
function ballotShape(data: unknown): z.ZodTypeAny | null {
  if (typeof data !== "object" || data === null) return null;
  if ("choices" in data) return perCandidateBallotSchema;
  const choice = (data as { choice?: unknown }).choice;
  if (choice === "for" || choice === "against") return motionBallotSchema;
  return typeof choice === "string" ? singleChoiceBallotSchema : null;
}

/**
 * Live votes over Socket.IO (docs/protocol.md, "Votes"). Organisers drive polls through
 * draft → open → closed → published (or void); delegates cast one ballot per unit.
 */

/** What a poll decides; "pledge" polls adopt the pledge, "head"/"deputy" elect next year's officers. */
export const pollSubjectSchema = z.enum(["ranking", "head", "deputy", "pledge", "other"]);
export type PollSubject = z.infer<typeof pollSubjectSchema>;

/** poll:create (chair, secretary). Threshold and base default to the meeting rules. */
export const pollCreateSchema = z
  .object({
    kind: pollKindSchema,
    visibility: visibilitySchema,
    subject: pollSubjectSchema,
    title: z.string().trim().min(1).max(300),
    /** Units on the ballot. For subject "ranking": defaults to the locked ranking, and is put in score order. */
    candidates: z.array(unitCodeSchema).max(60).optional(),
    /** Units that may not be chosen (e.g. the new head in the deputy election). */
    excluded: z.array(unitCodeSchema).max(60).default([]),
    threshold: fractionRuleSchema.optional(),
    base: voteBaseSchema.optional(),
  })
  .strict();
export type PollCreate = z.input<typeof pollCreateSchema>;

/** poll:open, poll:close, poll:publish, poll:runoff (chair, secretary). */
export const pollActionSchema = z.object({ pollId: pollIdSchema }).strict();
export type PollAction = z.infer<typeof pollActionSchema>;

/** poll:void (chair, secretary): any live state → void, with a reason for the journal. */
export const pollVoidSchema = z
  .object({ pollId: pollIdSchema, reason: z.string().trim().min(5, "give a reason of at least 5 characters").max(500) })
  .strict();
export type PollVoid = z.infer<typeof pollVoidSchema>;

/**
 * poll:cast (delegates). `opId` is drawn by the client (crypto.randomUUID()) and kept until the ack
 * arrives, across reloads: sending it again returns the first answer, never a second ballot. It must
 * be unguessable, because for secret polls it is the only key to the sealed receipt.
 * `ballot` is one of the three kinds' ballots (castBallotSchema); the server then checks it against the
 * poll's own kind and candidates (validateBallot), since only the poll says which shape it takes.
 */
export const pollCastSchema = z
  .object({
    pollId: pollIdSchema,
    opId: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, "an operation id is 16–100 letters, digits, _ or - (use crypto.randomUUID())"),
    ballot: castBallotSchema,
  })
  .strict();
export type PollCast = z.infer<typeof pollCastSchema>;

/** poll:sync (anyone): every poll of the meeting, as on connect. */
export const pollSyncSchema = z.object({}).strict();

export interface PollTurnout {
  /** Units that have cast a ballot. */
  voted: number;
  members: number;
  /** Units present now (open or draft), or at close (closed, published). */
  present: number;
}

/** Published outcome: the pure result plus the sentence read out. */
export interface PollOutcome {
  result: PollResult;
  /** "Thông qua", "Trúng cử: Ban Dân tộc tỉnh Thanh Hóa"… */
  words: { vi: string; en: string };
  /** For elections: "Ban Dân tộc — Trưởng cụm năm 2022". */
  headline: string | null;
  elected: string | null;
}

/** One poll as every view sees it (poll:state, poll:list, poll:sync, GET /polls). */
export interface PollView {
  id: string;
  kind: PollKind;
  visibility: Visibility;
  subject: PollSubject;
  title: string;
  candidates: string[];
  excluded: string[];
  threshold: FractionRule;
  base: VoteBase;
  state: PollState;
  round: number;
  runoffOf: string | null;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  publishedAt: number | null;
  voidedAt: number | null;
  voidReason: string | null;
  /** Increases with every change of this poll (state or ballot): drop a view older than the one held. */
  version: number;
  turnout: PollTurnout;
  /** Per-choice counts: open polls always, secret polls only once closed (null before). */
  counts: Tally | null;
  /** Who chose what: open (show-of-hands) polls only, else null. Not in the live poll:state stream. */
  byUnit: Record<string, unknown> | null;
  outcome: PollOutcome | null;
}

/** Organisers only (poll:pending): who has and has not voted yet. */
export interface PollPending {
  pollId: string;
  version: number;
  voted: string[];
  notVoted: string[];
}

/** A delegate's own unit's ballots: what the tablet shows after a reload. */
export interface UnitVote {
  pollId: string;
  castAt: number;
}

export interface PollSyncReply {
  polls: PollView[];
  /** Organisers: who has not voted, per open or closed poll. */
  pending: PollPending[];
  /** Delegates: the polls their unit already voted in. */
  mine: UnitVote[];
}

/** poll:cast acknowledgement; a retried opId gets exactly this again. */
export interface CastReceipt {
  pollId: string;
  /** Short code ("K7Q-4MX") the unit finds in the published table of receipts. */
  receipt: string;
  castAt: number;
}

/** poll:voted to the unit's own devices, so its other tablet shows "đã bỏ phiếu" at once. */
export type UnitVoted = CastReceipt;
