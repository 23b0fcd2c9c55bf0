import * as Y from "yjs";
import * as decoding from "lib0/decoding";

/** One change an update makes to an existing shared type, with where it is in the document. */
export interface DocChange {
  /** Keys from the root: ["units", "BDT", "self"]. "*" stands for a position in an array or text. */
  path: string[];
  /** The map key changed, or null for a change inside an array or text. */
  key: string | null;
  /** The value now at `key` (undefined when the key was deleted or for arrays and text). */
  value: unknown;
  /** What kind of type changed. */
  kind: "map" | "array" | "text" | "other";
}

function rootName(doc: Y.Doc, type: Y.AbstractType<unknown>): string {
  for (const [name, t] of doc.share) if (t === type) return name;
  return "?";
}

export function pathOf(doc: Y.Doc, type: Y.AbstractType<unknown>): string[] {
  const path: string[] = [];
  let t: Y.AbstractType<unknown> = type;
  while (t._item !== null) {
    const item = t._item;
    path.unshift(item.parentSub ?? "*");
    t = item.parent as Y.AbstractType<unknown>;
  }
  path.unshift(rootName(doc, t));
  return path;
}

function kindOf(type: Y.AbstractType<unknown>): DocChange["kind"] {
  if (type instanceof Y.Map) return "map";
  if (type instanceof Y.Array) return "array";
  if (type instanceof Y.Text) return "text";
  return "other";
}

/** The changes a transaction made, read after it (values are the new ones). */
export function changesOf(doc: Y.Doc, tr: Y.Transaction): DocChange[] {
  const out: DocChange[] = [];
  for (const [type, keys] of tr.changed) {
    const path = pathOf(doc, type as Y.AbstractType<unknown>);
    const kind = kindOf(type as Y.AbstractType<unknown>);
    for (const key of keys) {
      const value = kind === "map" && key !== null ? (type as unknown as Y.Map<unknown>).get(key) : undefined;
      out.push({ path, key, value, kind });
    }
  }
  return out;
}

/** Client ids an update adds new content for, given what the document already has. */
export function newClientsIn(update: Uint8Array, known: Map<number, number>): number[] {
  const meta = Y.parseUpdateMeta(update);
  const clients: number[] = [];
  for (const [client, to] of meta.to) if (to > (known.get(client) ?? 0)) clients.push(client);
  return clients;
}

/**
 * How many clients carry structs in a (v1) update: its first number, read without decoding the rest.
 * An update with more than a device ever sends is refused on this alone, before any other work.
 */
export function structClientCount(update: Uint8Array): number {
  const decoder = decoding.createDecoder(update);
  const n = decoding.readVarUint(decoder);
  // Each client entry takes at least three bytes (struct count, client id, first clock).
  if (n * 3 > update.length - decoder.pos) throw new Error("malformed update: more clients than bytes");
  return n;
}

/** Whether the document holds at least one item with content for `client` from clock `from` on (GC structs have none). */
export function hasContentFrom(doc: Y.Doc, client: number, from: number): boolean {
  const structs = doc.store.clients.get(client);
  if (!structs) return false;
  for (let i = structs.length - 1; i >= 0; i--) {
    const s = structs[i]!;
    if (s.id.clock + s.length <= from) break;
    if (s instanceof Y.Item) return true;
  }
  return false;
}
