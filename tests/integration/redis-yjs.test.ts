import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { connectDoc, tokenOf, waitUntil, type TestProvider } from "../helpers/server";
import { cell, layerMap, setCell } from "../helpers/scores";
import { skipRedisTests, startRedis, type TestRedis } from "../helpers/redis";
import { createRedisMeeting, startYjsChild, startYjsInstance, type YjsInstance } from "../helpers/yjs-instance";
import type { RunningServer } from "../../server/app";
import type { CreatedMeeting } from "../../server/meetings/service";
import type { DocEntry } from "../../server/storage/store";
import type { RedisStore } from "../../server/storage/redis/store";
import { docClients, scoresJson, scoresStage } from "../../shared/documents/layout";

/**
 * Yjs across instances (issue 9, item 5): two Concord instances on one Redis that the test starts
 * (AOF always). Until server/app.ts starts in Redis mode, each instance is the Yjs endpoint wired as
 * app.ts wires it (tests/helpers/yjs-instance.ts).
 */
const connect = (inst: { port: number }, m: CreatedMeeting, link: string): Promise<TestProvider> =>
  connectDoc(inst as unknown as RunningServer, m.meetingId, "scores", link);
const notes = (doc: Y.Doc, unit = "BDT") => layerMap(doc, unit, "notes");
const unitsOf = (doc: Y.Doc) => scoresJson(doc);
/** Map keys sorted: two replicas hold the same map in different insertion orders. */
const canonical = (v: unknown): string =>
  v && typeof v === "object" && !Array.isArray(v)
    ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`
    : Array.isArray(v) ? `[${v.map(canonical).join(",")}]` : JSON.stringify(v);
const sameUnits = (x: TestProvider, y: TestProvider) => canonical(unitsOf(x.doc)) === canonical(unitsOf(y.doc));

/** Every note key a client's document shows, as it arrives (each burst write uses its own key, so none hides another). */
function noteKeysSeen(p: TestProvider, unit = "BDT"): Set<string> {
  const seen = new Set<string>();
  const map = notes(p.doc, unit);
  for (const k of map.keys()) seen.add(k);
  map.observe((e) => e.keysChanged.forEach((k) => map.has(k) && seen.add(k)));
  return seen;
}

/**
 * Refusals of document updates. The stock y-websocket provider re-sends other clients' awareness it
 * received, which the endpoint refuses (BAD_AWARENESS) on every instance alike; not what these tests look at.
 */
const realRefusals = (p: TestProvider) => p.refusals.filter((r) => !r.startsWith("refused:BAD_AWARENESS"));

/** A client's existing document connecting to another instance (what its provider does after a reconnect through nginx). */
async function reconnect(doc: Y.Doc, inst: { port: number }, m: CreatedMeeting, link: string): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(`ws://127.0.0.1:${inst.port}/yjs/${m.meetingId}`, "scores", doc, {
    params: { token: tokenOf(link) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await waitUntil(() => provider.synced, 5000, "the reconnected provider's sync");
  return provider;
}

/** The stored log (snapshot and stream entries) as it is in Redis. */
async function storedLog(store: RedisStore, m: CreatedMeeting): Promise<{ snapshot: Uint8Array | null; entries: DocEntry[] }> {
  const read = await store.docLog.readDocAfter(m.meetingId, "scores", 0);
  // The snapshot counts as one more entry: an update in it and again in the stream would be stored twice.
  return { snapshot: read.snapshot, entries: [...(read.snapshot ? [{ seq: read.upto, update: read.snapshot }] : []), ...read.entries] };
}

/** How many stream entries carry an item for each map key (a note key written once must be in exactly one). */
function entriesPerKey(entries: DocEntry[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const e of entries) {
    const keys = new Set<string>();
    for (const s of Y.decodeUpdate(e.update).structs) if (s instanceof Y.Item && s.parentSub) keys.add(s.parentSub);
    for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  }
  return count;
}

/** Struct ids (client, clock range) stored more than once across entries: an update applied twice would show here. */
function duplicateStructs(entries: DocEntry[]): string[] {
  const ranges = new Map<number, [number, number][]>();
  for (const e of entries)
    for (const s of Y.decodeUpdate(e.update).structs) {
      if (!(s instanceof Y.Item)) continue;
      const list = ranges.get(s.id.client) ?? [];
      list.push([s.id.clock, s.id.clock + s.length]);
      ranges.set(s.id.client, list);
    }
  const dup: string[] = [];
  for (const [client, list] of ranges) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i]![0] < list[i - 1]![1]) dup.push(`${client}:${list[i]![0]}`);
  }
  return dup;
}

/** The document as Redis holds it, loaded from the store alone. */
const storedDocOf = (store: RedisStore, m: CreatedMeeting): Promise<Y.Doc> => storedDocOfName(store, m, "scores");

async function storedDocOfName(store: RedisStore, m: CreatedMeeting, name: "scores" | "pledge"): Promise<Y.Doc> {
  const stored = await store.loadDoc(m.meetingId, name);
  const doc = new Y.Doc();
  for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
  return doc;
}

/** `count` notes from `writers` (each within its connection's burst budget), keys `${prefix}<i>`. */
function writeNotes(writers: TestProvider[], prefix: string, count: number, unit = "BDT"): string[] {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `${prefix}${i}`;
    notes(writers[i % writers.length]!.doc, unit).set(key, `value ${i}`);
    keys.push(key);
  }
  return keys;
}

describe.skipIf(skipRedisTests)("Yjs across instances on Redis", () => {
  let redis: TestRedis;
  let a: YjsInstance;
  let b: YjsInstance;
  const clients: TestProvider[] = [];
  const track = <T extends TestProvider>(p: T): T => (clients.push(p), p);

  beforeAll(async () => {
    redis = await startRedis();
    a = await startYjsInstance(redis.url);
    b = await startYjsInstance(redis.url);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("the shared log: an append conditioned on a stale seq stores nothing; a read after a compacted seq brings the snapshot; a follower gets every entry in order", async () => {
    const m = await createRedisMeeting(a.store);
    const log = a.store.docLog;
    const u = (n: number) => {
      const d = new Y.Doc();
      d.getMap("x").set("n", n); // layout-literal-ok: the shared log stores any update; a scratch root
      return Y.encodeStateAsUpdate(d);
    };
    const start = (await log.readDocAfter(m.meetingId, "pledge", 0)).entries.at(-1)!.seq;
    const got: number[] = [];
    const stop = b.store.docLog.follow(m.meetingId, "pledge", start, (entries) => got.push(...entries.map((e) => e.seq)));
    expect(await log.appendDocUpdatesAfter(m.meetingId, "pledge", start, [u(1), u(2)])).toBe(start + 2);
    // Checked against `start`, but two entries landed since: refused, nothing stored.
    expect(await log.appendDocUpdatesAfter(m.meetingId, "pledge", start, [u(3)])).toBeNull();
    expect((await log.readDocAfter(m.meetingId, "pledge", start)).entries.map((e) => e.seq)).toEqual([start + 1, start + 2]);
    expect(await log.appendDocUpdatesAfter(m.meetingId, "pledge", start + 2, [u(4)])).toBe(start + 3);
    await waitUntil(() => got.length === 3, 5000, "the follower's entries");
    expect(got).toEqual([start + 1, start + 2, start + 3]);
    stop();
    // Compact up to start + 2: a reader at `start` must get the snapshot, then only what follows it.
    const snap = Y.encodeStateAsUpdate(await storedDocOfName(a.store, m, "pledge"));
    await a.store.compactDoc(m.meetingId, "pledge", snap, start + 2);
    const read = await log.readDocAfter(m.meetingId, "pledge", start);
    expect(read.snapshot).not.toBeNull();
    expect(read.upto).toBe(start + 2);
    expect(read.entries.map((e) => e.seq)).toEqual([start + 3]);
    const caughtUp = await log.readDocAfter(m.meetingId, "pledge", start + 2);
    expect(caughtUp.snapshot).toBeNull();
    expect(caughtUp.entries.map((e) => e.seq)).toEqual([start + 3]);
  });

  it("an edit on A reaches a follower on B, and is stored once", async () => {
    const m = await createRedisMeeting(a.store);
    await a.stage(m.meetingId, "self");
    const writer = track(await connect(a, m, m.links.delegates.BDT![0]!));
    const follower = track(await connect(b, m, m.links.public));
    setCell(writer.doc, "BDT", "self", "G2", 18.5);
    await waitUntil(() => cell(follower.doc, "BDT", "self", "G2") === 18.5, 5000, "the edit on B");
    expect(cell(await storedDocOf(b.store, m), "BDT", "self", "G2")).toBe(18.5);
    expect(writer.refusals).toEqual([]);
    expect(duplicateStructs((await storedLog(a.store, m)).entries)).toEqual([]);
  });

  it("a stage opened on A admits a write on B right after; a lock on A refuses the next write on B, with nothing stored", async () => {
    const m = await createRedisMeeting(a.store);
    const bdtOnB = track(await connect(b, m, m.links.delegates.BDT![0]!));
    const chairOnB = track(await connect(b, m, m.links.chair));
    const follower = track(await connect(a, m, m.links.public));
    // Closed stage: the self layer is not open. A opens it; B's very next write is checked against it.
    await a.stage(m.meetingId, "self");
    setCell(bdtOnB.doc, "BDT", "self", "G2", 17);
    await waitUntil(() => cell(follower.doc, "BDT", "self", "G2") === 17, 5000, "the self-assessment written on B");
    expect(bdtOnB.refusals).toEqual([]);

    await a.stage(m.meetingId, "agreed");
    await a.copyIntoAgreed(m.meetingId, "cross");
    await a.stage(m.meetingId, "locked");
    const before = Y.encodeStateAsUpdate(await storedDocOf(a.store, m));
    notes(chairOnB.doc).set("after-lock", "too late");
    await waitUntil(() => chairOnB.refusals.length > 0, 5000, "the refusal on B");
    expect(chairOnB.refusals[0]).toMatch(/LOCKED/);
    const after = await storedDocOf(a.store, m);
    expect(notes(after).has("after-lock")).toBe(false);
    expect(Y.encodeStateAsUpdate(after)).toEqual(before);
    expect(notes(follower.doc).has("after-lock")).toBe(false);
  });

  it("with B's tailing switched off, a lock on A still refuses B's next write: the append is conditioned on the last id B checked against", async () => {
    const c = await startYjsInstance(redis.url);
    // B learns of A's writes only when its conditional append fails: the check does not rest on the tail.
    c.store.docLog.follow = () => () => undefined;
    try {
      const m = await createRedisMeeting(a.store);
      await a.stage(m.meetingId, "agreed");
      await a.copyIntoAgreed(m.meetingId, "cross");
      const chairOnC = track(await connect(c, m, m.links.chair));
      notes(chairOnC.doc).set("before-lock", "in time");
      await waitUntil(() => notes(chairOnC.doc).has("before-lock") && chairOnC.refusals.length === 0, 5000, "the note written");
      for (let i = 0; i < 200 && !notes(await storedDocOf(a.store, m)).has("before-lock"); i++) await new Promise((r) => setTimeout(r, 25));
      expect(notes(await storedDocOf(a.store, m)).get("before-lock")).toBe("in time");
      await a.stage(m.meetingId, "locked");
      const before = Y.encodeStateAsUpdate(await storedDocOf(a.store, m));
      notes(chairOnC.doc).set("after-lock", "too late");
      await waitUntil(() => chairOnC.refusals.length > 0, 5000, "the refusal on C");
      expect(chairOnC.refusals[0]).toMatch(/LOCKED/);
      expect(Y.encodeStateAsUpdate(await storedDocOf(a.store, m))).toEqual(before);
    } finally {
      await c.close();
    }
  });

  it("an instance that fell behind a compaction (tailing off) takes the snapshot on its next write: nothing skipped, nothing twice", async () => {
    const small = await startYjsInstance(redis.url, { compactAfter: 50 });
    const c = await startYjsInstance(redis.url);
    c.store.docLog.follow = () => () => undefined;
    try {
      const m = await createRedisMeeting(small.store);
      const watcherOnC = track(await connect(c, m, m.links.public));
      const chairOnC = track(await connect(c, m, m.links.chair));
      const writers = await Promise.all([0, 1].map(() => connect(small, m, m.links.chair).then(track)));
      const keys = writeNotes(writers, "g", 200);
      const onSmall = track(await connect(small, m, m.links.public));
      await waitUntil(() => keys.every((k) => notes(onSmall.doc).has(k)), 15000, "all notes on the writers' instance");
      expect((await storedLog(small.store, m)).snapshot).not.toBeNull();
      expect(notes(watcherOnC.doc).size).toBe(0); // C has seen none of it
      notes(chairOnC.doc).set("from-C", "after the gap");
      await waitUntil(() => notes(watcherOnC.doc).has("from-C"), 5000, "C's write accepted after catching up");
      expect(realRefusals(chairOnC)).toEqual([]);
      expect(keys.every((k) => notes(watcherOnC.doc).has(k))).toBe(true);
      await waitUntil(() => notes(onSmall.doc).has("from-C"), 5000, "C's write on the other instance");
      expect(canonical(unitsOf(watcherOnC.doc))).toBe(canonical(unitsOf(onSmall.doc)));
      expect(duplicateStructs((await storedLog(small.store, m)).entries)).toEqual([]);
    } finally {
      await c.close();
      await small.close();
    }
  });

  it("a lock on A holds when B reloads the document later (B loaded the meeting before the lock)", async () => {
    const m = await createRedisMeeting(a.store);
    await a.stage(m.meetingId, "agreed");
    await a.copyIntoAgreed(m.meetingId, "cross");
    const first = await connect(b, m, m.links.chair); // B loads the meeting and the document, stage "agreed"
    await a.stage(m.meetingId, "locked");
    await waitUntil(() => scoresStage(first.doc) === "locked", 5000, "the lock on B");
    first.destroy();
    // B unloads the document once its last connection is gone and stored; the next join loads it again.
    for (let i = 0; i < 200 && b.yjs.loadedDocs().includes(`${m.meetingId}/scores`); i++) await new Promise((r) => setTimeout(r, 25));
    expect(b.yjs.loadedDocs()).not.toContain(`${m.meetingId}/scores`);
    const again = track(await connect(b, m, m.links.chair));
    expect(scoresStage(again.doc)).toBe("locked");
    notes(again.doc).set("after-reload", "too late");
    await waitUntil(() => again.refusals.length > 0, 5000, "the refusal on B");
    expect(again.refusals[0]).toMatch(/LOCKED/);
    expect(scoresStage(await storedDocOf(a.store, m))).toBe("locked");
  });

  it("a client joining B after many updates on A (compacted twice over) converges, and so does B's follower", async () => {
    const small = await startYjsInstance(redis.url, { compactAfter: 50 });
    try {
      const m = await createRedisMeeting(small.store);
      const early = track(await connect(b, m, m.links.public));
      const writers = await Promise.all([0, 1, 2, 3].map(() => connect(small, m, m.links.chair).then(track)));
      const keys = writeNotes(writers, "n", 400);
      const onA = track(await connect(small, m, m.links.public));
      await waitUntil(() => keys.every((k) => notes(onA.doc).has(k)), 15000, "all notes on A");
      const log = await storedLog(small.store, m);
      expect(log.snapshot).not.toBeNull(); // compacted: the early entries are gone from the stream
      const late = track(await connect(b, m, m.links.public));
      await waitUntil(() => keys.every((k) => notes(late.doc).has(k) && notes(early.doc).has(k)), 15000, "all notes on B");
      expect(unitsOf(late.doc)).toEqual(unitsOf(onA.doc));
      expect(unitsOf(early.doc)).toEqual(unitsOf(onA.doc));
      expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(onA.doc));
    } finally {
      await small.close();
    }
  });

  it("writers on A and B at once converge to the same document on both and in storage, each update stored once", async () => {
    const m = await createRedisMeeting(a.store);
    await a.stage(m.meetingId, "self");
    const onA = await Promise.all([0, 1].map(() => connect(a, m, m.links.chair).then(track)));
    const onB = await Promise.all([0, 1].map(() => connect(b, m, m.links.secretary).then(track)));
    const bdt = track(await connect(a, m, m.links.delegates.BDT![0]!));
    const stp = track(await connect(b, m, m.links.delegates.STP![0]!));
    const followA = track(await connect(a, m, m.links.public));
    const followB = track(await connect(b, m, m.links.public));
    const keysA = writeNotes(onA, "a", 150);
    const keysB = writeNotes(onB, "b", 150);
    // The same cell from both sides: one value wins, the same everywhere.
    notes(onA[0]!.doc).set("both", "from A");
    notes(onB[0]!.doc).set("both", "from B");
    for (let i = 0; i < 40; i++) {
      setCell(bdt.doc, "BDT", "self", "G2", (100 + i * 2) / 10);
      setCell(stp.doc, "STP", "self", "G2", (100 + i * 2) / 10);
    }
    const all = [...keysA, ...keysB, "both"];
    const done = (p: TestProvider) => all.every((k) => notes(p.doc).has(k)) && cell(p.doc, "BDT", "self", "G2") === 17.8 && cell(p.doc, "STP", "self", "G2") === 17.8;
    await waitUntil(() => done(followA) && done(followB), 20000, "both followers complete").catch((err) => {
      const missing = (p: TestProvider) => all.filter((k) => !notes(p.doc).has(k)).slice(0, 3).join() + ` local:${notes(onA[0]!.doc).size},${notes(onB[0]!.doc).size}`;
      console.log({ missingA: missing(followA), missingB: missing(followB), bdt: [cell(followA.doc, "BDT", "self", "G2"), cell(followB.doc, "BDT", "self", "G2")], stp: [cell(followA.doc, "STP", "self", "G2"), cell(followB.doc, "STP", "self", "G2")], refusals: [...onA, ...onB, bdt, stp].map((c) => realRefusals(c).slice(0, 2)) });
      throw err;
    });
    await waitUntil(() => sameUnits(followA, followB), 5000, "the followers agree");
    for (const c of [...onA, ...onB, bdt, stp]) expect(realRefusals(c)).toEqual([]);
    // The server's own writes naming new client ids may still be on their way: wait for the whole state.
    let stored = await storedDocOf(a.store, m);
    const same = (x: Y.Doc, y: Y.Doc) => Buffer.from(Y.encodeStateVector(x)).equals(Buffer.from(Y.encodeStateVector(y)));
    for (let i = 0; i < 100 && !(same(stored, followA.doc) && same(stored, followB.doc)); i++) {
      await new Promise((r) => setTimeout(r, 50));
      stored = await storedDocOf(a.store, m);
    }
    expect(Y.encodeStateVector(followA.doc)).toEqual(Y.encodeStateVector(stored));
    expect(Y.encodeStateVector(followB.doc)).toEqual(Y.encodeStateVector(stored));
    expect(unitsOf(stored)).toEqual(unitsOf(followA.doc));
    expect(docClients(stored).toJSON()).toEqual(docClients(followB.doc).toJSON());
    const log = await storedLog(a.store, m);
    expect(duplicateStructs(log.entries)).toEqual([]);
    const perKey = entriesPerKey(log.entries);
    for (const k of [...keysA, ...keysB]) expect(perKey.get(k), k).toBe(1);
  });

  it("kill -9 of an instance mid-burst: every update a client saw broadcast is stored exactly once, and B goes on", async () => {
    const child = await startYjsChild(redis.url, { compactAfter: 100_000 });
    try {
      const m = await createRedisMeeting(a.store);
      const writers = await Promise.all([0, 1, 2, 3, 4, 5].map(() => connect(child, m, m.links.chair).then(track)));
      const watcherOnChild = track(await connect(child, m, m.links.public));
      const watcherOnB = track(await connect(b, m, m.links.public));
      const seenOnChild = noteKeysSeen(watcherOnChild);
      const seenOnB = noteKeysSeen(watcherOnB);
      // A paced burst, so the kill lands in the middle of it: the writers keep editing while the instance dies.
      const TOTAL = 600;
      const writing = (async () => {
        for (let i = 0; i < TOTAL; i++) {
          notes(writers[i % writers.length]!.doc).set(`k${i}`, `value ${i}`);
          if (i % 6 === 5) await new Promise((r) => setTimeout(r, 3));
        }
      })();
      await waitUntil(() => seenOnChild.size >= 60, 10000, "part of the burst acknowledged");
      await child.kill("SIGKILL");
      await writing;
      const acknowledged = new Set([...seenOnChild, ...seenOnB]);
      expect(acknowledged.size).toBeGreaterThan(0);
      const log = await storedLog(a.store, m);
      const perKey = entriesPerKey(log.entries);
      for (const k of acknowledged) expect(perKey.get(k), k).toBe(1);
      expect(duplicateStructs(log.entries)).toEqual([]);
      const storedAtKill = [...perKey.keys()].filter((k) => k.startsWith("k"));
      console.log(`kill -9 mid-burst: ${TOTAL} written, ${acknowledged.size} seen broadcast, ${storedAtKill.length} stored at the kill`);
      // B shows all that was stored, and serves a write.
      await waitUntil(() => storedAtKill.every((k) => notes(watcherOnB.doc).has(k)), 10000, "B has everything stored");
      const chairOnB = track(await connect(b, m, m.links.chair));
      notes(chairOnB.doc).set("after-kill", "B serves");
      await waitUntil(() => notes(watcherOnB.doc).has("after-kill"), 5000, "a write on B after the kill");
      // The writers reconnect to B (as through nginx) with the documents they kept: their sync brings what the dead
      // instance never stored, and nothing it did store is stored again.
      for (const w of writers) w.provider.disconnect();
      const again = await Promise.all(writers.map((w) => reconnect(w.doc, b, m, m.links.chair)));
      const all = Array.from({ length: TOTAL }, (_, i) => `k${i}`);
      await waitUntil(() => all.every((k) => notes(watcherOnB.doc).has(k)), 10000, "every edit on B after the reconnection");
      for (const p of again) p.destroy();
      const after = await storedLog(a.store, m);
      const perKeyAfter = entriesPerKey(after.entries);
      for (const k of all) expect(perKeyAfter.get(k), k).toBe(1);
      expect(duplicateStructs(after.entries)).toEqual([]);
    } finally {
      await child.kill("SIGKILL");
    }
  });

  it("Redis stopped during a burst: refusals, never an acknowledgement without storage; Redis back: service resumes", async () => {
    const m = await createRedisMeeting(a.store);
    const writers = await Promise.all([0, 1].map(() => connect(a, m, m.links.chair).then(track)));
    const watcherOnA = track(await connect(a, m, m.links.public));
    const watcherOnB = track(await connect(b, m, m.links.public));
    const seen = [noteKeysSeen(watcherOnA), noteKeysSeen(watcherOnB)];
    writeNotes(writers, "r", 60);
    await waitUntil(() => seen[0]!.size >= 20, 10000, "part of the burst acknowledged");
    await redis.stop("SIGKILL");
    // Written while Redis is down: each must be refused, none broadcast.
    writeNotes(writers, "down", 40);
    await waitUntil(() => writers.every((w) => w.refusals.length > 0), 10000, "refusals while Redis is down");
    expect(writers.flatMap((w) => w.refusals).every((r) => /SERVER_ERROR/.test(r))).toBe(true);
    redis = await startRedis({ port: redis.port, dir: redis.dir });

    const acknowledged = new Set([...seen[0]!, ...seen[1]!]);
    // A's connection to Redis comes back by itself, within its reconnection backoff.
    let log: Awaited<ReturnType<typeof storedLog>> | null = null;
    for (let i = 0; i < 100 && !log; i++) log = await storedLog(a.store, m).catch(() => new Promise<null>((r) => setTimeout(() => r(null), 100)));
    if (!log) throw new Error("Redis did not come back for A");
    const perKey = entriesPerKey(log.entries);
    for (const k of acknowledged) expect(perKey.get(k), k).toBe(1);
    expect([...acknowledged].filter((k) => k.startsWith("down"))).toEqual([]);
    expect(duplicateStructs(log.entries)).toEqual([]);

    // Service resumes by itself: a new client's write on A reaches B (the connections retry in the background).
    let resumed = false;
    for (let i = 0; i < 50 && !resumed; i++) {
      const fresh = track(await connect(a, m, m.links.chair));
      notes(fresh.doc).set(`back${i}`, "Redis is back");
      await waitUntil(() => fresh.refusals.length > 0 || notes(watcherOnB.doc).has(`back${i}`), 5000, "an answer").catch(() => undefined);
      resumed = notes(watcherOnB.doc).has(`back${i}`);
    }
    expect(resumed).toBe(true);
    await waitUntil(() => sameUnits(watcherOnA, watcherOnB), 10000, "A and B agree");
    expect(unitsOf(await storedDocOf(b.store, m))).toEqual(unitsOf(watcherOnB.doc));
  });
});
