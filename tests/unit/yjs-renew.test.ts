import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { countItems, rebuildMaps, renewScores, RENEW_MIN_TOMBSTONES, RENEW_TOMBSTONE_RATIO, shouldRenew } from "../../server/yjs/renew";
import { lastWriter } from "../../shared/documents/writers";
import { docClients, newUnitRow, scoreLayer, scoresEpoch, scoresJson, scoresStage, scoresUnits, setScoresStage, typeRoots, unitNotes } from "../../shared/documents/layout";

/** Keys sorted at every level: a rebuilt map holds its keys in another order. */
const canonical = (v: unknown): string =>
  v && typeof v === "object" && !Array.isArray(v)
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`
    : JSON.stringify(v);

/** A score document with a history: the server's rows and stage, two tablets overwriting cells, labels. */
function busyDoc(overwrites: number): { doc: Y.Doc; server: number; tablets: Y.Doc[] } {
  const doc = new Y.Doc();
  const server = doc.clientID;
  doc.transact(() => {
    for (const code of ["BDT", "DUK"]) scoresUnits(doc).set(code, newUnitRow({ self: { G1: 1 } }));
    setScoresStage(doc, "self");
  });
  const tablets = ["BDT", "DUK"].map(() => {
    const t = new Y.Doc();
    Y.applyUpdate(t, Y.encodeStateAsUpdate(doc));
    return t;
  });
  for (let i = 0; i < overwrites; i++) {
    const t = tablets[i % 2]!;
    const unit = i % 2 ? "DUK" : "BDT";
    const before = Y.encodeStateVector(t);
    scoreLayer(t, unit, "self")!.set(i % 4 < 2 ? "G1" : "G2", (i % 400) / 10);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(t, before));
  }
  // A note by a third device, and the server's labels of the tablets.
  const secretary = new Y.Doc();
  Y.applyUpdate(secretary, Y.encodeStateAsUpdate(doc));
  unitNotes(secretary, "BDT")!.set("G1", "ghi chú");
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(secretary));
  doc.transact(() => {
    for (const t of tablets) docClients(doc).set(String(t.clientID), { linkId: `l${t.clientID}`, role: "delegate", unit: "BDT", label: "máy tính bảng" });
  });
  return { doc, server, tablets };
}

/** Every map entry's path, value and writer (client id), sorted. */
function entries(doc: Y.Doc): string[] {
  const out: string[] = [];
  const walk = (map: Y.Map<unknown>, path: string) => {
    for (const [key, value] of map.entries()) {
      const writer = lastWriter(map, key)?.client;
      if (value instanceof Y.Map) {
        out.push(`${path}.${key} = map by ${writer}`);
        walk(value as Y.Map<unknown>, `${path}.${key}`);
      } else out.push(`${path}.${key} = ${canonical(value)} by ${writer}`);
    }
  };
  for (const root of ["units", "meta", "clients"]) walk(doc.getMap(root), root); // layout-literal-ok: the test walks every root by name
  return out.sort();
}

describe("renewing the score document (server/yjs/renew.ts)", () => {
  it("is due only with many tombstones that outnumber the live items enough", () => {
    expect(shouldRenew({ deleted: RENEW_MIN_TOMBSTONES - 1, live: 0 })).toBe(false);
    expect(shouldRenew({ deleted: RENEW_MIN_TOMBSTONES, live: 10 })).toBe(true);
    expect(shouldRenew({ deleted: 5_000, live: 5_000 / RENEW_TOMBSTONE_RATIO })).toBe(false);
    expect(shouldRenew({ deleted: 5_000, live: 5_000 / RENEW_TOMBSTONE_RATIO - 1 })).toBe(true);
    const small = busyDoc(500).doc;
    expect(countItems(small).deleted).toBeGreaterThanOrEqual(490);
    expect(shouldRenew(countItems(small))).toBe(false);
    expect(shouldRenew(countItems(busyDoc(3_000).doc))).toBe(true);
  });

  it("keeps every value and every entry's writer, and drops the tombstones", () => {
    const { doc, tablets } = busyDoc(3_000);
    const renewed = renewScores(doc, "e1")!;
    expect(renewed).not.toBeNull();
    const fresh = renewed.doc;
    const before = entries(doc);
    // The epoch is the one addition; everything else is as it was, by the same client ids.
    expect(entries(fresh).filter((e) => !e.startsWith("meta.epoch"))).toEqual(before);
    expect(scoresEpoch(fresh)).toBe("e1");
    expect(lastWriter(fresh.getMap("meta"), "epoch")!.client).toBe(renewed.epochClient); // layout-literal-ok: the meta root, read directly
    expect(canonical(scoresJson(fresh))).toBe(canonical(scoresJson(doc)));
    expect(scoresStage(fresh)).toBe("self");
    // The cells the tablets wrote last are still theirs.
    expect(lastWriter(scoreLayer(fresh, "BDT", "self")!, "G1")!.client).toBe(tablets[0]!.clientID);
    expect(lastWriter(scoreLayer(fresh, "DUK", "self")!, "G2")!.client).toBe(tablets[1]!.clientID);
    expect(countItems(fresh).deleted).toBe(0);
    expect(countItems(fresh).live).toBe(countItems(doc).live + 1);
    expect(Y.encodeStateAsUpdate(fresh).length).toBeLessThan(Y.encodeStateAsUpdate(doc).length / 4);
    // Neither the live copy's own id nor the epoch's is a writer of the old document.
    expect(doc.store.clients.has(fresh.clientID)).toBe(false);
    expect(doc.store.clients.has(renewed.epochClient)).toBe(false);
    // A copy made from the renewed document's state holds the same (roots typed first, as every copy is).
    const copy = new Y.Doc();
    typeRoots(copy, "scores");
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(fresh));
    expect(entries(copy)).toEqual(entries(fresh));
  });

  it("leaves alone a document holding anything but maps and plain values", () => {
    const doc = new Y.Doc();
    doc.getMap("units").set("BDT", new Y.Text("x")); // layout-literal-ok: a shape the score layout never has
    expect(rebuildMaps(doc, ["units"])).toBeNull();
    const outside = new Y.Doc();
    outside.getMap("other").set("a", 1); // layout-literal-ok: a root outside the layout
    expect(rebuildMaps(outside, ["units"])).toBeNull();
  });
});
