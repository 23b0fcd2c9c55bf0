import { z } from "zod";
import { SCORE_LAYERS } from "./documents";

/**
 * The score table's workflow: closed → self (units self-assess) → cross (cross-check) → agreed
 * (the meeting agrees) → locked ("thống nhất chấm điểm"). The chair moves it; a locked table is
 * read-only for everyone and is what the ranking vote is about.
 */
export const scoreStageSchema = z.enum(["closed", "self", "cross", "agreed", "locked"]);
export type ScoreStage = z.infer<typeof scoreStageSchema>;

/** Which layer each stage opens for writing (the agreed layer stays writable by organisers until the lock). */
export const LAYER_OPEN_IN: Record<(typeof SCORE_LAYERS)[number], readonly ScoreStage[]> = {
  self: ["self"],
  cross: ["cross"],
  agreed: ["closed", "self", "cross", "agreed"],
};

export interface ScoreState {
  stage: ScoreStage;
  lockedAt: number | null;
  /** Unit codes in rank order, fixed at the lock. */
  ranking: string[] | null;
  /** SHA-256 of the locked snapshot (layers, totals, ranking) as journaled. */
  snapshotHash: string | null;
}

export const INITIAL_SCORE_STATE: ScoreState = { stage: "closed", lockedAt: null, ranking: null, snapshotHash: null };

export const scoresStageSchema = z.object({ stage: z.enum(["closed", "self", "cross", "agreed"]) });
export const scoresLockSchema = z.object({}).strict();
export const scoresUnlockSchema = z.object({ reason: z.string().trim().min(5, "give a reason of at least 5 characters").max(500) });
export const scoresCopyLayerSchema = z.object({
  from: z.enum(["self", "cross"]),
  /** Only these units; all units when absent. */
  units: z.array(z.string()).max(60).optional(),
  /** Overwrite agreed cells that already have a value. */
  overwrite: z.boolean().default(false),
});
