import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectDoc, createMeeting, emitAck, joinWith, startTestServer, tempDataDir, tokenOf, waitUntil } from "../helpers/server";
import { EVENTS } from "../../shared/protocol/events";
import { openStage } from "../helpers/scores";
import { pledgeMeta, scoreLayer, scoresMeta, scoresStage } from "../../shared/documents/layout";

describe("a restart", () => {
  it("finds the meeting, the journal and the Yjs documents as they were", async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer(dataDir);
    const m = await createMeeting(server);
    await openStage(server, m, "self");
    const chair = await joinWith(server, m.links.chair);
    expect(await emitAck(chair.socket, EVENTS.AGENDA_GOTO, { index: 7 })).toEqual({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.ROLLCALL_MARK, { unit: "DUK", mark: "absent" })).toEqual({ ok: true });
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    scoreLayer(bdt.doc, "BDT", "self")!.set("G5", 9.5);
    const observer = await connectDoc(server, m.meetingId, "scores", m.links.public);
    // Broadcast to another client means the update was stored first.
    await waitUntil(() => scoreLayer(observer.doc, "BDT", "self")!.get("G5") === 9.5, 5000, "broadcast");
    const journalBefore = await (await fetch(`${server.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } })).json();
    chair.socket.disconnect();
    bdt.destroy();
    observer.destroy();
    await server.close();

    server = await startTestServer(dataDir);
    const again = await joinWith(server, m.links.chair);
    expect(again.latest()).toMatchObject({ meetingId: m.meetingId, agendaIndex: 7 });
    expect(again.latest().attendance.find((a) => a.unit === "DUK")).toMatchObject({ mark: "absent", present: false });
    const journalAfter = (await (await fetch(`${server.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } })).json()) as { entries: unknown[] };
    expect(journalAfter.entries.slice(0, (journalBefore as { entries: unknown[] }).entries.length)).toEqual((journalBefore as { entries: unknown[] }).entries);
    const reader = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    expect(scoreLayer(reader.doc, "BDT", "self")!.get("G5")).toBe(9.5);
    expect(scoreLayer(reader.doc, "BDT", "self")!.get("G1")).toBe(39);
    reader.destroy();
    again.socket.disconnect();
    await server.close();
  });

  it("keeps an update that was broadcast even when the server is killed without a graceful stop", async () => {
    const dataDir = tempDataDir();
    const server = await startTestServer(dataDir);
    const m = await createMeeting(server);
    await openStage(server, m, "self");
    const stp = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const watcher = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    scoreLayer(stp.doc, "STP", "self")!.set("G6", 4);
    await waitUntil(() => scoreLayer(watcher.doc, "STP", "self")!.get("G6") === 4, 5000, "broadcast");
    // No close(): read the database as a fresh process would, through a second store on the same file.
    const { SqliteStore } = await import("../../server/storage/sqlite");
    const second = new SqliteStore(dataDir);
    const stored = await second.loadDoc(m.meetingId, "scores");
    const doc = new Y.Doc();
    for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
    expect(scoreLayer(doc, "STP", "self")!.get("G6")).toBe(4);
    await second.close();
    stp.destroy();
    watcher.destroy();
    await server.close();
  });
});

describe("a crash between a document write and its database write", () => {
  it("is repaired at load: the database's stage and freeze win over the document's meta", async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer(dataDir);
    const m = await createMeeting(server);
    await server.close();

    // Simulate the crash: the documents say "locked" and "frozen", the database never heard of it.
    const { SqliteStore } = await import("../../server/storage/sqlite");
    const store = new SqliteStore(dataDir);
    for (const [name, write] of [
      ["scores", (d: Y.Doc) => scoresMeta(d).set("stage", "locked")],
      ["pledge", (d: Y.Doc) => { pledgeMeta(d).set("frozen", true); pledgeMeta(d).set("hash", "f".repeat(64)); }],
    ] as const) {
      const stored = await store.loadDoc(m.meetingId, name);
      const doc = new Y.Doc();
      for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
      const before = Y.encodeStateVector(doc);
      write(doc);
      await store.appendDocUpdate(m.meetingId, name, Y.encodeStateAsUpdate(doc, before));
    }
    await store.close();

    server = await startTestServer(dataDir);
    const scores = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    const pledge = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    expect(scoresStage(scores.doc)).toBe("closed");
    expect(pledgeMeta(pledge.doc).get("frozen")).toBe(false);
    expect(pledgeMeta(pledge.doc).has("hash")).toBe(false);
    scores.destroy();
    pledge.destroy();
    await server.close();
  });
});
