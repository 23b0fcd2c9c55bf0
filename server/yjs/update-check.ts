/**
 * The check of a client's Yjs update against a DocRoom's scratch copy: the limits, the client-id
 * bindings and the role's policy (policy.ts). Only an update that passes is stored (doc-room.ts).
 */
import * as Y from "yjs";
import type { DocName } from "../../shared/protocol/documents";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { MeetingRoom } from "../meetings/room";
import type { Store } from "../storage/store";
import { isReadOnly } from "../../shared/protocol/roles";
import { YJS_WHOLE_UPDATE, type YjsRefusal } from "../../shared/protocol/documents";
import { changesOf, hasContentFrom, newClientsIn, structClientCount } from "./changes";
import { POLICIES } from "./policy";
import { meetingPhase, vietnamDay } from "../../shared/discussion/phase";
import { pledgeMeta, scoresMeta } from "../../shared/documents/layout";
import { errorFields, log } from "../log";

/** Clients one update may carry structs for: a device writes with one id (a few after a resync). */
export const MAX_CLIENTS_PER_UPDATE = 4;
/** A document never grows beyond this (encoded state); the update that would is refused. */
export const MAX_DOC_BYTES = 1_000_000;

export type Refused = { ok: false; reason: string } & YjsRefusal;
/** `reason` is English, for the log only; the client is told the code and the path (the cell, or the whole update). */
export const refused = (code: YjsRefusal["code"], reason: string, path: string = YJS_WHOLE_UPDATE): Refused => ({ ok: false, code, path, reason });
/** `dirty`: the refused update was applied to the scratch copy, which must be rebuilt. */
type Verdict = { ok: true; changed: boolean; newClients: number[] } | (Refused & { dirty: boolean });

/** What the check of a client update reads from its DocRoom, and the client-id bindings it adds to. */
export interface CheckedRoom {
  readonly meeting: MeetingRoom;
  readonly name: DocName;
  readonly store: Store;
  /** Redis mode: other instances bind client ids too. */
  readonly shared: boolean;
  /** Which link each Yjs client id is bound to (a cache of the store's bindings, which never change). */
  readonly owners: Map<number, string>;
  /** The room's scratch copy: the update is applied to it. */
  shadow(): Y.Doc;
  /** Stored bytes (snapshot + updates since): an upper bound of the encoded document. */
  storedBytes(): number;
  /** A fresh scratch copy: the live document plus the given updates (accepted earlier in the drain). */
  rebuildShadow(accepted: Uint8Array[]): void;
}

/** A client update in a room's drain (doc-room.ts). */
interface Checkable {
  conn: { session: SessionInfo };
  update: Uint8Array;
}

/**
 * Checks each update in order against the scratch copy, which then holds the accepted ones on top of
 * the stored state. Decides the refused and unchanged ones without answering yet (a retry may redo them).
 */
export async function checkBatch<Item extends Checkable>(
  room: CheckedRoom,
  batch: Item[],
): Promise<{ decided: [Item, Refused | { ok: true; applied: false }][]; accepted: (Item & { newClients: number[] })[]; missingDeps: boolean }> {
  const decided: [Item, Refused | { ok: true; applied: false }][] = [];
  const accepted: (Item & { newClients: number[] })[] = [];
  let missingDeps = false;
  for (const item of batch) {
    let verdict: Verdict;
    try {
      verdict = await checkUpdate(room, item.conn.session, item.update);
    } catch (err) {
      log.error("yjs", "could not check an update; refused", { meetingId: room.meeting.id, doc: room.name, ...errorFields(err) });
      verdict = { ...refused("SERVER_ERROR", "the server could not check the change"), dirty: true };
    }
    if (!verdict.ok) {
      if (verdict.dirty) room.rebuildShadow(accepted.map((a) => a.update));
      if (verdict.code === "MISSING_DEPS") missingDeps = true;
      const { dirty: _dirty, ...refusal } = verdict;
      decided.push([item, refusal]);
    } else if (!verdict.changed) decided.push([item, { ok: true, applied: false }]);
    else accepted.push({ ...item, newClients: verdict.newClients });
  }
  return { decided, accepted, missingDeps };
}

/**
 * What can be refused from the update's first number and the role alone: too many clients, and any
 * struct from a role that writes nothing or into a locked / frozen document. Null: check it fully.
 */
export function precheck(name: DocName, session: SessionInfo, update: Uint8Array, meta: Record<string, unknown>): Refused | null {
  let structClients: number;
  try {
    structClients = structClientCount(update);
  } catch {
    return refused("MALFORMED", "malformed update");
  }
  if (structClients > MAX_CLIENTS_PER_UPDATE)
    return refused("TOO_MANY_CLIENTS", `an update carries structs of at most ${MAX_CLIENTS_PER_UPDATE} client ids (this one: ${structClients})`);
  if (structClients === 0) return null; // maybe only deletions: decided after applying to the scratch copy
  return closedFor(name, session, meta);
}

/** Why this session may add nothing to the document now (its role, the lock, the freeze), or null. */
function closedFor(name: DocName, session: SessionInfo, meta: Record<string, unknown>): Refused | null {
  if (isReadOnly(session.role)) return refused("READ_ONLY", `the ${session.role === "screen" ? "big screen" : "follow link"} writes nothing`);
  if (name === "scores" && meta.stage === "locked") return refused("LOCKED", "the score table is locked");
  if (name === "pledge" && meta.frozen === true) return refused("FROZEN", "the pledge is frozen");
  return null;
}

/**
 * Every update that adds anything — structs of any kind, new client ids, deletions — goes through
 * the role's policy: an update whose structs carry no content is refused, and a client id is bound
 * to the sending link only when its update made an allowed change. Runs inside the room's queue.
 */
async function checkUpdate(room: CheckedRoom, session: SessionInfo, update: Uint8Array): Promise<Verdict> {
  const clean = (r: Refused) => ({ ...r, dirty: false });
  const dirty = (r: Refused) => ({ ...r, dirty: true });
  // Nothing else replaces the scratch copy while the check runs (the room's queue).
  const shadow = room.shadow();
  const metaBefore = metaJson(room.name, shadow);
  const early = precheck(room.name, session, update, metaBefore);
  if (early) return clean(early);
  const known = Y.decodeStateVector(Y.encodeStateVector(shadow));
  let clients: number[];
  try {
    clients = newClientsIn(update, known);
  } catch {
    return clean(refused("MALFORMED", "malformed update"));
  }
  // At most MAX_CLIENTS_PER_UPDATE lookups (precheck bounded them).
  for (const client of clients) {
    const owner = await ownerOf(room, client);
    const hasContent = shadow.store.clients.has(client);
    if ((owner !== null && owner !== session.linkId) || (owner === null && hasContent))
      return clean(refused("FOREIGN_CLIENT", `client id ${client} belongs to another device`));
  }
  const transactions: Y.Transaction[] = [];
  const collect = (tr: Y.Transaction) => transactions.push(tr);
  shadow.on("afterTransaction", collect);
  try {
    Y.applyUpdate(shadow, update, "check");
  } catch {
    return dirty(refused("MALFORMED", "malformed update"));
  } finally {
    shadow.off("afterTransaction", collect);
  }
  if (shadow.store.pendingStructs !== null || shadow.store.pendingDs !== null)
    return dirty(refused("MISSING_DEPS", "the update depends on changes the server does not have; resync"));
  const changes = transactions.flatMap((tr) => changesOf(shadow, tr));
  const deletes = transactions.some((tr) => tr.deleteSet.clients.size > 0);
  const grown = clients.filter((c) => (shadow.store.clients.has(c) ? Y.getState(shadow.store, c) : 0) > (known.get(c) ?? 0));
  if (!changes.length && !deletes && !grown.length) {
    // Nothing added (a sync step 2 with what the server has). Skip structs may still sit in the meta: no harm.
    return { ok: true, changed: false, newClients: [] };
  }
  const closed = closedFor(room.name, session, metaBefore);
  if (closed) return dirty(closed);
  const policy = POLICIES[room.name];
  // Read per update, as the Socket.IO gate does: the definition (and its dates) may be edited until the meeting begins.
  const definition = room.meeting.definition;
  const phase = meetingPhase(definition, vietnamDay(Date.now()));
  for (const change of changes) {
    const verdict = policy({ session, definition, doc: shadow, metaBefore, phase }, change);
    if (!verdict.ok) return dirty(refused(verdict.code, verdict.reason, verdict.path));
  }
  // Content-less structs (GC) alone are no change. Beside an allowed change they are kept (an offline
  // device that typed into a commitment and then deleted it sends GC), but only ids with content are bound.
  const withContent = grown.filter((client) => hasContentFrom(shadow, client, known.get(client) ?? 0));
  if (!changes.length && !deletes)
    return dirty(refused("NO_CONTENT", `client id ${grown[0]}: structs without content (GC or skip) are not a change`));
  if (room.storedBytes() + update.length > MAX_DOC_BYTES) {
    const size = Y.encodeStateAsUpdate(shadow).length;
    if (size > MAX_DOC_BYTES) return dirty(refused("DOC_TOO_LARGE", `the ${room.name} document would be ${size} bytes (limit ${MAX_DOC_BYTES})`));
  }
  const newClients: number[] = [];
  for (const client of withContent) {
    if ((await ownerOf(room, client)) !== null) continue;
    await room.store.bindClient(room.meeting.id, room.name, client, session.linkId);
    if (room.shared) {
      // Another instance may have bound the same id a moment ago: the store's first binding wins.
      const owner = await room.store.clientBinding(room.meeting.id, room.name, client);
      if (owner !== session.linkId) {
        if (owner !== null) room.owners.set(client, owner);
        return dirty(refused("FOREIGN_CLIENT", `client id ${client} belongs to another device`));
      }
    }
    newClients.push(client);
    room.owners.set(client, session.linkId);
  }
  return { ok: true, changed: true, newClients };
}

/** The document's meta map as JSON (scores: the stage; pledge: the freeze and the running vote). */
export function metaJson(name: DocName, doc: Y.Doc): Record<string, unknown> {
  return (name === "scores" ? scoresMeta(doc) : pledgeMeta(doc)).toJSON() as Record<string, unknown>;
}

/** Which link a Yjs client id is bound to; bindings never change, so they are cached. */
async function ownerOf(room: CheckedRoom, client: number): Promise<string | null> {
  const cached = room.owners.get(client);
  if (cached !== undefined) return cached;
  const owner = await room.store.clientBinding(room.meeting.id, room.name, client);
  if (owner !== null) room.owners.set(client, owner);
  return owner;
}
