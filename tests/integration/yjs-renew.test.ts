import { afterAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import { YjsConnection } from "../../client/realtime/yjs-connection";
import { yjsDocUrl } from "../../client/realtime/useYDoc";
import { CLOSE_CODES } from "../../shared/protocol/errors";
import { lastWriter } from "../../shared/documents/writers";
import { docClients, scoreLayer, scoresEpoch, scoresJson, scoresMeta, scoresStage, setScoresEpoch, typeRoots } from "../../shared/documents/layout";
import { countItems } from "../../server/yjs/renew";
import { DocRoom } from "../../server/yjs/doc-room";
import type { SharedDocLog, Store } from "../../server/storage/store";
import { connectDoc, createMeeting, startTestServer, storedDoc, tempDataDir, tokenOf, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { openStage } from "../helpers/scores";
import type { RunningServer } from "../../server/app";

/**
 * Renewing the score document at load (issue 12, server/yjs/renew.ts): a document whose tombstones
 * dominate is rebuilt with the same visible content and writers, stored as one snapshot, and a copy
 * from before the renewal is closed with DOC_RENEWED instead of being merged.
 */

/** Keys sorted at every level: a rebuilt map holds its keys in another order. */
const canonical = (v: unknown): string =>
  v && typeof v === "object" && !Array.isArray(v)
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`
    : JSON.stringify(v);

/** Every cell's value and writer (client id), every label, the stage: what a renewal must keep. */
function visible(doc: Y.Doc): string {
  const cells: string[] = [];
  const units = scoresJson(doc);
  for (const unit of Object.keys(units))
    for (const layer of Object.keys(units[unit]!)) {
      const map = scoreLayer(doc, unit, layer as "self")!;
      for (const [key, value] of map.entries()) cells.push(`${unit}.${layer}.${key}=${canonical(value)} by ${lastWriter(map, key)?.client}`);
    }
  return canonical({ cells: cells.sort(), clients: docClients(doc).toJSON(), stage: scoresStage(doc) });
}

/** Bytes the store holds for the document, and how many updates after its snapshot. */
async function storedSize(server: RunningServer, meetingId: string): Promise<{ bytes: number; updates: number; snapshot: boolean }> {
  const s = await server.store.loadDoc(meetingId, "scores");
  return { bytes: (s.snapshot?.length ?? 0) + s.updates.reduce((n, u) => n + u.length, 0), updates: s.updates.length, snapshot: s.snapshot !== null };
}

/** The client's connection as useYDoc makes it: the address (with the copy's epoch) built at every connect. */
function device(port: () => number, meetingId: string, link: string, doc = new Y.Doc()) {
  const closes: number[] = [];
  const provider = new YjsConnection(() => yjsDocUrl(`ws://127.0.0.1:${port()}`, meetingId, "scores", tokenOf(link), doc), doc, {
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const refusals: string[] = [];
  const messages = { acked: 0 };
  provider.on("refused", (_p, reason) => void refusals.push(reason));
  provider.on("closed", (e) => void closes.push(e.code));
  provider.on("acked", () => void messages.acked++);
  return { doc, provider, closes, refusals, messages, destroy: () => (provider.destroy(), doc.destroy()) };
}

/** Overwrites two cells of a unit's self layer `count` times in all, in `batches` updates (alternating keys: no tombstone merges). */
async function overwrite(tablet: { doc: Y.Doc; provider: YjsConnection }, acked: () => Map<number, number>[], unit: string, count: number, batches: number): Promise<void> {
  const layer = scoreLayer(tablet.doc, unit, "self")!;
  for (let b = 0; b < batches; b++)
    tablet.doc.transact(() => {
      for (let i = 0; i < count / batches; i++) layer.set(i % 2 ? "G1" : "G2", ((b * 7 + i) % 200) / 10);
    });
  const end = Y.getState(tablet.doc.store, tablet.doc.clientID);
  await waitUntil(() => acked().some((a) => (a.get(tablet.doc.clientID) ?? 0) >= end), 20_000, `${unit}'s overwrites stored`);
}

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
});

describe("renewing the score document at load", () => {
  it("keeps every value, writer and the stage, stores one small snapshot, and turns away a copy from before", async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer(dataDir);
    servers.push(server);
    const m: CreatedTestMeeting = await createMeeting(server);
    await openStage(server, m, "self");

    // A busy morning: two units' tablets overwrite their cells 3,000 times.
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const duk = await connectDoc(server, m.meetingId, "scores", m.links.delegates.DUK![0]!);
    await overwrite(bdt, () => bdt.acks, "BDT", 1_500, 30);
    await overwrite(duk, () => duk.acks, "DUK", 1_500, 30);

    // A device that held the old copy (BDT's second tablet): it goes offline and edits a cell there.
    let port = server.port;
    const old = device(() => port, m.meetingId, m.links.delegates.BDT![1]!);
    await waitUntil(() => old.provider.synced && scoreLayer(old.doc, "BDT", "self")?.get("G1") === scoreLayer(bdt.doc, "BDT", "self")!.get("G1"), 5000, "the old copy synced");
    expect(old.provider.url).toMatch(/&epoch=0$/); // content, no epoch yet
    old.provider.disconnect();
    scoreLayer(old.doc, "BDT", "self")!.set("G3", 7);
    bdt.destroy();
    duk.destroy();

    const before = await storedDoc(server, m.meetingId, "scores");
    const visibleBefore = visible(before);
    const sizeBefore = Y.encodeStateAsUpdate(before).length;
    expect(countItems(before).deleted).toBeGreaterThanOrEqual(2_900);
    await server.close();

    // The restart loads (and renews) the document at the first connection.
    server = await startTestServer(dataDir);
    servers.push(server);
    port = server.port;
    const reader = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    const stored = await storedSize(server, m.meetingId);
    expect(stored).toMatchObject({ updates: 0, snapshot: true });
    expect(stored.bytes).toBeLessThan(sizeBefore / 4);
    const after = await storedDoc(server, m.meetingId, "scores");
    expect(countItems(after).deleted).toBe(0);
    expect(visible(after)).toBe(visibleBefore);
    const epoch = scoresEpoch(after);
    expect(epoch).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    // A fresh provider syncs the same content.
    expect(visible(reader.doc)).toBe(visibleBefore);
    expect(scoresEpoch(reader.doc)).toBe(epoch);

    // The old copy reconnects with epoch=0: closed with DOC_RENEWED, and nothing it held is merged.
    const closed = new Promise<number>((resolve) => old.provider.on("closed", (e) => resolve(e.code)));
    const ackedBefore = old.messages.acked;
    old.provider.connect();
    expect(await closed).toBe(CLOSE_CODES.DOC_RENEWED);
    // Closed before anything was sent: no sync step 1 (its state vector would read as acknowledgements).
    expect(old.messages.acked).toBe(ackedBefore);
    expect(old.provider.synced).toBe(false);
    expect(scoreLayer(await storedDoc(server, m.meetingId, "scores"), "BDT", "self")!.get("G3")).not.toBe(7);
    expect(visible(await storedDoc(server, m.meetingId, "scores"))).toBe(visibleBefore);

    // A client that names no epoch (a stock provider, or a build from before epochs) with a copy from
    // before: closed at its first sync message, nothing merged.
    const legacyDoc = new Y.Doc();
    Y.applyUpdate(legacyDoc, Y.encodeStateAsUpdate(before));
    scoreLayer(legacyDoc, "BDT", "self")!.set("G4", 3);
    const legacy = new YjsConnection(yjsDocUrl(`ws://127.0.0.1:${port}`, m.meetingId, "scores", tokenOf(m.links.delegates.BDT![1]!)), legacyDoc, {
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    expect(await new Promise<number>((resolve) => legacy.on("closed", (e) => resolve(e.code)))).toBe(CLOSE_CODES.DOC_RENEWED);
    legacy.destroy();
    expect(visible(await storedDoc(server, m.meetingId, "scores"))).toBe(visibleBefore);

    // Starting over from a fresh copy (useYDoc replace()): the renewed content, and the edit re-applied is accepted.
    const again = device(() => port, m.meetingId, m.links.delegates.BDT![1]!);
    expect(again.provider.url).not.toMatch(/epoch=/); // an empty copy says nothing
    await waitUntil(() => again.provider.synced, 5000, "the fresh copy synced");
    expect(visible(again.doc)).toBe(visibleBefore);
    expect(again.provider.url).toMatch(new RegExp(`&epoch=${epoch}$`));
    scoreLayer(again.doc, "BDT", "self")!.set("G3", 7);
    await waitUntil(() => scoreLayer(reader.doc, "BDT", "self")!.get("G3") === 7, 5000, "the re-applied edit broadcast");
    expect(scoreLayer(await storedDoc(server, m.meetingId, "scores"), "BDT", "self")!.get("G3")).toBe(7);
    expect(again.refusals).toEqual([]);
    // It reconnects (its copy now says the renewed epoch) and is accepted.
    (again.provider.ws as unknown as WebSocket).terminate();
    await waitUntil(() => !again.provider.synced, 5000, "the socket dropped");
    await waitUntil(() => again.provider.synced, 10_000, "resynced with the renewed epoch");
    expect(again.closes).toEqual([]);

    old.destroy();
    again.destroy();
    reader.destroy();
  }, 60_000);

  it("refuses a client's write to meta.epoch", async () => {
    const server = await startTestServer();
    servers.push(server);
    const m = await createMeeting(server);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    setScoresEpoch(chair.doc, "mine");
    await waitUntil(() => chair.refusals.length > 0, 5000, "the refusal");
    expect(chair.refusals[0]).toMatch(/^refused:STRUCTURE:meta\.epoch\n/);
    expect(scoresMeta(await storedDoc(server, m.meetingId, "scores")).has("epoch")).toBe(false);
    chair.destroy();
  });

  it("does not renew in Redis mode (a shared log) nor below the threshold", async () => {
    const server = await startTestServer();
    servers.push(server);
    const m = await createMeeting(server);
    await openStage(server, m, "self");
    const meeting = (await server.registry.get(m.meetingId))!;
    const store = server.store;
    const load = async (s: Store) => {
      const room = await DocRoom.load(meeting, "scores", s, 1_000_000);
      const epoch = scoresEpoch(room.doc);
      await room.unload();
      return epoch;
    };
    /** Overwrites written straight into the store, as the endpoint stores them. */
    const history = async (count: number) => {
      const base = await storedDoc(server, m.meetingId, "scores");
      const tablet = new Y.Doc();
      typeRoots(tablet, "scores");
      Y.applyUpdate(tablet, Y.encodeStateAsUpdate(base));
      for (let i = 0; i < count; i++) {
        const before = Y.encodeStateVector(tablet);
        scoreLayer(tablet, "BDT", "self")!.set(i % 2 ? "G1" : "G2", (i % 200) / 10);
        await store.appendDocUpdates(m.meetingId, "scores", [Y.encodeStateAsUpdate(tablet, before)]);
      }
    };
    await history(500);
    expect(await load(store)).toBeNull(); // below the threshold
    await history(2_500);
    // The same store seen as Redis mode: a shared log other instances hold live (never renewed).
    const log: SharedDocLog = {
      appendDocUpdatesAfter: () => Promise.resolve(null),
      readDocAfter: () => Promise.resolve({ snapshot: null, upto: 0, entries: [] }),
      follow: () => () => undefined,
    };
    const shared = new Proxy(store, { get: (t, p, r) => (p === "docLog" ? log : Reflect.get(t, p, r) as unknown) }) as Store;
    expect(await load(shared)).toBeNull();
    expect(countItems(await storedDoc(server, m.meetingId, "scores")).deleted).toBeGreaterThanOrEqual(2_900);
    // SQLite: renewed.
    expect(await load(store)).not.toBeNull();
    expect(countItems(await storedDoc(server, m.meetingId, "scores")).deleted).toBe(0);
  }, 60_000);
});
