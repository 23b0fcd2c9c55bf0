import type { CellLayer } from "./doc";

/**
 * Edits this device made that the server has not confirmed yet. They live in React state and in
 * localStorage (per meeting and unit), so they survive both the refusal-resync (useYDoc throws its
 * document away) and a reload while the Wi-Fi is down; they are re-applied to the fresh document.
 */
export interface PendingEdit {
  unit: string;
  layer: CellLayer;
  id: string;
  value: number | string;
  /** The Yjs item this edit created in the current document (null: not applied to it yet). */
  client: number | null;
  clock: number | null;
  at: number;
}

export const editKey = (e: Pick<PendingEdit, "unit" | "layer" | "id">) => `${e.unit}.${e.layer}.${e.id}`;

const storageKey = (meetingId: string, owner: string) => `concord.scores.pending.${meetingId}.${owner}`;

export function loadPending(meetingId: string, owner: string): PendingEdit[] {
  try {
    const raw = localStorage.getItem(storageKey(meetingId, owner));
    const list: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(list)) return [];
    return list.filter(
      (e): e is PendingEdit =>
        !!e && typeof e === "object" && typeof e.unit === "string" && typeof e.id === "string" && typeof e.layer === "string",
    );
  } catch {
    return [];
  }
}

export function savePending(meetingId: string, owner: string, edits: PendingEdit[]): void {
  try {
    if (edits.length === 0) localStorage.removeItem(storageKey(meetingId, owner));
    else localStorage.setItem(storageKey(meetingId, owner), JSON.stringify(edits));
  } catch {
    // Storage full or private mode: the edits still live in the document and in React state.
  }
}

/** A newer edit of the same cell replaces the older one. */
export function upsertEdit(edits: PendingEdit[], edit: PendingEdit): PendingEdit[] {
  const k = editKey(edit);
  return [...edits.filter((e) => editKey(e) !== k), edit];
}

const LAYER_WORDS: [RegExp, CellLayer][] = [
  [/\bself\b|self-assessment/, "self"],
  [/\bcross\b|cross-check/, "cross"],
  [/\bagreed\b/, "agreed"],
  [/\bnotes?\b/, "notes"],
];

/**
 * Which pending edits a server refusal is about. The server names the cell for a bad value
 * ("BDT.self.G1: …"), the layer for a closed stage; when it names neither (a locked table, a
 * malformed update) every pending edit is dropped, since re-sending them would be refused again.
 */
export function refusedEdits(reason: string, edits: PendingEdit[]): PendingEdit[] {
  const named = edits.filter((e) => reason.includes(editKey(e)));
  if (named.length > 0) return named;
  for (const [pattern, layer] of LAYER_WORDS) if (pattern.test(reason)) return edits.filter((e) => e.layer === layer);
  return edits;
}
