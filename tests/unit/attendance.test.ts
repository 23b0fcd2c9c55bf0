import { describe, expect, it } from "vitest";
import { mayCast, presentForPoll, summariseAttendance } from "../../shared/voting";

const UNITS = ["A", "B", "C", "D"];

describe("who may cast", () => {
  it.each([
    ["A", ["A", "B"], true],
    ["C", ["A", "B"], false],
    ["A", [], false],
    ["D", UNITS, true],
  ])("%s with %j present: %s", (unit, present, expected) => {
    expect(mayCast(unit, present)).toBe(expected);
  });
});

describe("the present base of a poll at its close", () => {
  it.each([
    // present at close, voters (each accepted while present) → base
    [["A", "B", "C"], ["A", "B"], ["A", "B", "C"]],
    [["A", "B", "C"], [], ["A", "B", "C"]],
    // voted while present, then marked absent before the close: its ballot and its place in the base stay
    [["A", "B"], ["A", "C"], ["A", "B", "C"]],
    [[], [], []],
    // the definition's order, whatever the order of roll call or turnout
    [["D", "A"], ["C"], ["A", "C", "D"]],
  ])("present %j, voted %j → %j", (present, voters, expected) => {
    expect(presentForPoll(UNITS, present, voters)).toEqual(expected);
  });
});

describe("the minutes' attendance over the meeting's decisions", () => {
  it.each([
    ["everyone at everything", [UNITS, UNITS], { throughout: UNITS, absent: [], partial: [] }],
    ["D came late, after the first decision", [["A", "B", "C"], UNITS], { throughout: ["A", "B", "C"], absent: [], partial: [{ unit: "D", absentAt: [0] }] }],
    ["D came only to sign, after every decision", [["A", "B", "C"], ["A", "B", "C"]], { throughout: ["A", "B", "C"], absent: ["D"], partial: [] }],
    ["B left after the first decision, C missed the middle one", [UNITS, ["A", "D"], ["A", "C", "D"]], { throughout: ["A", "D"], absent: [], partial: [{ unit: "B", absentAt: [1, 2] }, { unit: "C", absentAt: [1] }] }],
    ["one decision, the live roll call before anything is decided", [["B"]], { throughout: ["B"], absent: ["A", "C", "D"], partial: [] }],
  ])("%s", (_what, decisions, expected) => {
    expect(summariseAttendance(UNITS, decisions.map((present) => ({ present })))).toEqual(expected);
  });

  it("with no decision at all, counts every unit present (the caller passes the roll call instead)", () => {
    expect(summariseAttendance(UNITS, [])).toEqual({ throughout: UNITS, absent: [], partial: [] });
  });
});
