import { describe, expect, it } from "vitest";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { criteriaSchema, parseMeetingDefinition, type TieBreak } from "../../shared/definition/schema";
import {
  formatScore,
  layerDifferences,
  layerTotals,
  parseScoreInput,
  rankUnits,
  validateScoreLayer,
  validateScoreValue,
  type RankedUnit,
  type ScoreLayerValues,
} from "../../shared/scoring";

// The case tables are kept one case per line (prettier-ignore), so each reads as a row (STYLE.md, point 6).

// A small table: two groups (core 50, other 50), bonus 1 point up to 5 times capped at 3, and two
// deductions: D (1 point, up to 5 times) and X (2 points, once, bars the unit from leading).
const criteria = criteriaSchema.parse({
  groups: [
    { id: "core", name: "Core tasks", max: 50 },
    { id: "other", name: "Other work", max: 50 },
  ],
  bonus: {
    cap: 3,
    items: [
      { id: "B", name: "Award", points: 1, maxCount: 5 },
      { id: "H", name: "Half", points: 0.5, maxCount: 4 },
    ],
  },
  deductions: [
    { id: "D", name: "Late report", points: 1, maxCount: 5 },
    { id: "X", name: "Disciplined", points: 2, maxCount: 1, barsLeading: true },
  ],
});

type Counts = { B?: number; H?: number; D?: number; X?: number };

/** One layer: core and other group points (undefined = not entered), then bonus/deduction counts. */
function layer(core: number | undefined, other: number | undefined, counts: Counts = {}): ScoreLayerValues {
  const groups: Record<string, number | undefined> = {};
  if (core !== undefined) groups.core = core;
  if (other !== undefined) groups.other = other;
  return { groups, bonus: { B: counts.B, H: counts.H }, deductions: { D: counts.D, X: counts.X } };
}

describe("layerTotals", () => {
  // prettier-ignore
  it.each([
    ["adds the groups into the base total", layer(40, 45.5), { baseTotal: 85.5, total: 85.5, complete: true }],
    ["clamps a group above its maximum", layer(55, 50), { groups: { core: 50, other: 50 }, baseTotal: 100 }],
    ["clamps a negative group to zero", layer(-3, 10), { groups: { core: 0, other: 10 }, baseTotal: 10 }],
    ["adds points times count for bonus items", layer(40, 40, { B: 1, H: 2 }), { bonusTotal: 2, total: 82 }],
    ["clamps a bonus count to the item's maximum", layer(40, 40, { H: 9 }), { bonusTotal: 2, total: 82 }],
    ["caps the bonus total", layer(40, 40, { B: 3, H: 2 }), { bonusTotal: 3, total: 83 }],
    ["ignores a negative bonus count", layer(40, 40, { B: -2 }), { bonusTotal: 0, total: 80 }],
    ["subtracts deductions as a positive number", layer(40, 40, { D: 2 }), { deductionTotal: 2, total: 78 }],
    ["clamps a deduction count to the item's maximum", layer(40, 40, { D: 9 }), { deductionTotal: 5, total: 75 }],
    ["truncates a fractional count", layer(40, 40, { D: 1.7 }), { deductionTotal: 1, total: 79 }],
    ["combines base, bonus and deductions", layer(39.5, 48, { B: 2, H: 1, D: 1, X: 1 }), { baseTotal: 87.5, bonusTotal: 2.5, deductionTotal: 3, total: 87 }],
    ["adds tenths without floating error", layer(0.1, 0.2), { baseTotal: 0.3, total: 0.3 }],
    ["may go above 100 with a bonus", layer(50, 50, { B: 3 }), { total: 103 }],
    ["is incomplete while a group is missing", layer(40, undefined), { complete: false, baseTotal: 40 }],
    ["treats NaN as not entered", layer(Number.NaN, 40), { complete: false, groups: { other: 40 } }],
    ["bars leading when a barring deduction is counted", layer(40, 40, { X: 1 }), { barredFromLeading: true }],
    ["does not bar leading for a zero count", layer(40, 40, { X: 0, D: 3 }), { barredFromLeading: false }],
  ])("%s", (_name, values, expected) => {
    expect(layerTotals(criteria, values)).toMatchObject(expected);
  });
});

/** "A:1:total B:2:core_group C:2:tie": unit, rank, what decided it; "?" marks an incomplete unit. */
function summary(ranked: RankedUnit[]): string {
  return ranked.map((r) => `${r.unit}:${r.rank}:${r.decidedBy ?? "tie"}${r.complete ? "" : "?"}`).join(" ");
}

function rank(
  layers: Record<string, ScoreLayerValues | undefined>,
  tieBreak?: TieBreak[],
  coreGroupId?: string,
) {
  const units = Object.keys(layers).map((code) => ({ code }));
  return rankUnits({ units, criteria, rules: { tieBreak, coreGroupId } }, layers);
}

describe("rankUnits", () => {
  it("ranks the sample cluster by its agreed scores", () => {
    const parsed = parseMeetingDefinition(demo);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const def = parsed.definition;
    const agreed = Object.fromEntries(def.scores.map((s) => [s.unit, s.cross]));
    const ranked = rankUnits(def, agreed);
    expect(ranked.map((r) => `${r.rank}. ${r.unit} ${formatScore(r.total, "vi")}`)).toEqual([
      "1. BDT 99,5",
      "2. STP 98,0",
      "3. SNV 96,5",
      "4. SNGV 95,5",
      "5. VPUBND 95,0",
      "6. TTR 93,5",
      "7. DUK 93,0",
      "8. VPDDBQH 92,0",
    ]);
    expect(ranked.every((r) => r.complete && r.tiedWith.length === 0 && r.decidedBy === "total")).toBe(true);
  });

  // prettier-ignore
  it.each<[string, Record<string, ScoreLayerValues | undefined>, TieBreak[] | undefined, string]>([
    ["orders by total, highest first", { A: layer(40, 40), B: layer(45, 45), C: layer(30, 30) }, undefined, "B:1:total A:2:total C:3:total"],
    ["breaks a tie by the higher core group", { A: layer(40, 50), B: layer(45, 45) }, undefined, "B:1:core_group A:2:core_group"],
    ["breaks a tie by fewer deductions", { A: layer(40, 50, { B: 1, D: 1 }), B: layer(40, 50) }, undefined, "B:1:fewer_deductions A:2:fewer_deductions"],
    ["breaks a tie by more bonus", { A: layer(40, 48, { B: 2 }), B: layer(40, 49, { B: 1 }) }, undefined, "A:1:more_bonus B:2:more_bonus"],
    ["applies the tie-breaks in the configured order", { A: layer(40, 48, { B: 2 }), B: layer(45, 44, { B: 1 }) }, ["more_bonus", "core_group"], "A:1:more_bonus B:2:more_bonus"],
    ["leaves units tied when no tie-break is configured", { A: layer(40, 50), B: layer(45, 45) }, [], "A:1:tie B:1:tie"],
    ["shares a rank and skips the next one (1, 2, 2, 4)", { A: layer(50, 50), B: layer(40, 40), C: layer(40, 40), D: layer(10, 10) }, undefined, "A:1:total B:2:tie C:2:tie D:4:total"],
    ["keeps a three-way tie that no rule breaks", { A: layer(40, 40, { B: 1 }), B: layer(40, 40, { B: 1 }), C: layer(40, 40, { B: 1 }), D: layer(30, 30) }, undefined, "A:1:tie B:1:tie C:1:tie D:4:total"],
    ["names the last rule needed among three equal totals", { A: layer(45, 35), B: layer(40, 41, { D: 1 }), C: layer(40, 40) }, undefined, "A:1:core_group C:2:fewer_deductions B:3:fewer_deductions"],
    ["puts the first non-barred unit ahead of a barred top unit", { A: layer(50, 49, { X: 1 }), B: layer(45, 45), C: layer(40, 40) }, undefined, "B:1:bars_leading A:2:total C:3:total"],
    ["lets barred units follow the leader in score order", { A: layer(50, 50, { X: 1 }), B: layer(48, 50, { X: 1 }), C: layer(40, 40) }, undefined, "C:1:bars_leading A:2:total B:3:total"],
    ["separates a barred unit tied with the leader", { A: layer(40, 42, { X: 1 }), B: layer(40, 40) }, ["more_bonus"], "B:1:bars_leading A:2:bars_leading"],
    ["lets non-barred units tied for the lead share rank 1", { A: layer(50, 50, { X: 1 }), B: layer(40, 40), C: layer(40, 40) }, undefined, "B:1:tie C:1:tie A:3:total"],
    ["leaves a barred unit below the top where it is", { A: layer(50, 50), B: layer(45, 45, { X: 1 }), C: layer(40, 40) }, undefined, "A:1:total B:2:total C:3:total"],
    ["changes nothing when every unit is barred", { A: layer(40, 40, { X: 1 }), B: layer(45, 45, { X: 1 }) }, undefined, "B:1:total A:2:total"],
    ["ranks an incomplete layer after every complete one", { A: layer(50, undefined), B: layer(20, 20), C: layer(30, 30) }, undefined, "C:1:total B:2:total A:3:total?"],
    ["treats a unit with no agreed layer as incomplete", { A: undefined, B: layer(20, 20) }, undefined, "B:1:total A:2:total?"],
    ["ranks incomplete units among themselves by total", { A: layer(10, undefined), B: layer(30, undefined), C: layer(5, 5) }, undefined, "C:1:total B:2:total? A:3:total?"],
    ["never promotes an incomplete unit over a barred complete one", { A: layer(40, 40, { X: 1 }), B: layer(50, undefined) }, undefined, "A:1:total B:2:total?"],
  ])("%s", (_name, layers, tieBreak, expected) => {
    expect(summary(rank(layers, tieBreak))).toBe(expected);
  });

  // prettier-ignore
  it.each([
    ["uses the configured core group", "other", "A:1:core_group B:2:core_group"],
    ["uses the first group when no core group is configured", undefined, "B:1:core_group A:2:core_group"],
  ])("%s", (_name, coreGroupId, expected) => {
    expect(summary(rank({ A: layer(40, 50), B: layer(45, 45) }, ["core_group"], coreGroupId))).toBe(expected);
  });

  it("lists the units each tied unit still needs a ballot with", () => {
    const ranked = rank({ A: layer(40, 40), B: layer(40, 40), C: layer(40, 40), D: layer(50, 50) });
    expect(ranked.map((r) => [r.unit, r.tiedWith])).toEqual([
      ["D", []],
      ["A", ["B", "C"]],
      ["B", ["A", "C"]],
      ["C", ["A", "B"]],
    ]);
  });

  it("flags barred and incomplete units in the result", () => {
    const ranked = rank({ A: layer(50, 50, { X: 1 }), B: layer(10, undefined), C: layer(20, 20) });
    expect(ranked.map((r) => [r.unit, r.barredFromLeading, r.complete])).toEqual([
      ["C", false, true],
      ["A", true, true],
      ["B", false, false],
    ]);
  });
});

describe("layerDifferences", () => {
  // prettier-ignore
  it.each([
    ["gives b − a for every cell entered in both", layer(40, 45.5, { B: 1, D: 0 }), layer(39.5, 46.5, { B: 2, D: 1 }), { groups: { core: -0.5, other: 1 }, bonus: { B: 1 }, deductions: { D: 1 }, total: 0.5 }],
    ["leaves out cells entered in only one layer", layer(40, undefined, { B: 1 }), layer(41, 40), { groups: { core: 1 }, bonus: {}, deductions: {} }],
    ["has no total difference while a layer is incomplete", layer(40, undefined), layer(40, 40), { total: undefined }],
    ["gives zero differences for equal layers", layer(40, 40, { H: 1 }), layer(40, 40, { H: 1 }), { groups: { core: 0, other: 0 }, bonus: { H: 0 }, total: 0 }],
    ["subtracts tenths without floating error", layer(0.3, 0.1), layer(0.1, 0.3), { groups: { core: -0.2, other: 0.2 }, total: 0 }],
    ["uses capped totals for the total difference", layer(40, 40, { B: 3 }), layer(40, 40, { B: 5 }), { bonus: { B: 2 }, total: 0 }],
  ])("%s", (_name, a, b, expected) => {
    expect(layerDifferences(criteria, a, b)).toMatchObject(expected);
  });
});

describe("formatScore", () => {
  // prettier-ignore
  it.each([
    [99.5, "vi", "99,5"],
    [99.5, "en", "99.5"],
    [95, "vi", "95,0"],
    [95, "en", "95.0"],
    [0, "vi", "0,0"],
    [-1.5, "vi", "-1,5"],
    [-0.5, "en", "-0.5"],
    [-0.04, "vi", "0,0"],
    [0.1 + 0.2, "en", "0.3"],
    [103, "vi", "103,0"],
    [Number.NaN, "vi", "—"],
  ] as const)("formats %s in %s as %s", (value, locale, expected) => {
    expect(formatScore(value, locale)).toBe(expected);
  });
});

describe("parseScoreInput", () => {
  // prettier-ignore
  it.each([
    ["99,5", { ok: true, value: 99.5 }],
    ["99.5", { ok: true, value: 99.5 }],
    [" 40 ", { ok: true, value: 40 }],
    ["0,1", { ok: true, value: 0.1 }],
    ["95,50", { ok: false, reason: "too_many_decimals" }],
    ["", { ok: false, reason: "empty" }],
    ["   ", { ok: false, reason: "empty" }],
    ["99,55", { ok: false, reason: "too_many_decimals" }],
    ["1.000", { ok: false, reason: "too_many_decimals" }],
    ["1.005", { ok: false, reason: "too_many_decimals" }],
    ["abc", { ok: false, reason: "not_a_number" }],
    ["9,5,5", { ok: false, reason: "not_a_number" }],
    ["1e2", { ok: false, reason: "not_a_number" }],
    [",5", { ok: false, reason: "not_a_number" }],
    ["-1", { ok: false, reason: "negative" }],
    ["\u22122,5", { ok: false, reason: "negative" }],
  ])("reads %j as %j", (text, expected) => {
    expect(parseScoreInput(text)).toEqual(expected);
  });

  // prettier-ignore
  it.each([0, 0.1, 9.5, 40, 99.5, 103])("reads back what formatScore wrote for %s", (value) => {
    expect(parseScoreInput(formatScore(value, "vi"))).toEqual({ ok: true, value });
  });
});

describe("validateScoreValue", () => {
  // prettier-ignore
  it.each([
    ["group", "core", 0],
    ["group", "core", 50],
    ["group", "core", 39.5],
    ["group", "core", 0.1 + 0.2],
    ["bonus", "B", 0],
    ["bonus", "H", 4],
    ["deduction", "X", 1],
  ] as const)("accepts %s %s = %s", (kind, id, value) => {
    expect(validateScoreValue(criteria, kind, id, value)).toEqual({ ok: true });
  });

  // prettier-ignore
  it.each([
    ["group", "core", 50.5, "between 0 and 50"],
    ["group", "core", -0.5, "between 0 and 50"],
    ["group", "core", 39.55, "one decimal"],
    ["group", "core", Number.NaN, "must be a number"],
    ["group", "core", Number.POSITIVE_INFINITY, "must be a number"],
    ["group", "core", "39,5", "must be a number"],
    ["group", "core", true, "must be a number"],
    ["group", "core", null, "must be a number"],
    ["group", "core", undefined, "must be a number"],
    ["group", "nope", 10, "no criteria group has id nope"],
    ["group", "B", 1, "no criteria group has id B"],
    ["bonus", "B", 6, "between 0 and 5"],
    ["bonus", "B", -1, "between 0 and 5"],
    ["bonus", "B", 1.5, "whole number"],
    ["bonus", "B", "1", "whole number"],
    ["bonus", "B", Number.NaN, "whole number"],
    ["bonus", "core", 1, "no bonus item has id core"],
    ["deduction", "X", 2, "between 0 and 1"],
    ["deduction", "D", Number.POSITIVE_INFINITY, "whole number"],
    ["deduction", "D", false, "whole number"],
    ["deduction", "__proto__", 1, "no deduction item has id __proto__"],
  ] as const)("refuses %s %s = %s (%s)", (kind, id, value, reason) => {
    const result = validateScoreValue(criteria, kind, id, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("refuses an unknown cell kind coming off the wire", () => {
    const kind = "total" as unknown as "group";
    expect(validateScoreValue(criteria, kind, "core", 1)).toEqual({
      ok: false,
      reason: "unknown score cell kind total",
    });
  });

  // prettier-ignore
  it.each([
    ["accepts a valid layer", layer(40, 45.5, { B: 1, X: 0 }), []],
    ["accepts a layer with cells not entered yet", layer(undefined, undefined), []],
    ["lists every bad cell", layer(51, 10.25, { D: 7 }), ["group core: a score must be between 0 and 50", "group other: scores have at most one decimal place", "deduction D: a count must be between 0 and 5"]],
  ])("%s", (_name, values, expected) => {
    expect(validateScoreLayer(criteria, values)).toEqual(expected);
  });
});
