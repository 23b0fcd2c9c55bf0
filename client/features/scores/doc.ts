import * as Y from "yjs";
import { crossCheckerOf, type MeetingDefinition } from "../../../shared/definition/schema";
import { clientLabel, scoresJson, unitCells, type CellLayer } from "../../../shared/documents/layout";
import { lastWriter, nextItemId, type ItemId } from "../../../shared/documents/writers";
import type { SessionInfo } from "../../../shared/protocol/meeting";
import { canWriteScoreCell } from "../../../shared/scoring/can-write";
import type { Role } from "../../../shared/protocol/roles";
import type { ScoreStage } from "../../../shared/protocol/scores";
import type { ScoreCellKind, ScoresDocJson } from "../../../shared/scoring";

/**
 * Reading and writing the `scores` Yjs document (docs/protocol.md, "Yjs documents › scores").
 * The server created every map; the client only sets leaf cells and never creates structure.
 */
export type { CellLayer };

/** Who a Yjs client id is, as the server wrote it into `clients.<clientId>`. */
export interface CellAuthor {
  role: Role;
  unit: string | null;
  label: string;
}

export function layerMap(doc: Y.Doc, unit: string, layer: CellLayer): Y.Map<unknown> | null {
  return unitCells(doc, unit, layer);
}

export function readUnits(doc: Y.Doc): ScoresDocJson {
  return scoresJson(doc);
}

/** The id of the item holding `key` (its client is who wrote it last), through public Yjs API. */
export function cellItemId(map: Y.Map<unknown>, key: string): ItemId | null {
  return lastWriter(map, key);
}

export function cellAuthor(doc: Y.Doc, unit: string, layer: CellLayer, key: string): CellAuthor | null {
  const map = layerMap(doc, unit, layer);
  const id = map ? cellItemId(map, key) : null;
  const who = id ? clientLabel(doc, id.client) : null;
  return who ? { role: who.role, unit: who.unit, label: who.label } : null;
}

/** Sets one cell; returns the Yjs id of the new item, so the caller can tell when the server has it. */
export function writeCell(
  doc: Y.Doc,
  unit: string,
  layer: CellLayer,
  key: string,
  value: number | string,
): { client: number; clock: number } | null {
  const map = layerMap(doc, unit, layer);
  if (!map) return null;
  // One set creates one item, with the document's next id.
  const id = nextItemId(doc);
  doc.transact(() => map.set(key, value));
  return id;
}

export function readCell(doc: Y.Doc, unit: string, layer: CellLayer, key: string): unknown {
  return layerMap(doc, unit, layer)?.get(key);
}

export function cellKind(def: Pick<MeetingDefinition, "criteria">, id: string): ScoreCellKind {
  if (def.criteria.groups.some((g) => g.id === id)) return "group";
  if (def.criteria.bonus.items.some((b) => b.id === id)) return "bonus";
  return "deduction";
}

/** The units whose cross layer `unit` writes (by default the previous unit in the list). */
export function unitsCrossCheckedBy(def: Pick<MeetingDefinition, "units">, unit: string): string[] {
  return def.units.map((u) => u.code).filter((code) => crossCheckerOf(def, code) === unit);
}

/**
 * Whether this device may write a cell now: the server's own rule (shared/scoring/can-write.ts), so
 * the UI offers exactly what the server accepts. The server still decides every update.
 */
export function canWrite(
  def: Pick<MeetingDefinition, "units">,
  session: Pick<SessionInfo, "role" | "unit">,
  stage: ScoreStage,
  unit: string,
  layer: CellLayer,
): boolean {
  return canWriteScoreCell(session, def, stage, unit, layer).ok;
}
