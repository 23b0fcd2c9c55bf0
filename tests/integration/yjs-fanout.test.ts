import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as decoding from "lib0/decoding";
import type { RunningServer } from "../../server/app";
import type { DocConnection } from "../../server/yjs/doc-room";
import { Frame } from "../../server/yjs/frame";
import { FANOUT_MERGE_MIN_CONNECTIONS } from "../../server/yjs/fanout";
import { CLOSE_CODES } from "../../shared/protocol/errors";
import { connectDoc, createMeeting, startTestServer, storedDoc, tokenOf, waitUntil, type CreatedTestMeeting, type TestProvider } from "../helpers/server";
import { syncStep1 } from "../helpers/raw-yjs";
import { cell, layerMap, openStage, setCell } from "../helpers/scores";
import { draftJson, draftSections, newDraftSection } from "../../shared/documents/layout";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  await openStage(server, m, "self");
});
afterAll(() => server.close());

/** A connection of the room that records what the server sends it (the room's own view of a socket). */
async function recordingConnection(link: string): Promise<DocConnection & { received: (Uint8Array | Frame)[] }> {
  const auth = await server.registry.authenticate(tokenOf(link));
  if (!auth.ok) throw new Error(auth.message);
  const received: (Uint8Array | Frame)[] = [];
  return { session: auth.session, awarenessIds: new Set(), refusedAt: [], received, send: (msg) => received.push(msg) };
}

/** The Yjs update inside a broadcast frame (y-websocket sync message, type update). */
function updateOf(msg: Uint8Array | Frame): Uint8Array {
  const d = decoding.createDecoder(msg instanceof Frame ? msg.payload : msg);
  expect(decoding.readVarUint(d)).toBe(0);
  expect(decoding.readVarUint(d)).toBe(2);
  return decoding.readVarUint8Array(d);
}

/** A device's edit of the stored document: one cell, from its own client id. */
function edit(base: Y.Doc, clientID: number, unit: string, key: string, value: number, keep = true): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  // Set after loading: Yjs gives a document a new id when it loads structs of its own id.
  doc.clientID = clientID;
  const before = Y.encodeStateVector(doc);
  setCell(doc, unit, "self", key, value);
  if (keep) Y.applyUpdate(base, Y.encodeStateAsUpdate(doc, before));
  return Y.encodeStateAsUpdate(doc, before);
}

describe("merged fan-out", () => {
  it("sends the updates accepted together as one frame, the same bytes to every subscriber, without the refused one", async () => {
    const meeting = (await server.registry.get(m.meetingId))!;
    const room = await server.yjs.docRoom(meeting, "scores");
    const bdt = await recordingConnection(m.links.delegates.BDT![0]!);
    const stp = await recordingConnection(m.links.delegates.STP![0]!);
    const screen = await recordingConnection(m.links.screen);
    const follower = await recordingConnection(m.links.public);
    for (const c of [bdt, stp, screen, follower]) room.connections.add(c);
    try {
      const base = await storedDoc(server, m.meetingId, "scores");
      // First writes bind each device's client id (and name it in a server write of its own).
      expect(await room.applyClientUpdate(bdt, edit(base, 91_001, "BDT", "G2", 10))).toEqual({ ok: true, applied: true });
      expect(await room.applyClientUpdate(stp, edit(base, 91_002, "STP", "G2", 11))).toEqual({ ok: true, applied: true });
      for (const c of [bdt, stp, screen, follower]) c.received.length = 0;

      // Sent in one tick, they are checked in one drain: BDT's tablet writes its row twice and STP's row once (refused).
      const stateBefore = Y.encodeStateAsUpdate(base);
      const stpBefore = cell(base, "STP", "self", "G3");
      const results = await Promise.all([
        room.applyClientUpdate(bdt, edit(base, 91_001, "BDT", "G2", 12)),
        room.applyClientUpdate(bdt, edit(base, 91_001, "STP", "G3", 1, false)),
        room.applyClientUpdate(stp, edit(base, 91_002, "STP", "G2", 13)),
        room.applyClientUpdate(bdt, edit(base, 91_001, "BDT", "G3", 4)),
      ]);
      expect(results[0]).toEqual({ ok: true, applied: true });
      expect(results[1]).toMatchObject({ ok: false });
      expect(results[2]).toEqual({ ok: true, applied: true });
      expect(results[3]).toEqual({ ok: true, applied: true });

      // One frame to each subscriber, the same object (encoded once), and to both senders (two senders in the batch).
      for (const c of [screen, follower, bdt, stp]) expect(c.received).toHaveLength(1);
      expect(screen.received[0]).toBeInstanceOf(Frame);
      expect(follower.received[0]).toBe(screen.received[0]);
      expect(bdt.received[0]).toBe(screen.received[0]);

      // What the frame carries, applied to the state before the batch: the three accepted edits, not the refused one.
      const seen = new Y.Doc();
      Y.applyUpdate(seen, stateBefore);
      Y.applyUpdate(seen, updateOf(screen.received[0]!));
      expect(seen.store.pendingStructs).toBeNull();
      expect(cell(seen, "BDT", "self", "G2")).toBe(12);
      expect(cell(seen, "BDT", "self", "G3")).toBe(4);
      expect(cell(seen, "STP", "self", "G2")).toBe(13);
      const stored = await storedDoc(server, m.meetingId, "scores");
      expect(cell(stored, "STP", "self", "G3")).toBe(stpBefore);
      expect(cell(room.doc, "STP", "self", "G3")).toBe(stpBefore);
      for (const unit of ["BDT", "STP"]) expect(layerMap(seen, unit, "self").toJSON()).toEqual(layerMap(stored, unit, "self").toJSON());

      // A batch from one sender: everyone else gets it, the sender does not get its own edit back.
      for (const c of [bdt, stp, screen, follower]) c.received.length = 0;
      expect(await room.applyClientUpdate(stp, edit(base, 91_002, "STP", "G3", 5))).toEqual({ ok: true, applied: true });
      expect(stp.received).toHaveLength(0);
      for (const c of [bdt, screen, follower]) expect(c.received).toHaveLength(1);
    } finally {
      for (const c of [bdt, stp, screen, follower]) room.connections.delete(c);
    }
  });

  it(`with ${FANOUT_MERGE_MIN_CONNECTIONS} or more subscribers, drains go out merged: every subscriber gets the same frames, carrying every edit, each stored before it is sent; the lone writer gets none back`, async () => {
    const meeting = (await server.registry.get(m.meetingId))!;
    const room = await server.yjs.docRoom(meeting, "scores");
    const writer = await recordingConnection(m.links.delegates.SNV![0]!);
    const followers = await Promise.all(Array.from({ length: FANOUT_MERGE_MIN_CONNECTIONS }, () => recordingConnection(m.links.public)));
    // What the store held when each frame was handed to the first follower.
    const storedAtSend: Promise<Y.Doc>[] = [];
    const first = followers[0]!;
    const record = first.send;
    first.send = (msg) => (storedAtSend.push(storedDoc(server, m.meetingId, "scores")), record(msg));
    const base = await storedDoc(server, m.meetingId, "scores");
    // The writer's first edit binds its client id (and names it in a server write of its own), before anyone listens.
    expect(await room.applyClientUpdate(writer, edit(base, 92_001, "SNV", "G3", 1))).toEqual({ ok: true, applied: true });
    const stateBefore = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "scores"));
    room.connections.add(writer);
    for (const f of followers) room.connections.add(f);
    try {
      // Three drains, one after the other.
      for (const [key, value] of [["G2", 7], ["G3", 3], ["G2", 8]] as const)
        expect(await room.applyClientUpdate(writer, edit(base, 92_001, "SNV", key, value))).toEqual({ ok: true, applied: true });
      const carries = (received: (Uint8Array | Frame)[]) => {
        const seen = new Y.Doc();
        Y.applyUpdate(seen, stateBefore);
        for (const msg of received) Y.applyUpdate(seen, updateOf(msg));
        return ["G2", "G3"].map((k) => cell(seen, "SNV", "self", k));
      };
      await waitUntil(() => followers.every((f) => carries(f.received).join() === "8,3"), 5000, "every follower has the last of the three edits");
      expect(writer.received).toHaveLength(0);
      for (const f of followers) {
        expect(f.received.length).toBeLessThanOrEqual(3);
        f.received.forEach((msg, i) => expect(msg).toBe(first.received[i]));
      }
      // Stored before sent: each frame's edits were in the store when it went out.
      const stores = await Promise.all(storedAtSend);
      first.received.forEach((msg, i) => {
        const seen = new Y.Doc();
        Y.applyUpdate(seen, Y.encodeStateAsUpdate(stores[i]!));
        const before = Y.encodeStateVector(seen);
        Y.applyUpdate(seen, updateOf(msg));
        expect(Y.encodeStateVector(seen)).toEqual(before);
      });
    } finally {
      room.connections.delete(writer);
      for (const f of followers) room.connections.delete(f);
    }
  });

  it("every subscriber converges on what is stored while eight tablets write at once and one write is refused", async () => {
    const m2 = await createMeeting(server);
    await openStage(server, m2, "self");
    const units = Object.keys(m2.links.delegates).slice(0, 8);
    const writers = await Promise.all(units.map((u) => connectDoc(server, m2.meetingId, "scores", m2.links.delegates[u]![0]!)));
    const followers: TestProvider[] = [];
    for (let i = 0; i < 20; i++) followers.push(await connectDoc(server, m2.meetingId, "scores", i % 2 ? m2.links.public : m2.links.screen));
    const groups = [...layerMap(writers[0]!.doc, units[0]!, "self").keys()].filter((k) => /^G\d+$/.test(k)); // criteria groups (max ≥ 5)
    expect(groups.length).toBeGreaterThan(1);
    // Each tablet writes every cell of its row, all in the same few ticks; the first also writes its neighbour's row.
    for (let round = 0; round < 5; round++)
      writers.forEach((w, i) => {
        for (const g of groups) setCell(w.doc, units[i]!, "self", g, round + i / 10);
      });
    setCell(writers[0]!.doc, units[1]!, "self", groups[0]!, 99);
    await waitUntil(() => writers[0]!.refusals.length > 0, 10_000, "the refusal");
    const expected = (doc: Y.Doc) => units.map((u, i) => groups.map((g) => cell(doc, u, "self", g) === 4 + i / 10).every(Boolean)).every(Boolean);
    for (const f of followers) await waitUntil(() => expected(f.doc), 20_000, "a follower converging");
    const stored = await storedDoc(server, m2.meetingId, "scores");
    expect(expected(stored)).toBe(true);
    expect(cell(stored, units[1]!, "self", groups[0]!)).toBe(4.1);
    for (const f of followers) {
      expect(cell(f.doc, units[1]!, "self", groups[0]!)).toBe(4.1);
      expect(layerMap(f.doc, units[1]!, "self").toJSON()).toEqual(layerMap(stored, units[1]!, "self").toJSON());
    }
    for (const c of [...writers, ...followers]) c.destroy();
  });

  it("cuts a subscriber that stops reading (close 4508) instead of buffering for it; its provider reconnects and resyncs", async () => {
    const m3 = await createMeeting(server);
    const chair = await connectDoc(server, m3.meetingId, "pledge", m3.links.chair);
    // A draft near the document limit (~850 kB): each whole-state reply to the slow reader is that large.
    const sections = draftSections(chair.doc)!;
    const long = (i: number) => `Cam ket ${i}: ${"nang cao chat luong thi dua ".repeat(80)}`.slice(0, 1900);
    for (let s = 0; s < 8; s++)
      chair.doc.transact(() => {
        sections.push([newDraftSection(`Phan ${s}`, Array.from({ length: 55 }, (_, i) => long(s * 100 + i)))]);
      });
    const screen = await connectDoc(server, m3.meetingId, "pledge", m3.links.screen);
    await waitUntil(() => Y.encodeStateAsUpdate(screen.doc).length > 800_000 || chair.refusals.length > 0, 20_000, "the large draft");
    expect(chair.refusals).toEqual([]);
    const meeting = (await server.registry.get(m3.meetingId))!;
    const room = await server.yjs.docRoom(meeting, "pledge");
    const connected = room.connections.size;

    // The screen stops reading its socket, then asks for the whole state ten times (within its budget).
    const ws = screen.provider.ws as unknown as import("ws").WebSocket;
    const codes: number[] = [];
    ws.on("close", (code: number) => codes.push(code));
    ws.pause();
    for (let i = 0; i < 10; i++) ws.send(syncStep1());
    await waitUntil(() => room.connections.size === connected - 1, 20_000, "the slow screen being cut");

    // An edit while it is cut: not queued for it.
    chair.doc.transact(() => ((sections.get(0).get("commitments") as Y.Array<Y.Text>).get(0).insert(0, "SỬA SAU: ")));
    const stored = async () => draftJson(await storedDoc(server, m3.meetingId, "pledge"));
    await waitUntil(() => String((draftJson(chair.doc) as { sections: { commitments: string[] }[] }).sections[0]!.commitments[0]).startsWith("SỬA SAU"), 5000, "local edit");
    ws.resume();
    await waitUntil(() => codes.length > 0, 20_000, "the close reaching the screen");
    expect(codes[0]).toBe(CLOSE_CODES.SLOW_CONSUMER);
    // The stock provider reconnects by itself and resyncs to what is stored, the edit made while it was cut included.
    await waitUntil(() => screen.provider.synced && screen.provider.ws !== (ws as unknown), 20_000, "the screen reconnecting");
    const want = await (async () => {
      await waitUntil(() => room.connections.size === connected, 20_000, "the screen back in the room");
      return stored();
    })();
    await waitUntil(() => JSON.stringify(draftJson(screen.doc)) === JSON.stringify(want), 20_000, "the screen converging");
    expect(JSON.stringify(want)).toContain("SỬA SAU: ");
    chair.destroy();
    screen.destroy();
  });
});
