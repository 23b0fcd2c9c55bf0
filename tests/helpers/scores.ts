import * as Y from "yjs";
import type { RunningServer } from "../../server/app";
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

export const layerMap = (doc: Y.Doc, unit: string, layer: string) => (doc.getMap("units").get(unit) as Y.Map<Y.Map<unknown>>).get(layer) as Y.Map<unknown>;
export const cell = (doc: Y.Doc, unit: string, layer: string, key: string) => layerMap(doc, unit, layer).get(key);
export const setCell = (doc: Y.Doc, unit: string, layer: string, key: string, value: unknown) => layerMap(doc, unit, layer).set(key, value);
