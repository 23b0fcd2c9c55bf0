import { describe, expect, it } from "vitest";
import { proposalUnit, proposalsByUnit, type UnitProposal } from "../../shared/discussion/proposals";

const p = (key: string, section = 0, index = 0): UnitProposal => ({ key, section, index, text: key });
const summary = (units: string[], proposals: UnitProposal[]) => proposalsByUnit(units, proposals).map((g) => `${g.unit}:${g.count}[${g.proposals.map((x) => x.key).join(" ")}]`).join(" ");

describe("proposalsByUnit", () => {
  it.each([
    ["no proposals: every unit listed with 0", ["A", "B"], [], "A:0[] B:0[]"],
    ["one unit's proposal", ["A", "B"], [p("B:x")], "A:0[] B:1[B:x]"],
    ["units in the definition's order, not the keys'", ["B", "A"], [p("A:x"), p("B:y")], "B:1[B:y] A:1[A:x]"],
    ["a group in draft order: section first", ["A"], [p("A:a", 2, 0), p("A:b", 0, 5)], "A:2[A:b A:a]"],
    ["then index", ["A"], [p("A:a", 1, 3), p("A:b", 1, 1)], "A:2[A:b A:a]"],
    ["then key", ["A"], [p("A:z", 1, 1), p("A:m", 1, 1)], "A:2[A:m A:z]"],
    ["a key of no unit of the meeting is left out", ["A"], [p("X:1"), p("A:1")], "A:1[A:1]"],
    ["a key without a colon is left out", ["A"], [p("A1")], "A:0[]"],
    ["a unit code that is the prefix of another is not mixed up", ["A", "AB"], [p("AB:1"), p("A:1")], "A:1[A:1] AB:1[AB:1]"],
    ["counts add up per unit", ["A", "B"], [p("A:1"), p("A:2"), p("B:1"), p("A:3")], "A:3[A:1 A:2 A:3] B:1[B:1]"],
  ])("%s", (_name, units, proposals, expected) => {
    expect(summary(units, proposals)).toBe(expected);
  });

  it.each([
    ["BDT:p1", "BDT"],
    ["BDT:", "BDT"],
    ["nocolon", ""],
    [":x", ""],
  ])("proposalUnit(%s) = %s", (key, unit) => {
    expect(proposalUnit(key)).toBe(unit);
  });
});
