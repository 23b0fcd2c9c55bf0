import { describe, expect, it } from "vitest";
import type { FractionRule } from "../../shared/definition/schema";
import { passedUnits, pollResult, pollSchema, tallyBallots, type Choice, type PollInput } from "../../shared/voting";

const HALF: FractionRule = { comparison: "gt", numerator: 1, denominator: 2 };
const EIGHT = { members: 8, present: 8 };
const UNITS = ["BDT", "STP", "SNGV", "DUK"];

function poll(kind: PollInput["kind"], candidates: string[] = UNITS) {
  return pollSchema.parse({ id: "p1", meetingId: "m1", title: "t", kind, visibility: "secret", subject: "ranking", candidates: kind === "motion" ? [] : candidates, excluded: [], threshold: HALF, base: "members", state: "closed" });
}

/** `for` ballots per candidate out of 8 units (the rest against), as per-candidate ballots. */
function perCandidate(forCounts: Record<string, number>) {
  const p = poll("per_candidate");
  const ballots = Array.from({ length: 8 }, (_, i) => ({ choices: Object.fromEntries(UNITS.map((u) => [u, (i < (forCounts[u] ?? 0) ? "for" : "against") as Choice])) }));
  return pollResult(p, tallyBallots(p, ballots), EIGHT);
}

function singleChoice(votes: Record<string, number>) {
  const p = poll("single_choice");
  const ballots = Object.entries(votes).flatMap(([unit, n]) => Array.from({ length: n }, () => ({ choice: unit })));
  return pollResult(p, tallyBallots(p, ballots), EIGHT);
}

function motion(forVotes: number) {
  const p = poll("motion");
  const ballots = Array.from({ length: 8 }, (_, i) => ({ choice: (i < forVotes ? "for" : "against") as Choice }));
  return pollResult(p, tallyBallots(p, ballots), EIGHT);
}

describe("passedUnits", () => {
  // prettier-ignore
  it.each<[string, ReturnType<typeof pollResult>, string[]]>([
    ["per candidate: everyone over half",            perCandidate({ BDT: 8, STP: 5, SNGV: 6, DUK: 7 }), ["BDT", "STP", "SNGV", "DUK"]],
    ["per candidate: in ballot order, not by votes", perCandidate({ BDT: 5, STP: 8, SNGV: 0, DUK: 7 }), ["BDT", "STP", "DUK"]],
    ["per candidate: exactly half does not pass",    perCandidate({ BDT: 4, STP: 5 }),                  ["STP"]],
    ["per candidate: nobody passes",                 perCandidate({}),                                  []],
    ["single choice: elected",                       singleChoice({ STP: 6, BDT: 2 }),                  ["STP"]],
    ["single choice: a tie at the top is a runoff",  singleChoice({ STP: 4, BDT: 4 }),                  []],
    ["single choice: the most but not enough",       singleChoice({ STP: 4, BDT: 2, DUK: 2 }),          []],
    ["motion adopted: no unit",                      motion(8),                                         []],
    ["motion rejected: no unit",                     motion(1),                                         []],
  ])("%s", (_name, result, expected) => {
    expect(passedUnits(result)).toEqual(expected);
  });
});
