import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { SessionInfo } from "../../shared/protocol/meeting";
import { MAX_AWARENESS_IDS, MAX_AWARENESS_STATE_BYTES } from "./budget";

/** What the server relays for each editor: who (from the session), and the field being edited (from the client). */
export interface RelayedPresence {
  user: { name: string; role: SessionInfo["role"]; unit: string | null; label: string; field: string | null };
}

const MAX_FIELD_CHARS = 200;

export type AwarenessVerdict =
  | { ok: true; update: Uint8Array; ids: number[] }
  | { ok: false; why: "too_large" | "bad"; detail: string };

/** More entries than any honest client sends in one message (it echoes every peer it knows). */
export const MAX_AWARENESS_ENTRIES = 256;

/**
 * Rewrites a client's awareness update so that every field naming a person (name, role, unit,
 * label) comes from the session, never from the client: a delegate cannot appear as "Chủ trì".
 * Only `user.field` (the field being edited) is taken from the client.
 *
 * The stock y-websocket provider re-sends every awareness change it sees, its peers' states and
 * their time-outs included, so entries for ids another connection announced, and new ids beyond
 * what one connection may announce, are dropped silently: refusing them would make an honest
 * tablet resync its document each time a peer's cursor moved. Refused outright: a state larger
 * than MAX_AWARENESS_STATE_BYTES, and a message with more entries than any client sends.
 */
export function sanitizeAwareness(
  update: Uint8Array,
  session: SessionInfo,
  ownIds: ReadonlySet<number>,
  takenByOthers: (id: number) => boolean,
): AwarenessVerdict {
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  if (n > MAX_AWARENESS_ENTRIES) return { ok: false, why: "bad", detail: `an awareness message names at most ${MAX_AWARENESS_ENTRIES} client ids (this one: ${n})` };
  const entries: { id: number; clock: number; state: string }[] = [];
  const mine = new Set(ownIds);
  for (let i = 0; i < n; i++) {
    const id = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const raw = decoding.readVarString(decoder);
    if (raw.length > MAX_AWARENESS_STATE_BYTES) return { ok: false, why: "too_large", detail: `an awareness state of ${raw.length} characters (limit ${MAX_AWARENESS_STATE_BYTES})` };
    if (takenByOthers(id)) continue; // a peer's state echoed back
    if (!mine.has(id)) {
      if (mine.size >= MAX_AWARENESS_IDS) continue; // an echo of a peer that left, or more ids than a device has
      mine.add(id);
    }
    entries.push({ id, clock, state: relayedState(raw, session) });
  }
  const out = encoding.encode((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.id);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.state);
    }
  });
  return { ok: true, update: out, ids: entries.map((e) => e.id) };
}

/** The JSON the server relays for a client's state ("null" removes it). */
function relayedState(raw: string, session: SessionInfo): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = {};
  }
  if (parsed === null) return "null";
  const user = parsed && typeof parsed === "object" ? (parsed as { user?: { field?: unknown } }).user : undefined;
  const field = user && typeof user.field === "string" && user.field.length <= MAX_FIELD_CHARS ? user.field : null;
  const presence: RelayedPresence = {
    user: { name: session.label, role: session.role, unit: session.unit, label: session.label, field },
  };
  return JSON.stringify(presence);
}
