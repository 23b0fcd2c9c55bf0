import type { CriteriaDefinition } from "../definition/schema";
import type { ScoreLayerValues } from "./types";

export type ScoreCellKind = "group" | "bonus" | "deduction";

export type ScoreValidation = { ok: true } | { ok: false; reason: string };

type Criteria = Pick<CriteriaDefinition, "groups" | "bonus" | "deductions">;

/** Tenths are the scoring unit; the tolerance absorbs binary noise such as 0.1 + 0.2. */
function hasAtMostOneDecimal(value: number): boolean {
  return Math.abs(value * 10 - Math.round(value * 10)) < 1e-9;
}

function validateCount(value: unknown, maxCount: number, what: string): ScoreValidation {
  if (typeof value !== "number" || !Number.isInteger(value))
    return { ok: false, reason: `${what}: a count must be a whole number` };
  if (value < 0 || value > maxCount)
    return { ok: false, reason: `${what}: a count must be between 0 and ${maxCount}` };
  return { ok: true };
}

/**
 * Checks one cell before it enters the shared document. The server runs this on every Yjs write,
 * and a Yjs map accepts any JSON, so `value` is unknown: strings ("9,5"), booleans, NaN and
 * Infinity are refused here, never coerced. Clearing a cell is a deletion, not a value, so
 * undefined and null are refused too.
 */
export function validateScoreValue(
  criteria: Criteria,
  kind: ScoreCellKind,
  id: string,
  value: unknown,
): ScoreValidation {
  switch (kind) {
    case "group": {
      const group = criteria.groups.find((g) => g.id === id);
      if (!group) return { ok: false, reason: `no criteria group has id ${id}` };
      if (typeof value !== "number" || !Number.isFinite(value))
        return { ok: false, reason: `group ${id}: a score must be a number` };
      if (value < 0 || value > group.max)
        return { ok: false, reason: `group ${id}: a score must be between 0 and ${group.max}` };
      if (!hasAtMostOneDecimal(value))
        return { ok: false, reason: `group ${id}: scores have at most one decimal place` };
      return { ok: true };
    }
    case "bonus": {
      const item = criteria.bonus.items.find((b) => b.id === id);
      if (!item) return { ok: false, reason: `no bonus item has id ${id}` };
      return validateCount(value, item.maxCount, `bonus ${id}`);
    }
    case "deduction": {
      const item = criteria.deductions.find((d) => d.id === id);
      if (!item) return { ok: false, reason: `no deduction item has id ${id}` };
      return validateCount(value, item.maxCount, `deduction ${id}`);
    }
    default: {
      // `kind` comes off the wire too; a type-correct caller never reaches this line.
      const unknownKind: never = kind;
      return { ok: false, reason: `unknown score cell kind ${String(unknownKind)}` };
    }
  }
}

const KIND_OF_SECTION = { groups: "group", bonus: "bonus", deductions: "deduction" } as const;

/** Every problem in a whole layer (e.g. a stored snapshot being loaded); empty when the layer is valid. */
export function validateScoreLayer(criteria: Criteria, values: ScoreLayerValues): string[] {
  const problems: string[] = [];
  for (const section of ["groups", "bonus", "deductions"] as const) {
    for (const [id, value] of Object.entries(values[section])) {
      if (value === undefined) continue; // not entered yet
      const result = validateScoreValue(criteria, KIND_OF_SECTION[section], id, value);
      if (!result.ok) problems.push(result.reason);
    }
  }
  return problems;
}
