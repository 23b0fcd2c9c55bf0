import type { MeetingDefinition } from "../definition/schema";
import { layerTotals } from "./totals";
import { rankUnits } from "./ranking";
import { SCORE_LAYERS, type LayerTotals, type RankedUnit, type ScoreLayerName, type ScoreLayerValues } from "./types";

/** The `units` map of the scores document as plain JSON: units.<CODE>.<layer>.<id> = number. */
export type ScoresDocJson = Record<string, Partial<Record<ScoreLayerName | "notes", Record<string, unknown>>> | undefined>;

export interface ScoreTableRow {
  unit: string;
  layers: Record<ScoreLayerName, { values: ScoreLayerValues; totals: LayerTotals }>;
  notes: Record<string, string>;
}

export interface ScoreTable {
  rows: ScoreTableRow[];
  /** On the agreed layer, with the meeting's tie-break order. */
  ranking: RankedUnit[];
}

/** Splits a flat layer map (criterion id → value) into groups, bonus and deductions by the criteria. */
export function layerValuesFromJson(def: Pick<MeetingDefinition, "criteria">, cells: Record<string, unknown> | undefined): ScoreLayerValues {
  const values: ScoreLayerValues = { groups: {}, bonus: {}, deductions: {} };
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  for (const g of def.criteria.groups) values.groups[g.id] = num(cells?.[g.id]);
  for (const b of def.criteria.bonus.items) values.bonus[b.id] = num(cells?.[b.id]);
  for (const d of def.criteria.deductions) values.deductions[d.id] = num(cells?.[d.id]);
  return values;
}

/** Totals per unit and layer, and the live ranking on the agreed layer: what every view shows. */
export function scoreTableFromJson(def: Pick<MeetingDefinition, "units" | "criteria" | "rules">, units: ScoresDocJson): ScoreTable {
  const rows = def.units.map((u): ScoreTableRow => {
    const row = units[u.code];
    const layers = {} as ScoreTableRow["layers"];
    for (const layer of SCORE_LAYERS) {
      const values = layerValuesFromJson(def, row?.[layer]);
      layers[layer] = { values, totals: layerTotals(def.criteria, values) };
    }
    const notes: Record<string, string> = {};
    for (const [k, v] of Object.entries(row?.notes ?? {})) if (typeof v === "string") notes[k] = v;
    return { unit: u.code, layers, notes };
  });
  const agreed = Object.fromEntries(rows.map((r) => [r.unit, r.layers.agreed.values]));
  return { rows, ranking: rankUnits(def, agreed) };
}
