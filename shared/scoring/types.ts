import type { TieBreak } from "../definition/schema";

/** The three columns of the scoring table: tự chấm, cụm chấm (cross-check), thống nhất (agreed). */
export type ScoreLayerName = "self" | "cross" | "agreed";

export const SCORE_LAYERS: readonly ScoreLayerName[] = ["self", "cross", "agreed"];

/**
 * One layer of one unit's scores: points per group, counts per bonus and deduction item.
 * A missing key (or undefined) means "not entered yet", which is different from 0.
 */
export interface ScoreLayerValues {
  groups: Record<string, number | undefined>;
  bonus: Record<string, number | undefined>;
  deductions: Record<string, number | undefined>;
}

/** What a layer adds up to. Every number has at most one decimal place. */
export interface LayerTotals {
  /** Entered groups only, each clamped to 0..group max. */
  groups: Record<string, number>;
  baseTotal: number;
  /** After the bonus cap. */
  bonusTotal: number;
  /** A positive number, subtracted from the total. */
  deductionTotal: number;
  total: number;
  /** Every criteria group has a value (bonus and deduction counts default to 0). */
  complete: boolean;
  /** Some deduction that bars leading was counted at least once. */
  barredFromLeading: boolean;
}

/**
 * Why a unit sits where it does among units with the same total: "total" when no other unit has
 * its total, a tie-break rule when that rule was the last one needed, "bars_leading" when it leads
 * only because the units above it are barred from leading.
 */
export type RankDecider = TieBreak | "total" | "bars_leading";

export interface RankedUnit {
  unit: string;
  total: number;
  /** Standard competition ranking: 1, 2, 2, 4. */
  rank: number;
  /** Units still tied with this one after every tie-break: they need a ballot. */
  tiedWith: string[];
  barredFromLeading: boolean;
  /** False when the agreed layer is missing a group; such units are ranked after complete ones. */
  complete: boolean;
  /** Absent while the unit is still tied. */
  decidedBy?: RankDecider;
  totals: LayerTotals;
}
