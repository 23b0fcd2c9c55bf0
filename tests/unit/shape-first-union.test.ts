import { describe, expect, it } from "vitest";
import { z } from "zod";
import { castBallotSchema, pollCastSchema } from "../../shared/protocol/polls";
import { motionBallotSchema, perCandidateBallotSchema, singleChoiceBallotSchema } from "../../shared/voting/ballot";

// The cast ballot is parsed by a union that tries the option its shape points to first
// (shared/util/shape-first-union.ts). It must answer exactly what the plain z.union answers: the same value
// for every ballot it accepts, and the same issues (the message a delegate's tablet shows) for every refusal.
describe("castBallotSchema answers as z.union does", () => {
  const plain = z.union([perCandidateBallotSchema, singleChoiceBallotSchema, motionBallotSchema]);
  const cases: [string, unknown][] = [
    ["per candidate", { choices: { BDT: "for", STP: "abstain" } }],
    ["per candidate, empty", { choices: {} }],
    ["single choice, a unit", { choice: "BDT" }],
    ["single choice or motion, abstain", { choice: "abstain" }],
    ["motion, for", { choice: "for" }],
    ["motion, against", { choice: "against" }],
    ["a lower-case unit", { choice: "bdt" }],
    ["a number for a choice", { choice: 3 }],
    ["a per-candidate choice that is not one", { choices: { BDT: "yes" } }],
    ["both fields", { choice: "for", choices: {} }],
    ["an extra field", { choice: "for", note: "x" }],
    ["nothing", {}],
    ["null", null],
    ["a string", "for"],
    ["an array", [{ choice: "for" }]],
  ];
  it.each(cases)("%s", (_name, input) => {
    const ours = castBallotSchema.safeParse(input);
    const theirs = plain.safeParse(input);
    expect(ours.success).toBe(theirs.success);
    if (ours.success && theirs.success) expect(ours.data).toEqual(theirs.data);
    // As JSON: a union's issues hold ZodError objects, each a new instance.
    else expect(JSON.parse(JSON.stringify(ours.error!.issues))).toEqual(JSON.parse(JSON.stringify(theirs.error!.issues)));
  });

  it("inside poll:cast, a refusal names the ballot field", () => {
    const r = pollCastSchema.safeParse({ pollId: "p-1", opId: "0123456789abcdef0123", ballot: { choice: 3 } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(["ballot"]);
  });
});
