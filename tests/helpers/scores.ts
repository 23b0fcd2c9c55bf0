import type * as Y from "yjs";
import type { RunningServer } from "../../server/app";
import { unitCells, type CellLayer } from "../../shared/documents/layout";
import { EVENTS } from "../../shared/protocol/events";
import type { ScoreStage } from "../../shared/protocol/scores";
import { emitAck, joinWith, type CreatedTestMeeting } from "./server";

/** The chair moves the score table to a stage (or locks it). */
export async function scoresAction(server: RunningServer, m: CreatedTestMeeting, event: string, payload: unknown = {}): Promise<{ ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>> {
  const chair = await joinWith(server, m.links.chair);
  try {
    return await emitAck(chair.socket, event, payload);
  } finally {
    chair.socket.disconnect();
  }
}

export async function openStage(server: RunningServer, m: CreatedTestMeeting, stage: Exclude<ScoreStage, "locked">): Promise<void> {
  const res = await scoresAction(server, m, EVENTS.SCORES_STAGE, { stage });
  if (!res.ok) throw new Error(`could not open ${stage}: ${res.error?.message}`);
}

/** A layer (or the notes) of a unit row, typed loosely: tests also write what the server must refuse. */
export function layerMap(doc: Y.Doc, unit: string, layer: CellLayer): Y.Map<unknown> {
  const map = unitCells(doc, unit, layer);
  if (!map) throw new Error(`the scores document has no ${unit}.${layer}`);
  return map;
}
export const cell = (doc: Y.Doc, unit: string, layer: CellLayer, key: string) => layerMap(doc, unit, layer).get(key);
export const setCell = (doc: Y.Doc, unit: string, layer: CellLayer, key: string, value: unknown) => layerMap(doc, unit, layer).set(key, value);
