import * as Y from "yjs";

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
