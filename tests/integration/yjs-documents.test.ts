import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import { connectDoc, createMeeting, startTestServer, storedDoc, tokenOf, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import { cell, openStage, setCell } from "../helpers/scores";
import { draftText, scoresUnits } from "../../shared/documents/layout";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  await openStage(server, m, "self");
});
afterAll(() => server.close());


describe("the scores document", () => {
  it("arrives with the structure the server created", async () => {
    const screen = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    expect([...scoresUnits(screen.doc).keys()].sort()).toEqual(["BDT", "DUK", "SNGV", "SNV", "STP", "TTR", "VPDDBQH", "VPUBND"]);
    expect(cell(screen.doc, "BDT", "self", "G1")).toBe(39);
    expect(cell(screen.doc, "TTR", "cross", "T1")).toBe(1);
    screen.destroy();
  });

  it("syncs two delegates' edits of their own rows to every client", async () => {
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const stp = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    const follower = await connectDoc(server, m.meetingId, "scores", m.links.public);
    setCell(bdt.doc, "BDT", "self", "G2", 18.5);
    setCell(stp.doc, "STP", "self", "G2", 17);
    for (const c of [bdt, stp, chair, follower])
      await waitUntil(() => cell(c.doc, "BDT", "self", "G2") === 18.5 && cell(c.doc, "STP", "self", "G2") === 17, 5000, "both edits");
    const stored = await storedDoc(server, m.meetingId, "scores");
    expect(cell(stored, "BDT", "self", "G2")).toBe(18.5);
    expect(cell(stored, "STP", "self", "G2")).toBe(17);
    expect(bdt.refusals).toEqual([]);
    for (const c of [bdt, stp, chair, follower]) c.destroy();
  });

  it.each([
    ["the big screen", "screen"],
    ["a public follower", "public"],
  ] as const)("refuses a write from %s: not applied, not stored, not broadcast", async (_who, linkKey) => {
    const reader = await connectDoc(server, m.meetingId, "scores", m.links[linkKey]);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    const before = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "scores"));
    const chairUpdates: Uint8Array[] = [];
    chair.doc.on("update", (u: Uint8Array) => chairUpdates.push(u));
    setCell(reader.doc, "BDT", "agreed", "G1", 40);
    await waitUntil(() => reader.refusals.length > 0, 5000, "refusal");
    expect(reader.refusals[0]).toMatch(/^refused:/);
    const after = await storedDoc(server, m.meetingId, "scores");
    expect(cell(after, "BDT", "agreed", "G1")).toBeUndefined();
    expect(Y.encodeStateAsUpdate(after)).toEqual(before);
    expect(chairUpdates).toEqual([]);
    expect(cell(chair.doc, "BDT", "agreed", "G1")).toBeUndefined();
    reader.destroy();
    chair.destroy();
  });

  it("refuses a connection with an unknown token or a token of another meeting", async () => {
    const other = await createMeeting(server);
    const tryOpen = (url: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
        ws.on("open", () => resolve(101));
      });
    expect(await tryOpen(`ws://127.0.0.1:${server.port}/yjs/${m.meetingId}/scores?token=${"z".repeat(32)}`)).toBe(401);
    expect(await tryOpen(`ws://127.0.0.1:${server.port}/yjs/${m.meetingId}/scores`)).toBe(401);
    expect(await tryOpen(`ws://127.0.0.1:${server.port}/yjs/${m.meetingId}/scores?token=${tokenOf(other.links.chair)}`)).toBe(403);
    expect(await tryOpen(`ws://127.0.0.1:${server.port}/yjs/${m.meetingId}/secrets?token=${tokenOf(m.links.chair)}`)).toBe(404);
  });

  it("refuses a malformed update and keeps the connection usable", async () => {
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const ws = (bdt.provider as unknown as { ws: WebSocket }).ws;
    // message type 0 (sync), sync type 2 (update), then a byte array that is not a Yjs update
    ws.send(new Uint8Array([0, 2, 4, 255, 1, 2, 3]));
    await waitUntil(() => bdt.refusals.length > 0, 5000, "refusal");
    expect(bdt.refusals[0]).toMatch(/^refused:MALFORMED:\*\n/);
    bdt.refusals.length = 0;
    setCell(bdt.doc, "BDT", "self", "G3", 9);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    await waitUntil(() => cell(chair.doc, "BDT", "self", "G3") === 9, 5000, "later edit");
    bdt.destroy();
    chair.destroy();
  });
});

describe("client ids", () => {
  it("refuses an update that carries another device's client id", async () => {
    const stp = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    setCell(stp.doc, "STP", "self", "G4", 13);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    await waitUntil(() => cell(chair.doc, "STP", "self", "G4") === 13, 5000, "stp edit");
    // A second STP tablet (another link of the same unit) pretends to be the first one.
    const impostor = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![1]!);
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(impostor.doc));
    // Set after loading, or Yjs itself notices the clash and picks a new id.
    forged.clientID = stp.doc.clientID;
    const sv = Y.encodeStateVector(forged);
    setCell(forged, "STP", "self", "G4", 2);
    Y.applyUpdate(impostor.doc, Y.encodeStateAsUpdate(forged, sv));
    await waitUntil(() => impostor.refusals.length > 0, 5000, "refusal");
    expect(impostor.refusals[0]).toMatch(/^refused:FOREIGN_CLIENT:\*\n/);
    expect(cell(await storedDoc(server, m.meetingId, "scores"), "STP", "self", "G4")).toBe(13);
    for (const c of [stp, chair, impostor]) c.destroy();
  });
});

describe("the pledge document", () => {
  it("lets the chair edit the draft and refuses a delegate's direct edit", async () => {
    const chair = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const delegate = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.DUK![0]!);
    const title = draftText(chair.doc, "title")!;
    expect(title.toString()).toBe("BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
    draftText(delegate.doc, "preamble")!.insert(0, "Sửa trái phép. ");
    await waitUntil(() => delegate.refusals.length > 0, 5000, "refusal");
    draftText(chair.doc, "subtitle")!.insert(0, "Dự thảo lần 2 — ");
    await waitUntil(() => draftText(delegate.doc, "subtitle")!.toString().startsWith("Dự thảo lần 2"), 5000, "chair edit");
    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect(draftText(stored, "preamble")!.toString()).not.toContain("Sửa trái phép");
    chair.destroy();
    delegate.destroy();
  });
});
