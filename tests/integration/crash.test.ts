import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { connectDoc, createMeeting, emitAck, joinWith, tempDataDir, waitUntil } from "../helpers/server";
import { startChildServer } from "../helpers/child-server";
import { EVENTS } from "../../shared/protocol/events";
import { cell, openStage, setCell } from "../helpers/scores";
import type { RunningServer } from "../../server/app";
import { scoresStage } from "../../shared/documents/layout";

// The helpers take a RunningServer; a child process offers the same url/port/adminToken.
const asServer = (c: { url: string; port: number; adminToken: string }) => c as unknown as RunningServer;

describe("a server killed with SIGKILL right after acknowledging", () => {
  it("loses no acknowledged command and no broadcast score", async () => {
    const dataDir = tempDataDir();
    const first = await startChildServer(dataDir);
    const m = await createMeeting(asServer(first));
    await openStage(asServer(first), m, "self");
    const chair = await joinWith(asServer(first), m.links.chair);
    expect(await emitAck(chair.socket, EVENTS.AGENDA_GOTO, { index: 9 })).toEqual({ ok: true });
    const bdt = await connectDoc(asServer(first), m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const watcher = await connectDoc(asServer(first), m.meetingId, "scores", m.links.public);
    setCell(bdt.doc, "BDT", "self", "G2", 17.5);
    await waitUntil(() => cell(watcher.doc, "BDT", "self", "G2") === 17.5, 5000, "broadcast");
    await first.kill("SIGKILL");
    bdt.destroy();
    watcher.destroy();
    chair.socket.disconnect();

    const second = await startChildServer(dataDir);
    try {
      const again = await joinWith(asServer(second), m.links.chair);
      expect(again.latest().agendaIndex).toBe(9);
      expect(again.latest().scores.stage).toBe("self");
      const reader = await connectDoc(asServer(second), m.meetingId, "scores", m.links.screen);
      expect(cell(reader.doc, "BDT", "self", "G2")).toBe(17.5);
      expect(scoresStage(reader.doc)).toBe("self");
      reader.destroy();
      again.socket.disconnect();
    } finally {
      await second.kill("SIGTERM");
    }
  });

  it("stores every document on SIGTERM and exits cleanly", async () => {
    const dataDir = tempDataDir();
    const srv = await startChildServer(dataDir, { YJS_COMPACT_UPDATES: "1000" });
    const m = await createMeeting(asServer(srv));
    await openStage(asServer(srv), m, "self");
    const stp = await connectDoc(asServer(srv), m.meetingId, "scores", m.links.delegates.STP![0]!);
    for (let i = 0; i < 20; i++) setCell(stp.doc, "STP", "self", "G3", i % 2 ? 9 : 8.5);
    const watcher = await connectDoc(asServer(srv), m.meetingId, "scores", m.links.public);
    await waitUntil(() => cell(watcher.doc, "STP", "self", "G3") === 9, 5000, "broadcast");
    const exited = new Promise<number | null>((resolve) => srv.process.once("exit", (code) => resolve(code)));
    srv.process.kill("SIGTERM");
    expect(await exited).toBe(0);
    stp.destroy();
    watcher.destroy();
    const { SqliteStore } = await import("../../server/storage/sqlite");
    const store = new SqliteStore(dataDir);
    const stored = await store.loadDoc(m.meetingId, "scores");
    // Shutdown compacts the update log into one snapshot.
    expect(stored.snapshot).not.toBeNull();
    expect(stored.updates).toHaveLength(0);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored.snapshot!);
    expect(cell(doc, "STP", "self", "G3")).toBe(9);
    await store.close();
  });
});
