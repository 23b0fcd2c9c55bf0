/**
 * The two Yjs documents of a meeting, at /yjs/<meetingId>/<doc>. Their structure is created by the
 * server (server/yjs/structure.ts); docs/protocol.md describes every key and who may write it.
 */
export const DOC_NAMES = ["scores", "pledge"] as const;
export type DocName = (typeof DOC_NAMES)[number];

export function isDocName(s: string): s is DocName {
  return (DOC_NAMES as readonly string[]).includes(s);
}

/** scores: units.<CODE>.<layer>.<criterion id> = number (group points) or count (bonus/deduction). */
export { SCORE_LAYERS, type ScoreLayerName as ScoreLayer } from "../scoring/types";
