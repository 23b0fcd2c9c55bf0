import type { MeetingState } from "../../../shared/protocol/meeting";
import type { ScoreStage } from "../../../shared/protocol/scores";
import type { ScoreLayerName } from "../../../shared/scoring";
import type { MessageKey, Translate } from "../../i18n";
import type { CellAuthor } from "./doc";
import type { PendingEdit } from "./pending";

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

/** The server's refusal reasons are English for the log; the people in the room read Vietnamese. */
export function refusalText(t: Translate, reason: string): string {
  if (/locked/.test(reason)) return t("scores.why.locked");
  if (/not open now/.test(reason)) return t("scores.why.notOpen");
  const range = /between 0 and ([\d.]+)/.exec(reason);
  if (range) return t("scores.why.range", { max: range[1]!.replace(".", ",") });
  if (/one decimal/.test(reason)) return t("scores.why.decimals");
  if (/^only /.test(reason)) return t("scores.why.notYours");
  return reason;
}

export function editsLabel(state: Pick<MeetingState, "units">, edits: PendingEdit[]): string {
  return edits.map((e) => `${unitShortName(state, e.unit)} · ${e.id}`).join(", ");
}
