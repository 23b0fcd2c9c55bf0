import type { MeetingDefinition } from "../../../shared/definition/schema";
import { rankUnits, type RankedUnit, type ScoreLayerName, type ScoreTable, type ScoreTableRow } from "../../../shared/scoring";

export interface LiveRankedUnit extends RankedUnit {
  /** The layer this unit's total comes from; null when nothing is entered yet. */
  layer: ScoreLayerName | null;
}

const NEWEST_FIRST: readonly ScoreLayerName[] = ["agreed", "cross", "self"];

const hasAny = (row: ScoreTableRow, layer: ScoreLayerName) => {
  const v = row.layers[layer].values;
  return [v.groups, v.bonus, v.deductions].some((cells) => Object.values(cells).some((x) => x !== undefined));
};

/**
 * Which layer stands for a unit before the lock: the newest complete one (agreed, else cross,
 * else self), else the newest with anything entered. The room watches the table fill in live, so
 * the big screen and the tablets show each unit's latest total, say which layer it is, and rank by
 * it with the same shared rules (rankUnits). At the lock only the agreed layer counts.
 */
export function latestLayer(row: ScoreTableRow): ScoreLayerName | null {
  return (
    NEWEST_FIRST.find((l) => row.layers[l].totals.complete) ?? NEWEST_FIRST.find((l) => hasAny(row, l)) ?? null
  );
}

export function liveRanking(
  def: Pick<MeetingDefinition, "units" | "criteria" | "rules">,
  table: ScoreTable,
  locked: boolean,
): LiveRankedUnit[] {
  if (locked) return table.ranking.map((r) => ({ ...r, layer: "agreed" }));
  const layers = new Map(table.rows.map((row) => [row.unit, latestLayer(row)]));
  const values = Object.fromEntries(
    table.rows.map((row) => {
      const l = layers.get(row.unit);
      return [row.unit, l ? row.layers[l].values : undefined];
    }),
  );
  return rankUnits(def, values).map((r) => ({ ...r, layer: layers.get(r.unit) ?? null }));
}
