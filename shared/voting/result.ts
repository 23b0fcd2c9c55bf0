import type { FractionRule, VoteBase } from "../definition/schema";
import { assertNever, type Poll } from "./poll";
import { meetsShare, requiredCount } from "./share";
import type { Tally } from "./tally";

/** Unit counts at close: all member units, and those checked in when the poll closed. */
export interface Attendance {
  members: number;
  present: number;
}

/**
 * The number a threshold is measured against.
 * - members: every member unit, so an absent unit counts like a vote against;
 * - present: units checked in when the poll closed, so a present unit that does not vote counts against;
 * - valid:   valid ballots. Abstentions and blank ballots are valid ballots but never "for", so under
 *            this base an abstention still weighs against; only units that cast no ballot drop out.
 */
export function baseCount(base: VoteBase, attendance: Attendance, validBallots: number): number {
  switch (base) {
    case "members":
      return attendance.members;
    case "present":
      return attendance.present;
    case "valid":
      return validBallots;
    default:
      return assertNever(base);
  }
}

interface ResultCommon {
  pollId: string;
  threshold: FractionRule;
  base: VoteBase;
  /** What the threshold was measured against (see baseCount). */
  baseCount: number;
  /** "For" votes needed to pass or be elected. */
  required: number;
}

export interface CandidateResult {
  unit: string;
  for: number;
  against: number;
  abstain: number;
  passed: boolean;
}
export type PerCandidateResult = ResultCommon & { kind: "per_candidate"; candidates: CandidateResult[] };

export interface RankedCandidate {
  unit: string;
  votes: number;
}
export type SingleChoiceResult = ResultCommon & { kind: "single_choice"; ranking: RankedCandidate[] } & (
    { outcome: "elected"; elected: string } | { outcome: "runoff_needed"; runoffCandidates: string[] }
  );

export type MotionResult = ResultCommon & {
  kind: "motion";
  outcome: "adopted" | "rejected";
  for: number;
  against: number;
  abstain: number;
};
export type PollResult = PerCandidateResult | SingleChoiceResult | MotionResult;

/**
 * Who takes the runoff when nobody is elected outright:
 * - several units share the most votes → all of them (none can be preferred to another);
 * - otherwise the leader and every unit tied in second place, because dropping one of two equal
 *   runners-up would be an arbitrary choice the meeting never made.
 * When every candidate is tied (for instance nobody got a vote) the runoff is the whole list again.
 */
function runoffCandidatesOf(ranking: readonly RankedCandidate[]): string[] {
  const top = ranking[0]?.votes ?? 0;
  const atTop = ranking.filter((r) => r.votes === top);
  if (atTop.length >= 2) return atTop.map((r) => r.unit);
  const second = ranking[1]?.votes;
  return ranking.filter((r) => r.votes === top || r.votes === second).map((r) => r.unit);
}

/** The outcome of a closed poll. Quorum is the meeting's check before a poll opens, not part of the result. */
export function pollResult(poll: Poll, tally: Tally, attendance: Attendance): PollResult {
  if (tally.kind !== poll.kind)
    throw new Error(`a ${tally.kind} tally cannot decide ${poll.kind} poll ${poll.id}`);
  const total = baseCount(poll.base, attendance, tally.valid);
  const common: ResultCommon = {
    pollId: poll.id,
    threshold: poll.threshold,
    base: poll.base,
    baseCount: total,
    required: requiredCount(total, poll.threshold),
  };
  const passes = (votes: number) => meetsShare(votes, total, poll.threshold);

  switch (tally.kind) {
    case "per_candidate": {
      const candidates = poll.candidates.map((unit) => {
        const counts = tally.candidates[unit] ?? { for: 0, against: 0, abstain: 0 };
        return { unit, ...counts, passed: passes(counts.for) };
      });
      return { ...common, kind: "per_candidate", candidates };
    }
    case "single_choice": {
      // Array.prototype.sort is stable, so equal votes keep the ballot's order (score order).
      const ranking = poll.candidates
        .map((unit) => ({ unit, votes: tally.votes[unit] ?? 0 }))
        .sort((a, b) => b.votes - a.votes);
      const [first, second] = ranking;
      // Elected: the most votes alone, and enough of them. A tie at the top is never settled by order.
      if (first && first.votes !== second?.votes && passes(first.votes))
        return { ...common, kind: "single_choice", ranking, outcome: "elected", elected: first.unit };
      return {
        ...common,
        kind: "single_choice",
        ranking,
        outcome: "runoff_needed",
        runoffCandidates: runoffCandidatesOf(ranking),
      };
    }
    case "motion": {
      const outcome = passes(tally.for) ? "adopted" : "rejected";
      return {
        ...common,
        kind: "motion",
        outcome,
        for: tally.for,
        against: tally.against,
        abstain: tally.abstain,
      };
    }
    default:
      return assertNever(tally);
  }
}

/**
 * The next round of an undecided election: a new draft poll between the runoff candidates, with the
 * same threshold and base. Units that dropped out become excluded, so a ballot naming one is refused
 * with a clear reason. The original poll is left as it was (published), as the minutes record it.
 */
export function runoffPoll(poll: Poll, result: PollResult): Poll {
  if (result.kind !== "single_choice" || result.outcome !== "runoff_needed" || result.pollId !== poll.id)
    throw new Error(`poll ${poll.id} has no runoff to hold`);
  const staying = new Set(result.runoffCandidates);
  const round = poll.round + 1;
  const rootId = poll.id.replace(/-r\d+$/, "");
  return {
    ...poll,
    id: `${rootId}-r${round}`,
    state: "draft",
    round,
    runoffOf: poll.id,
    candidates: poll.candidates.filter((u) => staying.has(u)),
    excluded: [...poll.excluded, ...poll.candidates.filter((u) => !staying.has(u))],
  };
}

/**
 * The units a published result carries through, in ballot order: those that passed a per-candidate
 * poll (the units acclaimed), the one elected by a single-choice poll; none for a runoff or a motion.
 * Read from the result itself — never from the outcome's words, which are for people.
 */
export function passedUnits(result: PollResult): string[] {
  switch (result.kind) {
    case "per_candidate":
      return result.candidates.filter((c) => c.passed).map((c) => c.unit);
    case "single_choice":
      return result.outcome === "elected" ? [result.elected] : [];
    case "motion":
      return [];
    default:
      return assertNever(result);
  }
}
