import * as Y from "yjs";
import * as random from "lib0/random";
import { randomBytes } from "node:crypto";
import { scoresEpoch, setScoresEpoch, DOC_ROOTS } from "../../shared/documents/layout";
import type { DocName } from "../../shared/protocol/documents";
import type { Store } from "../storage/store";
import { errorFields, log } from "../log";

/**
 * Renewing the score document (issue 12): every overwrite of a cell leaves a tombstone (a Y.Map key's
 * deleted items never merge), so a busy morning's document loads in time that grows with its history.
 * A renewal rebuilds it as a fresh document holding exactly the visible content, each entry written
 * under the client id of the item that holds it now, so "who last changed this cell" (the item's client
 * id, shared/documents/writers.ts, named in `clients`) stays the same. renewScores is pure apart from Yjs;
 * renewAtLoad decides when and stores it, and the endpoint tells clients (a copy from before the renewal must never be merged).
 */

/** A document is renewed only with at least this many tombstones (deleted items)… */
export const RENEW_MIN_TOMBSTONES = 2_000;
/** …and more than this many times as many tombstones as live items. */
export const RENEW_TOMBSTONE_RATIO = 2;

export interface ItemCounts {
  /** Deleted items (tombstones): what a load spends its time on. */
  deleted: number;
  /** Items holding visible content. */
  live: number;
}

/** Deleted and live items of a document's struct store (GC structs and skips are neither). */
export function countItems(doc: Y.Doc): ItemCounts {
  const counts: ItemCounts = { deleted: 0, live: 0 };
  for (const structs of doc.store.clients.values())
    for (const s of structs) if (s instanceof Y.Item) counts[s.deleted ? "deleted" : "live"]++;
  return counts;
}

/** Whether the tombstones dominate enough for a renewal to pay. */
export const shouldRenew = (c: ItemCounts): boolean => c.deleted >= RENEW_MIN_TOMBSTONES && c.deleted > RENEW_TOMBSTONE_RATIO * c.live;

/** Map → key → the live item holding its value; null when a live item is not a map entry (nothing we can rebuild). */
function visibleEntries(doc: Y.Doc): Map<object, Map<string, Y.Item>> | null {
  const byParent = new Map<object, Map<string, Y.Item>>();
  for (const structs of doc.store.clients.values())
    for (const s of structs) {
      if (!(s instanceof Y.Item) || s.deleted) continue;
      if (s.parentSub === null || !(s.parent instanceof Y.AbstractType)) return null;
      let keys = byParent.get(s.parent);
      if (!keys) byParent.set(s.parent, (keys = new Map()));
      keys.set(s.parentSub, s);
    }
  return byParent;
}

type Pair = { from: Y.Map<unknown>; to: Y.Map<unknown> };
type Write = { pair: Pair; key: string; value: unknown; nested: boolean };

/**
 * A fresh document with the same visible content as `doc` under the named root maps: nested Y.Maps
 * and plain values, each entry written by the client id of the item holding it in `doc`. Null when
 * `doc` holds anything else (a Y.Text, an array, a value outside the roots): such a document is left
 * as it is. Checked before it is returned: the same values and the same writer for every key.
 */
export function rebuildMaps(doc: Y.Doc, roots: readonly string[]): Y.Doc | null {
  const entries = visibleEntries(doc);
  if (!entries) return null;
  const fresh = new Y.Doc({ gc: true });
  let level: Pair[] = roots.map((r) => ({ from: doc.getMap<unknown>(r), to: fresh.getMap<unknown>(r) }));
  let written = 0;
  const pairs: Pair[] = [...level];
  // Level by level (a map must exist before its entries are written), one transaction per client id.
  while (level.length) {
    const byClient = new Map<number, Write[]>();
    for (const pair of level)
      for (const [key, item] of entries.get(pair.from) ?? []) {
        const value = pair.from.get(key);
        if (value instanceof Y.AbstractType && !(value instanceof Y.Map)) return null;
        const list = byClient.get(item.id.client) ?? [];
        list.push({ pair, key, value, nested: value instanceof Y.Map });
        byClient.set(item.id.client, list);
      }
    const next: Pair[] = [];
    for (const [client, writes] of byClient) {
      fresh.clientID = client;
      fresh.transact(() => {
        for (const w of writes) {
          if (w.nested) next.push({ from: w.value as Y.Map<unknown>, to: w.pair.to.set(w.key, new Y.Map<unknown>()) });
          else w.pair.to.set(w.key, w.value);
          written++;
        }
      });
    }
    pairs.push(...next);
    level = next;
  }
  const total = [...entries.values()].reduce((n, keys) => n + keys.size, 0);
  const check = visibleEntries(fresh);
  if (written !== total || !check || !sameContent(pairs, entries, check)) {
    fresh.destroy();
    return null;
  }
  // The fresh document's own id is a new one (a device's id would make the live copy look like it).
  fresh.clientID = unusedClientId(fresh);
  return fresh;
}

function sameContent(
  pairs: Pair[],
  before: Map<object, Map<string, Y.Item>>,
  after: Map<object, Map<string, Y.Item>>,
): boolean {
  for (const { from, to } of pairs) {
    const a = before.get(from) ?? new Map<string, Y.Item>();
    const b = after.get(to) ?? new Map<string, Y.Item>();
    if (a.size !== b.size) return false;
    for (const [key, item] of a) {
      const other = b.get(key);
      if (!other || other.id.client !== item.id.client) return false;
      const [x, y] = [from.get(key), to.get(key)];
      if (x instanceof Y.Map ? !(y instanceof Y.Map) : canonical(x) !== canonical(y)) return false;
    }
  }
  return true;
}

/** JSON with sorted keys (plain values compared by content; Uint8Array as its bytes). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) return { bytes: [...x] };
    if (x && typeof x === "object" && !Array.isArray(x))
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return x;
  });
}

/** A random client id no struct of `doc` has. */
function unusedClientId(doc: Y.Doc): number {
  for (;;) {
    const id = random.uint32();
    if (!doc.store.clients.has(id)) return id;
  }
}

export interface RenewedScores {
  doc: Y.Doc;
  /** The client id the epoch was written with (the server's: bind it to the server). */
  epochClient: number;
}

/**
 * The renewed score document: `doc`'s visible content rebuilt (rebuildMaps) and `meta.epoch` set to
 * `epoch` by a client id of its own (the fresh document's). Null when it cannot be rebuilt.
 */
export function renewScores(doc: Y.Doc, epoch: string): RenewedScores | null {
  const fresh = rebuildMaps(doc, DOC_ROOTS.scores);
  if (!fresh) return null;
  const epochClient = fresh.clientID;
  fresh.transact(() => setScoresEpoch(fresh, epoch));
  // The live copy never writes itself (the server writes through its scratch copy): a new id again.
  fresh.clientID = unusedClientId(fresh);
  return { doc: fresh, epochClient };
}

/**
 * DocRoom.load's renewal of the score document when its tombstones dominate: SQLite mode only
 * (in Redis mode other instances hold the document live and would merge their copy back). Stored as
 * the snapshot that replaces the whole log before anyone sees the room; the old document is
 * destroyed. Null (the loaded document kept as it is) when not due, not possible or not stored.
 */
export async function renewAtLoad(
  meetingId: string,
  name: DocName,
  store: Store,
  loaded: Y.Doc,
  stored: { lastSeq: number; bytes: number },
  serverLink: string,
): Promise<{ doc: Y.Doc; bytes: number; epochClient: number } | null> {
  if (name !== "scores" || store.docLog) return null;
  const counts = countItems(loaded);
  if (!shouldRenew(counts)) return null;
  const fields = { meetingId, doc: name, tombstones: counts.deleted, live: counts.live };
  const renewed = renewScores(loaded, randomBytes(12).toString("base64url"));
  if (!renewed) {
    log.warn("yjs", "could not renew the document (content it cannot rebuild); kept as it is", fields);
    return null;
  }
  const snapshot = Y.encodeStateAsUpdate(renewed.doc);
  try {
    await store.bindClient(meetingId, name, renewed.epochClient, serverLink);
    await store.compactDoc(meetingId, name, snapshot, stored.lastSeq);
  } catch (err) {
    renewed.doc.destroy();
    log.warn("yjs", "could not store the renewed document; kept the old one", { ...fields, ...errorFields(err) });
    return null;
  }
  loaded.destroy();
  log.info("yjs", "document renewed (tombstones dropped); clients holding an older copy start from a fresh one", {
    ...fields,
    storedBytesBefore: stored.bytes,
    bytesAfter: snapshot.length,
    epoch: scoresEpoch(renewed.doc),
  });
  return { doc: renewed.doc, bytes: snapshot.length, epochClient: renewed.epochClient };
}
