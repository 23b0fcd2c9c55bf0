import { describe, expect, it } from "vitest";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { crossCheckerOf, parseMeetingDefinition } from "../../shared/definition/schema";

type Def = Record<string, unknown> & { units: Record<string, unknown>[]; criteria: Record<string, unknown> & { groups: Record<string, unknown>[] } };
const base = (): Def => structuredClone(demo) as unknown as Def;

describe("the meeting definition", () => {
  it("accepts the demo meeting and fills in the default rules", () => {
    const d = base();
    delete d.rules;
    const r = parseMeetingDefinition(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.definition.rules).toMatchObject({
      quorum: { comparison: "gte", numerator: 2, denominator: 3 },
      threshold: { comparison: "gt", numerator: 1, denominator: 2 },
      base: "members",
      selfVoteAllowed: true,
      tieBreak: ["core_group", "fewer_deductions", "more_bonus"],
    });
  });

  // prettier-ignore
  it.each<[string, (d: Def) => void, string]>([
    ["a unit code in lower case",           (d) => { d.units[0]!.code = "sngv"; },                          "units.0.code"],
    ["a duplicate unit code",               (d) => { d.units[1]!.code = "SNGV"; },                          "units.1.code"],
    ["a unit without a name",               (d) => { d.units[2]!.name = ""; },                              "units.2.name"],
    ["two heads",                           (d) => { d.units[2]!.role = "head"; },                          "units"],
    ["no head",                             (d) => { d.units[0]!.role = "member"; },                        "units"],
    ["an unknown unit role",                (d) => { d.units[3]!.role = "boss"; },                          "units.3.role"],
    ["a cross-checker that does not exist", (d) => { d.units[4]!.crossCheckedBy = "NOPE"; },                "units.4.crossCheckedBy"],
    ["a unit cross-checking itself",        (d) => { d.units[4]!.crossCheckedBy = d.units[4]!.code; },      "units.4.crossCheckedBy"],
    ["a group with max 0",                  (d) => { d.criteria.groups[0]!.max = 0; },                      "criteria.groups.0.max"],
    ["a duplicate criterion id",            (d) => { d.criteria.groups[1]!.id = "G1"; },                    "criteria.groups.1.id"],
    ["no agenda",                           (d) => { d.agenda = []; },                                      "agenda"],
    ["a malformed agenda time",             (d) => { (d.agenda as Record<string, unknown>[])[0]!.time = "8h"; }, "agenda.0.time"],
    ["a threshold above 1",                 (d) => { (d.rules as Record<string, unknown>).threshold = { comparison: "gt", numerator: 3, denominator: 2 }; }, "rules.threshold"],
    ["an unknown vote base",                (d) => { (d.rules as Record<string, unknown>).base = "everyone"; }, "rules.base"],
    ["a tie-break listed twice",            (d) => { (d.rules as Record<string, unknown>).tieBreak = ["more_bonus", "more_bonus"]; }, "rules.tieBreak"],
    ["a core group that does not exist",    (d) => { (d.rules as Record<string, unknown>).coreGroupId = "G9"; }, "rules.coreGroupId"],
    ["a seeded score above the group max",  (d) => { ((d.scores as { self: { groups: Record<string, number> } }[])[0]!.self.groups).G1 = 41; }, "scores.0.self.groups.G1"],
    ["a seeded score with two decimals",    (d) => { ((d.scores as { self: { groups: Record<string, number> } }[])[0]!.self.groups).G1 = 38.25; }, "scores.0.self.groups.G1"],
    ["a seeded bonus count above its max",  (d) => { ((d.scores as { self: { bonus: Record<string, number> } }[])[0]!.self.bonus).B1 = 2; }, "scores.0.self.bonus.B1"],
    ["a seeded score for an unknown unit",  (d) => { (d.scores as { unit: string }[])[0]!.unit = "NOPE"; }, "scores.0.unit"],
    ["a conference date in the wrong form", (d) => { (d.conference as Record<string, unknown>).date = "14/01/2022"; }, "conference.date"],
    ["a pledge without sections",           (d) => { (d.pledge as Record<string, unknown>).sections = []; }, "pledge.sections"],
  ])("refuses %s and names the field", (_name, mutate, path) => {
    const d = base();
    mutate(d);
    const r = parseMeetingDefinition(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path)).toContain(path);
  });

  it("names every bad field at once", () => {
    const d = base();
    d.units[0]!.code = "x";
    d.criteria.groups[0]!.max = -1;
    d.agenda = [];
    const r = parseMeetingDefinition(d);
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(expect.arrayContaining(["units.0.code", "criteria.groups.0.max", "agenda"]));
  });

  // prettier-ignore
  it.each([
    ["BDT", "SNGV"],    // configured in the demo
    ["SNGV", "STP"],
    ["VPDDBQH", "DUK"],
  ])("%s is cross-checked by %s", (unit, checker) => {
    const r = parseMeetingDefinition(base());
    if (!r.ok) throw new Error("demo invalid");
    expect(crossCheckerOf(r.definition, unit)).toBe(checker);
  });

  it("defaults the cross-checker to the next unit in rotation", () => {
    const d = base();
    for (const u of d.units) delete u.crossCheckedBy;
    const r = parseMeetingDefinition(d);
    if (!r.ok) throw new Error("invalid");
    expect(crossCheckerOf(r.definition, "SNGV")).toBe("BDT");
    expect(crossCheckerOf(r.definition, "STP")).toBe("SNGV");
  });
});
