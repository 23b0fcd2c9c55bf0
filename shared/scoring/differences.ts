import type { CriteriaDefinition } from "../definition/schema";
import { fromTenths, layerTotalsInTenths, toTenths } from "./totals";
import type { ScoreLayerValues } from "./types";

/**
 * b − a for each cell entered in both layers (a cell missing from either is left out, so the
 * table highlights real disagreements, not cells nobody has filled in yet). Bonus and deduction
 * cells hold counts, so their differences are counts too.
 */
export interface LayerDifferences {
  groups: Record<string, number>;
  bonus: Record<string, number>;
  deductions: Record<string, number>;
  /** b.total − a.total; undefined unless both layers are complete (a partial total means nothing). */
  total: number | undefined;
}

function entered(value: number | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

function diffCells(
  ids: readonly string[],
  a: Record<string, number | undefined>,
  b: Record<string, number | undefined>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of ids) {
    const va = a[id];
    const vb = b[id];
    if (entered(va) && entered(vb)) out[id] = fromTenths(toTenths(vb) - toTenths(va));
  }
  return out;
}

/** Differences between two layers of the same unit, e.g. self → cross or cross → agreed. */
export function layerDifferences(
  criteria: Pick<CriteriaDefinition, "groups" | "bonus" | "deductions">,
  a: ScoreLayerValues,
  b: ScoreLayerValues,
): LayerDifferences {
  const ta = layerTotalsInTenths(criteria, a);
  const tb = layerTotalsInTenths(criteria, b);
  return {
    groups: diffCells(
      criteria.groups.map((g) => g.id),
      a.groups,
      b.groups,
    ),
    bonus: diffCells(
      criteria.bonus.items.map((i) => i.id),
      a.bonus,
      b.bonus,
    ),
    deductions: diffCells(
      criteria.deductions.map((d) => d.id),
      a.deductions,
      b.deductions,
    ),
    total: ta.complete && tb.complete ? fromTenths(tb.total - ta.total) : undefined,
  };
}
