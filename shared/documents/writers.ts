import * as Y from "yjs";

/**
 * Who last wrote a map key, through Yjs's public API only (the document's struct store and exported
 * `Item` fields), never a map's private `_map`. The visible value of a key is the one undeleted item
 * whose parent is the map and whose `parentSub` is the key; its id's client is the writer.
 */

export interface ItemId {
  client: number;
  clock: number;
}

/** Per document: map → key → id of the item holding the visible value; rebuilt after any transaction. */
interface WriterIndex {
  stale: boolean;
  byMap: Map<object, Map<string, ItemId>>;
}

const indexes = new WeakMap<Y.Doc, WriterIndex>();

function indexOf(doc: Y.Doc): WriterIndex {
  let index = indexes.get(doc);
  if (!index) {
    const fresh: WriterIndex = { stale: true, byMap: new Map() };
    // One scan of the store per change of the document, however many cells a view asks about.
    doc.on("afterTransaction", () => {
      fresh.stale = true;
    });
    indexes.set(doc, fresh);
    index = fresh;
  }
  if (index.stale) {
    index.byMap.clear();
    for (const structs of doc.store.clients.values())
      for (const s of structs) {
        if (!(s instanceof Y.Item) || s.deleted || s.parentSub === null || !(s.parent instanceof Y.AbstractType)) continue;
        let keys = index.byMap.get(s.parent);
        if (!keys) index.byMap.set(s.parent, (keys = new Map()));
        keys.set(s.parentSub, { client: s.id.client, clock: s.id.clock });
      }
    index.stale = false;
  }
  return index;
}

/** The id of the item holding `map.get(key)` (its client is who wrote it), or null when the key is unset. */
export function lastWriter<T>(map: Y.Map<T>, key: string): ItemId | null {
  const doc = map.doc;
  if (!doc) return null;
  return indexOf(doc).byMap.get(map)?.get(key) ?? null;
}

/**
 * The id the next item this document creates will have: a single `map.set` made right after gets it, so
 * a caller can tell when the server has that write (its state vector reaches the clock).
 */
export function nextItemId(doc: Y.Doc): ItemId {
  return { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) };
}
