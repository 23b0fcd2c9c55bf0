import type { CriteriaDefinition } from "../definition/schema";
import type { LayerTotals, ScoreLayerValues } from "./types";

/*
 * All arithmetic is done in tenths (integers): 0.1 + 0.2 is not 0.3 in floating point, and a
 * cluster that sees 99.49999 instead of 99,5 on the projector stops trusting the table.
 */

/** A score in tenths, e.g. 99.5 → 995. Values with more decimals are rounded to the nearest tenth. */
export function toTenths(value: number): number {
  return Math.round(value * 10);
}

/** Tenths back to a number with one decimal place; integer ÷ 10 gives the closest double to "x,y". */
export function fromTenths(tenths: number): number {
  // `|| 0` turns -0 into 0 so that formatting never prints "-0,0".
  return tenths / 10 || 0;
}

/** A value a layer can hold: a finite number. Anything else counts as "not entered". */
function entered(value: number | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Counts are whole occurrences within 0..maxCount; a stray 2.7 or 9 must not inflate a total. */
function clampCount(value: number | undefined, maxCount: number): number {
  if (!entered(value)) return 0;
  return Math.min(maxCount, Math.max(0, Math.trunc(value)));
}

type Criteria = Pick<CriteriaDefinition, "groups" | "bonus" | "deductions">;

/** The totals of one layer, in tenths. Ranking compares these integers directly. */
export function layerTotalsInTenths(criteria: Criteria, values: ScoreLayerValues) {
  const groups: Record<string, number> = {};
  let base = 0;
  let complete = true;
  for (const g of criteria.groups) {
    const v = values.groups[g.id];
    if (!entered(v)) {
      complete = false;
      continue;
    }
    const tenths = Math.min(toTenths(g.max), Math.max(0, toTenths(v)));
    groups[g.id] = tenths;
    base += tenths;
  }

  let bonus = 0;
  for (const b of criteria.bonus.items)
    bonus += toTenths(b.points) * clampCount(values.bonus[b.id], b.maxCount);
  bonus = Math.min(bonus, toTenths(criteria.bonus.cap));

  let deduction = 0;
  let barredFromLeading = false;
  for (const d of criteria.deductions) {
    const count = clampCount(values.deductions[d.id], d.maxCount);
    deduction += toTenths(d.points) * count;
    if (d.barsLeading && count > 0) barredFromLeading = true;
  }

  return { groups, base, bonus, deduction, total: base + bonus - deduction, complete, barredFromLeading };
}

/**
 * What one layer adds up to: total = base + bonus (capped) − deductions. Ids in `values` that the
 * criteria do not define are ignored; validateScoreValue keeps them out of the document anyway.
 */
export function layerTotals(criteria: Criteria, values: ScoreLayerValues): LayerTotals {
  const t = layerTotalsInTenths(criteria, values);
  const groups: Record<string, number> = {};
  for (const [id, tenths] of Object.entries(t.groups)) groups[id] = fromTenths(tenths);
  return {
    groups,
    baseTotal: fromTenths(t.base),
    bonusTotal: fromTenths(t.bonus),
    deductionTotal: fromTenths(t.deduction),
    total: fromTenths(t.total),
    complete: t.complete,
    barredFromLeading: t.barredFromLeading,
  };
}

/** An empty layer, for a unit with nothing entered. */
export function emptyLayer(): ScoreLayerValues {
  return { groups: {}, bonus: {}, deductions: {} };
}
