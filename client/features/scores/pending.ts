import type { YjsRefusal, YjsRefusalCode } from "../../../shared/protocol/documents";
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

/**
 * How much of this device's pending work a refusal is about, by its code alone: the refused cell; every
 * edit of its unit's layer (that layer of that unit is not this device's); every edit of its layer (the
 * layer is closed in this stage); everything (the table is locked or read-only, or the update was
 * broken: sending the same edits again would be refused again); or nothing (a transient failure or a
 * stale copy: the edits go again on the fresh document).
 */
export type RefusalScope = "cell" | "unitLayer" | "layer" | "all" | "none";

export const REFUSAL_SCOPE: Record<YjsRefusalCode, RefusalScope> = {
  BAD_VALUE: "cell",
  FORBIDDEN: "unitLayer",
  STRUCTURE: "unitLayer",
  NOT_OPEN: "layer",
  LOCKED: "all",
  READ_ONLY: "all",
  ARCHIVED: "all",
  MALFORMED: "all",
  DOC_TOO_LARGE: "all",
  // Codes of the pledge document; a scores refusal never carries them.
  FROZEN: "all",
  VOTE_OPEN: "all",
  BAD_PROPOSAL: "all",
  NOT_YET: "all",
  TOO_MANY_PROPOSALS: "all",
  // The fresh document has a new client id and the server's whole state: the same edits pass.
  SERVER_ERROR: "none",
  MISSING_DEPS: "none",
  FOREIGN_CLIENT: "none",
  TOO_MANY_CLIENTS: "none",
  NO_CONTENT: "none",
  BAD_AWARENESS: "none",
};

/** The cell a refusal's path names ("units.BDT.self.G1"), or null (a rule, or another document's path). */
export function refusedCell(path: string): Pick<PendingEdit, "unit" | "layer" | "id"> | null {
  const parts = path.split(".");
  if (parts.length !== 4 || parts[0] !== "units") return null;
  const [, unit, layer, id] = parts as [string, string, string, string];
  if (layer !== "self" && layer !== "cross" && layer !== "agreed" && layer !== "notes") return null;
  return { unit, layer, id };
}

/**
 * Which pending edits a server refusal is about, from its code and path only (the server's wording
 * never decides what is thrown away). A scope that needs a cell falls back to every edit when the
 * path names none.
 */
export function refusedEdits(refusal: Pick<YjsRefusal, "code" | "path">, edits: PendingEdit[]): PendingEdit[] {
  const scope = REFUSAL_SCOPE[refusal.code];
  if (scope === "none") return [];
  const cell = refusedCell(refusal.path);
  if (scope === "all" || !cell) return edits;
  if (scope === "cell") return edits.filter((e) => editKey(e) === editKey(cell));
  if (scope === "unitLayer") return edits.filter((e) => e.unit === cell.unit && e.layer === cell.layer);
  return edits.filter((e) => e.layer === cell.layer);
}
