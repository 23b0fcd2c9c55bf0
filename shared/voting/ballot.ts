import { z } from "zod";
import { unitCodeSchema } from "../definition/schema";
import { assertNever, type Poll, type PollKind } from "./poll";

export const choiceSchema = z.enum(["for", "against", "abstain"]);
export type Choice = z.infer<typeof choiceSchema>;

/** One choice per candidate, keyed by unit code: { choices: { BDT: "for", STP: "abstain" } }. */
export const perCandidateBallotSchema = z
  .object({ choices: z.record(unitCodeSchema, choiceSchema) })
  .strict();
/** A unit code, or "abstain" for a blank ballot (lower case, so it can never be a unit code). */
export const singleChoiceBallotSchema = z
  .object({ choice: z.union([unitCodeSchema, z.literal("abstain")]) })
  .strict();
export const motionBallotSchema = z.object({ choice: choiceSchema }).strict();

export type PerCandidateBallot = z.infer<typeof perCandidateBallotSchema>;
export type SingleChoiceBallot = z.infer<typeof singleChoiceBallotSchema>;
export type MotionBallot = z.infer<typeof motionBallotSchema>;
export type Ballot = PerCandidateBallot | SingleChoiceBallot | MotionBallot;

export const ballotSchemas = {
  per_candidate: perCandidateBallotSchema,
  single_choice: singleChoiceBallotSchema,
  motion: motionBallotSchema,
} as const satisfies Record<PollKind, z.ZodTypeAny>;

/** Why a ballot is refused; the client branches on these, people read the reason. */
export const BALLOT_REFUSAL = {
  /** Not the ballot shape for this kind of poll. */
  WRONG_SHAPE: "wrong_shape",
  /** Names a unit that is not on this ballot at all. */
  UNKNOWN_CANDIDATE: "unknown_candidate",
  /** A per-candidate ballot leaves a candidate without a choice. */
  MISSING_CANDIDATE: "missing_candidate",
  /** Names a unit that does not stand in this poll (barred, or dropped before a runoff). */
  EXCLUDED_CANDIDATE: "excluded_candidate",
  /** The voter's own unit chosen while the meeting forbids voting for oneself. */
  SELF_VOTE: "self_vote",
} as const;
export type BallotRefusalCode = (typeof BALLOT_REFUSAL)[keyof typeof BALLOT_REFUSAL];

/** A ballot that passed its checks, tagged with its kind so tallies can narrow on it. */
export type ValidBallot =
  | { kind: "per_candidate"; ballot: PerCandidateBallot }
  | { kind: "single_choice"; ballot: SingleChoiceBallot }
  | { kind: "motion"; ballot: MotionBallot };
export type BallotRefusal = { ok: false; code: BallotRefusalCode; reason: string };
export type BallotCheck = ({ ok: true } & ValidBallot) | BallotRefusal;

const refuse = (code: BallotRefusalCode, reason: string): BallotRefusal => ({ ok: false, code, reason });

function wrongShape(kind: PollKind, error: z.ZodError): BallotRefusal {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
  return refuse(BALLOT_REFUSAL.WRONG_SHAPE, `not a ${kind} ballot${where}: ${first?.message ?? "invalid"}`);
}

function candidateProblem(poll: Poll, unit: string): BallotRefusal | undefined {
  if (poll.excluded.includes(unit))
    return refuse(BALLOT_REFUSAL.EXCLUDED_CANDIDATE, `${unit} does not stand in this poll`);
  if (!poll.candidates.includes(unit))
    return refuse(BALLOT_REFUSAL.UNKNOWN_CANDIDATE, `${unit} is not on this ballot`);
  return undefined;
}

/**
 * Shape and candidates only, without knowing who voted: the tally re-checks stored ballots this
 * way, since a secret ballot keeps no link to its unit.
 */
export function checkBallotContent(poll: Poll, raw: unknown): BallotCheck {
  switch (poll.kind) {
    case "per_candidate": {
      const parsed = perCandidateBallotSchema.safeParse(raw);
      if (!parsed.success) return wrongShape(poll.kind, parsed.error);
      for (const unit of Object.keys(parsed.data.choices)) {
        const problem = candidateProblem(poll, unit);
        if (problem) return problem;
      }
      const missing = poll.candidates.filter((c) => !Object.hasOwn(parsed.data.choices, c));
      if (missing.length > 0)
        return refuse(
          BALLOT_REFUSAL.MISSING_CANDIDATE,
          `no choice for ${missing.join(", ")}: every candidate needs one`,
        );
      return { ok: true, kind: poll.kind, ballot: parsed.data };
    }
    case "single_choice": {
      const parsed = singleChoiceBallotSchema.safeParse(raw);
      if (!parsed.success) return wrongShape(poll.kind, parsed.error);
      const problem =
        parsed.data.choice === "abstain" ? undefined : candidateProblem(poll, parsed.data.choice);
      return problem ?? { ok: true, kind: poll.kind, ballot: parsed.data };
    }
    case "motion": {
      const parsed = motionBallotSchema.safeParse(raw);
      if (!parsed.success) return wrongShape(poll.kind, parsed.error);
      return { ok: true, kind: poll.kind, ballot: parsed.data };
    }
    default:
      return assertNever(poll.kind);
  }
}

/**
 * Everything the rules say about one unit's ballot. Who may vote and whether the poll is open are the
 * server's checks (they need the room and the database); this is the part both sides can run.
 * Without self-voting, a unit still returns a complete per-candidate ballot: its own line must be "abstain".
 */
export function validateBallot(
  poll: Poll,
  ballot: unknown,
  voterUnit: string,
  selfVoteAllowed: boolean,
): BallotCheck {
  const checked = checkBallotContent(poll, ballot);
  if (!checked.ok || selfVoteAllowed) return checked;
  if (checked.kind === "per_candidate") {
    const own = checked.ballot.choices[voterUnit];
    if (own !== undefined && own !== "abstain")
      return refuse(BALLOT_REFUSAL.SELF_VOTE, `${voterUnit} may only abstain on itself in this meeting`);
  }
  if (checked.kind === "single_choice" && checked.ballot.choice === voterUnit)
    return refuse(BALLOT_REFUSAL.SELF_VOTE, `${voterUnit} may not vote for itself in this meeting`);
  return checked;
}
