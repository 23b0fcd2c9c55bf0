import { crossCheckerOf, type MeetingDefinition } from "../definition/schema";
import type { YjsRefusalCode } from "../protocol/documents";
import { isOrganiser, type Role } from "../protocol/roles";
import { LAYER_OPEN_IN, type ScoreStage } from "../protocol/scores";
import { SCORE_LAYERS, type ScoreLayerName } from "./types";

/** A layer of a unit's row in the scores document: a score layer, or the organisers' notes. */
export type ScoreCellLayer = ScoreLayerName | "notes";

export type CanWriteScoreCell =
  | { ok: true }
  | { ok: false; code: Extract<YjsRefusalCode, "LOCKED" | "STRUCTURE" | "FORBIDDEN" | "NOT_OPEN"> };

/**
 * Whether a device may write a cell of `units.<unit>.<layer>` now: the one rule, run by the server on
 * every Yjs change (server/yjs/policy.ts) and by the tablet to decide what it offers for editing. A
 * delegate writes its own unit's self layer in stage `self` and the cross layer of the units it
 * cross-checks in stage `cross`; the chair and the secretary write the agreed layer before the lock
 * and the notes; after the lock nobody writes. The value itself is checked apart (validateScoreValue).
 */
export function canWriteScoreCell(
  who: { role: Role; unit: string | null },
  definition: Pick<MeetingDefinition, "units">,
  stage: ScoreStage,
  unit: string,
  layer: string,
): CanWriteScoreCell {
  if (stage === "locked") return { ok: false, code: "LOCKED" };
  if (!definition.units.some((u) => u.code === unit)) return { ok: false, code: "STRUCTURE" };
  if (layer === "notes") return isOrganiser(who.role) ? { ok: true } : { ok: false, code: "FORBIDDEN" };
  if (!(SCORE_LAYERS as readonly string[]).includes(layer)) return { ok: false, code: "STRUCTURE" };
  const scoreLayer = layer as ScoreLayerName;
  const allowed =
    scoreLayer === "self"
      ? who.role === "delegate" && who.unit === unit
      : scoreLayer === "cross"
        ? who.role === "delegate" && who.unit !== null && crossCheckerOf(definition, unit) === who.unit
        : isOrganiser(who.role);
  if (!allowed) return { ok: false, code: "FORBIDDEN" };
  if (!LAYER_OPEN_IN[scoreLayer].includes(stage)) return { ok: false, code: "NOT_OPEN" };
  return { ok: true };
}
