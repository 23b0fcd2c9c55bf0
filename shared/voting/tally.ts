import { checkBallotContent, type Choice } from "./ballot";
import { assertNever, type Poll } from "./poll";

export type ChoiceCounts = Record<Choice, number>;

/** What every tally counts: ballots cast, those that count (valid), and those that do not. */
interface TallyTotals {
  cast: number;
  /** Ballots that count; abstentions and blank ballots are valid ballots. */
  valid: number;
  invalid: number;
}

export type PerCandidateTally = TallyTotals & {
  kind: "per_candidate";
  /** For / against / abstain per candidate, keyed by unit code. */
  candidates: Record<string, ChoiceCounts>;
  /** Ballots that abstain on every candidate. */
  blank: number;
};
export type SingleChoiceTally = TallyTotals & {
  kind: "single_choice";
  /** Votes per candidate, keyed by unit code; every candidate is present, with 0 if need be. */
  votes: Record<string, number>;
  /** Blank ballots ("abstain"). */
  abstain: number;
};
export type MotionTally = TallyTotals & { kind: "motion" } & ChoiceCounts;
export type Tally = PerCandidateTally | SingleChoiceTally | MotionTally;

const zeroCounts = (): ChoiceCounts => ({ for: 0, against: 0, abstain: 0 });

/**
 * Counts stored ballots. Each is re-checked against the poll (not trusted because it was accepted once),
 * and one that no longer fits is counted as invalid rather than thrown away silently.
 * Self-voting is not re-checked: a secret ballot no longer says whose it is.
 */
export function tallyBallots(poll: Poll, ballots: readonly unknown[]): Tally {
  const totals: TallyTotals = { cast: ballots.length, valid: 0, invalid: 0 };
  const checked = ballots.map((b) => checkBallotContent(poll, b));
  for (const c of checked) {
    if (c.ok) totals.valid += 1;
    else totals.invalid += 1;
  }
  switch (poll.kind) {
    case "per_candidate": {
      const candidates = Object.fromEntries(poll.candidates.map((u) => [u, zeroCounts()]));
      let blank = 0;
      for (const c of checked) {
        if (!c.ok || c.kind !== "per_candidate") continue;
        const choices = Object.entries(c.ballot.choices);
        for (const [unit, choice] of choices) candidates[unit]![choice] += 1;
        if (choices.every(([, choice]) => choice === "abstain")) blank += 1;
      }
      return { kind: poll.kind, ...totals, candidates, blank };
    }
    case "single_choice": {
      const votes: Record<string, number> = Object.fromEntries(poll.candidates.map((u) => [u, 0]));
      let abstain = 0;
      for (const c of checked) {
        if (!c.ok || c.kind !== "single_choice") continue;
        if (c.ballot.choice === "abstain") abstain += 1;
        else votes[c.ballot.choice]! += 1;
      }
      return { kind: poll.kind, ...totals, votes, abstain };
    }
    case "motion": {
      const counts = zeroCounts();
      for (const c of checked) if (c.ok && c.kind === "motion") counts[c.ballot.choice] += 1;
      return { kind: poll.kind, ...totals, ...counts };
    }
    default:
      return assertNever(poll.kind);
  }
}
