import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { YJS_MESSAGE } from "../../shared/protocol/yjs-messages";
import { isBatchOrigin, type DocConnection, type DocRoom } from "./doc-room";
import { Frame } from "./frame";

const { SYNC: MESSAGE_SYNC, AWARENESS: MESSAGE_AWARENESS } = YJS_MESSAGE;

/** Awareness changes are relayed to the room at most this often, coalesced into one message. */
export const AWARENESS_FLUSH_MS = 100;

/**
 * A document with at least this many connections sends its updates merged when they come faster than
 * it can broadcast them (below); each update is already stored when it is queued here, so merging only
 * delays the broadcast and lets one frame carry the edits of several drains to every subscriber. Fewer
 * connections: each drain is sent at once.
 */
export const FANOUT_MERGE_MIN_CONNECTIONS = 64;
/**
 * Self-clocking fan-out: a broadcast to many sockets costs time in proportion to their number (one
 * socket write each: ~3–15 µs on this machine, so 3–15 ms for 1,000). After a broadcast, the next one
 * waits until this many times its duration has passed since it ended, merging whatever arrives
 * meanwhile, so broadcasting takes at most about 1 / (1 + FANOUT_BUSY_FACTOR) of the process however
 * fast edits arrive: faster edits ride in fuller frames instead of more frames. An update that finds
 * the gap already over (20 edits/s to 1,000 followers) goes out at once.
 */
export const FANOUT_BUSY_FACTOR = 3;
/** The longest an update waits for a merged broadcast, however long the last one took. */
export const FANOUT_MERGE_MAX_MS = 100;

/**
 * How long an update for a large audience waits (ms; ≤ 0: send now), given when the last broadcast
 * ended and how long it took.
 */
export function fanoutWaitMs(now: number, last: { endedAt: number; ms: number }): number {
  return Math.min(FANOUT_MERGE_MAX_MS, last.endedAt + FANOUT_BUSY_FACTOR * last.ms - now);
}

/** Sends every update applied to a loaded document to the document's connections. */
export function relayUpdates(room: DocRoom): void {
  // One drain is one update (DocRoom merges what it accepted together): encoded and framed
  // once, the same bytes written to every connection. With many connections, the drains that
  // arrive while the last broadcast's gap lasts (fanoutWaitMs) go out as one update
  // (Y.mergeUpdates); a lone sender of all of them is skipped.
  const send = (update: Uint8Array, skip: unknown) => {
    const frame = Frame.of(
      encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeUpdate(e, update);
      }),
    );
    const t0 = performance.now();
    for (const c of room.connections) if (c !== skip) c.send(frame);
    const t1 = performance.now();
    lastSend = { endedAt: t1, ms: t1 - t0 };
  };
  let lastSend = { endedAt: 0, ms: 0 };
  let merging: { updates: Uint8Array[]; senders: Set<unknown> } | null = null;
  room.onBroadcast((update, origin) => {
    const senders: unknown[] = isBatchOrigin(origin) ? [...origin.senders] : [origin];
    if (merging) {
      merging.updates.push(update);
      for (const s of senders) merging.senders.add(s);
      return;
    }
    const wait = room.connections.size < FANOUT_MERGE_MIN_CONNECTIONS ? 0 : fanoutWaitMs(performance.now(), lastSend);
    if (wait <= 0) return send(update, senders.length === 1 ? senders[0] : null);
    merging = { updates: [update], senders: new Set(senders) };
    setTimeout(() => {
      const m = merging!;
      merging = null;
      const merged = m.updates.length === 1 ? m.updates[0]! : Y.mergeUpdates(m.updates);
      send(merged, m.senders.size === 1 ? [...m.senders][0] : null);
    }, wait);
  });
}

/**
 * Relays a loaded document's awareness changes to its connections, and keeps each connection's
 * awarenessIds (the ids it added, less those it removed) up to date.
 */
export function relayAwareness(room: DocRoom): void {
  // Awareness is relayed coalesced: the ids changed in the last AWARENESS_FLUSH_MS, one message.
  const dirty = new Set<number>();
  let flush: NodeJS.Timeout | null = null;
  room.awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
    if (origin && typeof origin === "object" && "awarenessIds" in origin) {
      const ids = (origin as DocConnection).awarenessIds;
      for (const id of added!) ids.add(id);
      for (const id of removed!) ids.delete(id);
    }
    for (const id of [...added!, ...updated!, ...removed!]) dirty.add(id);
    if (flush) return;
    flush = setTimeout(() => {
      flush = null;
      const changed = [...dirty];
      dirty.clear();
      if (!changed.length || !room.connections.size) return;
      const msg = encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed));
      });
      const frame = Frame.of(msg);
      for (const c of room.connections) c.send(frame);
    }, AWARENESS_FLUSH_MS);
    flush.unref();
  });
}
