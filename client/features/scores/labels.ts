import type { MeetingState } from "../../../shared/protocol/meeting";
import type { YjsRefusal, YjsRefusalCode } from "../../../shared/protocol/documents";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import type { ScoreStage } from "../../../shared/protocol/scores";
import type { ScoreLayerName } from "../../../shared/scoring";
import type { MessageKey, Translate } from "../../i18n";
import type { CellAuthor } from "./doc";
import { refusedCell, type PendingEdit } from "./pending";
import { yjsRefusalKey } from "../../realtime/useYDoc";

export const LAYER_KEY: Record<ScoreLayerName, MessageKey> = {
  self: "scores.layer.self",
  cross: "scores.layer.cross",
  agreed: "scores.layer.agreed",
};

export const LAYER_SHORT_KEY: Record<ScoreLayerName, MessageKey> = {
  self: "scores.layerShort.self",
  cross: "scores.layerShort.cross",
  agreed: "scores.layerShort.agreed",
};

export const STAGE_KEY: Record<ScoreStage, MessageKey> = {
  closed: "scores.stage.closed",
  self: "scores.stage.self",
  cross: "scores.stage.cross",
  agreed: "scores.stage.agreed",
  locked: "scores.stage.locked",
};

export function unitShortName(state: Pick<MeetingState, "units">, code: string): string {
  return state.units.find((u) => u.code === code)?.shortName ?? code;
}

/** "Sở Ngoại vụ" for a unit's delegate, "Chủ trì" for the chair; the server's own writes have no author. */
export function authorName(t: Translate, state: Pick<MeetingState, "units">, author: CellAuthor | null): string | null {
  if (!author) return null;
  if (author.unit) return unitShortName(state, author.unit);
  return t(`role.${author.role}`);
}

/**
 * Why a score edit was refused, for the people in the room, from the refusal's code alone (the
 * server's wording never reaches this). For a bad value, `cell` (the refused edit's value and the
 * cell's maximum, from the definition) picks the range or the decimals sentence.
 */
export function refusalText(t: Translate, code: YjsRefusalCode, cell: { value: unknown; max: number } | null = null): string {
  switch (code) {
    case "LOCKED":
      return t("scores.why.locked");
    case "NOT_OPEN":
      return t("scores.why.notOpen");
    case "FORBIDDEN":
    case "STRUCTURE":
      return t("scores.why.notYours");
    case "BAD_VALUE":
      if (!cell) return t("scores.why.badValue");
      if (typeof cell.value === "number" && cell.value >= 0 && cell.value <= cell.max) return t("scores.why.decimals");
      return t("scores.why.range", { max: String(cell.max).replace(".", ",") });
    default:
      return `${t(yjsRefusalKey(code))}.`;
  }
}

/** refusalText for a dropped batch: a bad value's sentence names the range of the refused cell. */
export function droppedWhy(t: Translate, def: Pick<MeetingDefinition, "criteria">, refusal: Pick<YjsRefusal, "code" | "path">, edits: PendingEdit[]): string {
  const cell = refusedCell(refusal.path);
  const edit = cell ? edits.find((e) => e.unit === cell.unit && e.layer === cell.layer && e.id === cell.id) : undefined;
  const max = edit && edit.layer !== "notes" ? cellMax(def, edit.id) : null;
  return refusalText(t, refusal.code, edit && max !== null ? { value: edit.value, max } : null);
}

function cellMax(def: Pick<MeetingDefinition, "criteria">, id: string): number | null {
  const { groups, bonus, deductions } = def.criteria;
  return groups.find((g) => g.id === id)?.max ?? bonus.items.find((b) => b.id === id)?.maxCount ?? deductions.find((d) => d.id === id)?.maxCount ?? null;
}

export function editsLabel(state: Pick<MeetingState, "units">, edits: PendingEdit[]): string {
  return edits.map((e) => `${unitShortName(state, e.unit)} · ${e.id}`).join(", ");
}
