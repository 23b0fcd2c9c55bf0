import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type WebSocket from "ws";
import { connectDoc, createMeeting, startTestServer, storedDoc, tokenOf, waitUntil, type CreatedTestMeeting, type TestProvider } from "../helpers/server";
import { cell, layerMap, openStage, scoresAction, setCell } from "../helpers/scores";
import { EVENTS } from "../../shared/protocol/events";
import { verifyJournal } from "../../shared/journal/chain";
import type { RunningServer } from "../../server/app";
import { docClients, scoresMeta, scoresStage, scoresUnits } from "../../shared/documents/layout";
import { lastWriter } from "../../shared/documents/writers";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const stateOf = async (m: CreatedTestMeeting) => Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "scores"));
const get = (path: string, link: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });

/** Makes one write with a provider and expects the server to refuse it and store nothing. */
async function expectRefused(m: CreatedTestMeeting, p: TestProvider, write: (doc: Y.Doc) => void, reason: RegExp) {
  const before = await stateOf(m);
  const refusals = p.refusals.length;
  write(p.doc);
  await waitUntil(() => p.refusals.length > refusals, 5000, "refusal");
  expect(p.refusals.at(-1)).toMatch(reason);
  expect(await stateOf(m)).toEqual(before);
}

describe("writing the score table", () => {
  let m: CreatedTestMeeting;
  beforeAll(async () => {
    m = await createMeeting(server);
    await openStage(server, m, "self");
  });

  // prettier-ignore
  it.each<[string, "BDT" | "STP" | "screen" | "public" | "chair", (doc: Y.Doc) => void, RegExp]>([
    ["a group score above the group's maximum", "BDT",    (d) => setCell(d, "BDT", "self", "G1", 40.5),       /^refused:BAD_VALUE:units\.BDT\.self\.G1\n/],
    ["a negative score",                        "BDT",    (d) => setCell(d, "BDT", "self", "G2", -1),         /^refused:BAD_VALUE:units\.BDT\.self\.G2\n/],
    ["a score with two decimals",               "BDT",    (d) => setCell(d, "BDT", "self", "G2", 18.25),      /^refused:BAD_VALUE:units\.BDT\.self\.G2\n/],
    ["a score that is not a number",            "BDT",    (d) => setCell(d, "BDT", "self", "G3", "9,5"),      /^refused:BAD_VALUE:units\.BDT\.self\.G3\n/],
    ["a bonus count above its maximum",         "BDT",    (d) => setCell(d, "BDT", "self", "B1", 2),          /^refused:BAD_VALUE:units\.BDT\.self\.B1\n/],
    ["a fractional deduction count",            "BDT",    (d) => setCell(d, "BDT", "self", "T1", 1.5),        /^refused:BAD_VALUE:units\.BDT\.self\.T1\n/],
    ["an unknown criterion",                    "BDT",    (d) => setCell(d, "BDT", "self", "G9", 1),          /^refused:BAD_VALUE:units\.BDT\.self\.G9\n/],
    ["a write to another unit's row",           "BDT",    (d) => setCell(d, "STP", "self", "G1", 30),         /^refused:FORBIDDEN:units\.STP\.self\.G1\n/],
    ["a write to the cross layer in the self stage", "STP", (d) => setCell(d, "BDT", "cross", "G1", 30),      /^refused:(FORBIDDEN|NOT_OPEN):units\.BDT\.cross\.G1\n/],
    ["a delegate's write to the agreed layer",  "BDT",    (d) => setCell(d, "BDT", "agreed", "G1", 30),       /^refused:FORBIDDEN:units\.BDT\.agreed\.G1\n/],
    ["a write to the meta map",                 "BDT",    (d) => scoresMeta(d).set("stage", "locked"),     /^refused:STRUCTURE:meta\.stage\n/],
    ["a new unit row",                          "BDT",    (d) => scoresUnits(d).set("EVIL", new Y.Map()),  /^refused:STRUCTURE:units\.EVIL\n/],
    ["a write to a new root type",              "BDT",    (d) => d.getMap("evil").set("x", 1),                /^refused:STRUCTURE:/], // layout-literal-ok: the attack is a root outside the layout
    ["a note from a delegate",                  "BDT",    (d) => layerMap(d, "BDT", "notes").set("G1", "hi"), /^refused:FORBIDDEN:units\.BDT\.notes\.G1\n/],
    ["a write from the big screen",             "screen", (d) => setCell(d, "BDT", "self", "G1", 30),         /^refused:READ_ONLY:\*\n/],
    ["a write from a follower",                 "public", (d) => setCell(d, "BDT", "agreed", "G1", 30),       /^refused:READ_ONLY:\*\n/],
  ])("refuses %s, stores nothing and tells the sender", async (_name, who, write, reason) => {
    const link = who === "BDT" || who === "STP" ? m.links.delegates[who]![0]! : m.links[who];
    const p = await connectDoc(server, m.meetingId, "scores", link);
    await expectRefused(m, p, write, reason);
    p.destroy();
  });

  it("lets a delegate clear and re-enter its own cell, and names who changed it", async () => {
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![1]!);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    layerMap(bdt.doc, "BDT", "self").delete("G6");
    setCell(bdt.doc, "BDT", "self", "G6", 4.5);
    await waitUntil(() => cell(chair.doc, "BDT", "self", "G6") === 4.5, 5000, "edit");
    // The cell's Yjs item carries the writer's client id; the server names each client id once.
    await waitUntil(() => docClients(chair.doc).has(String(bdt.doc.clientID)), 5000, "client label");
    expect(docClients(chair.doc).get(String(bdt.doc.clientID))).toMatchObject({ role: "delegate", unit: "BDT", linkId: "delegate-BDT-2" });
    expect(bdt.refusals).toEqual([]);
    bdt.destroy();
    chair.destroy();
  });

  it("delivers edits made while a tablet was offline once it reconnects", async () => {
    const stp = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    stp.provider.disconnect();
    setCell(stp.doc, "STP", "self", "G1", 37.5);
    setCell(stp.doc, "STP", "self", "B2", 2);
    setCell(chair.doc, "STP", "notes", "G1", "Đề nghị xem lại G1");
    await waitUntil(() => cell(stp.doc, "STP", "notes", "G1") === undefined, 100, "still offline");
    expect(cell(chair.doc, "STP", "self", "G1")).toBe(39);
    stp.provider.connect();
    await waitUntil(() => cell(chair.doc, "STP", "self", "G1") === 37.5 && cell(chair.doc, "STP", "self", "B2") === 2, 5000, "offline edits");
    await waitUntil(() => cell(stp.doc, "STP", "notes", "G1") === "Đề nghị xem lại G1", 5000, "note while offline");
    expect(stp.refusals).toEqual([]);
    const stored = await storedDoc(server, m.meetingId, "scores");
    expect(cell(stored, "STP", "self", "G1")).toBe(37.5);
    stp.destroy();
    chair.destroy();
  });
});

describe("many updates at once", () => {
  it("stores every accepted update of a burst and none of the refused ones mixed into it", async () => {
    const m = await createMeeting(server);
    await openStage(server, m, "self");
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const stp = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const hostile = await connectDoc(server, m.meetingId, "scores", m.links.delegates.DUK![0]!);
    // Written in one tick, so they reach the server together and are handled as one batch.
    for (let i = 0; i < 10; i++) {
      setCell(bdt.doc, "BDT", "self", "G1", 30 + i);
      setCell(hostile.doc, "SNV", "self", "G1", i);
      setCell(stp.doc, "STP", "self", "G2", 10 + i / 2);
    }
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    await waitUntil(() => cell(chair.doc, "BDT", "self", "G1") === 39 && cell(chair.doc, "STP", "self", "G2") === 14.5, 5000, "burst");
    await waitUntil(() => hostile.refusals.length > 0, 5000, "refusal");
    const stored = await storedDoc(server, m.meetingId, "scores");
    expect(cell(stored, "BDT", "self", "G1")).toBe(39);
    expect(cell(stored, "STP", "self", "G2")).toBe(14.5);
    expect(cell(stored, "SNV", "self", "G1")).toBe(39);
    expect(cell(chair.doc, "SNV", "self", "G1")).toBe(39);
    for (const p of [bdt, stp, hostile, chair]) p.destroy();
  });

  it("closes a connection that keeps sending refused updates", async () => {
    const m = await createMeeting(server);
    const screen = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    const closed = new Promise<number>((resolve) => screen.provider.once("connection-close", (e: { code: number } | null) => resolve(e?.code ?? 0)));
    const ws = (screen.provider as unknown as { ws: WebSocket }).ws;
    for (let i = 0; i < 25; i++) ws.send(new Uint8Array([0, 2, 4, 255, 1, 2, 3]));
    expect(await closed).toBe(4529); // CLOSE_CODES.TOO_MANY_REFUSALS: outside 4400–4499, so a stock provider reconnects
    screen.destroy();
  });
});

describe("the workflow", () => {
  it("opens the cross layer to the unit that cross-checks, then the agreed layer to the chair", async () => {
    const m = await createMeeting(server);
    await openStage(server, m, "cross");
    // SNGV cross-checks BDT in the sample cluster.
    const sngv = await connectDoc(server, m.meetingId, "scores", m.links.delegates.SNGV![0]!);
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    setCell(sngv.doc, "BDT", "cross", "G1", 38);
    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    await waitUntil(() => cell(chair.doc, "BDT", "cross", "G1") === 38, 5000, "cross edit");
    await expectRefused(m, bdt, (d) => setCell(d, "BDT", "self", "G1", 40), /^refused:NOT_OPEN:units\.BDT\.self\.G1\n/);
    // A refused change stays in that tablet's copy (the real client drops the copy and resyncs), so use a fresh one.
    const bdt2 = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![1]!);
    await expectRefused(m, bdt2, (d) => setCell(d, "BDT", "cross", "G1", 40), /^refused:FORBIDDEN:units\.BDT\.cross\.G1\n/);
    bdt2.destroy();
    for (const p of [sngv, bdt, chair]) p.destroy();
  });

  it("copies the cross layer into the agreed layer, locks it with the sample ranking and refuses every later write", async () => {
    const m = await createMeeting(server);
    expect(await scoresAction(server, m, EVENTS.SCORES_LOCK)).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    await openStage(server, m, "agreed");
    const copy = await scoresAction(server, m, EVENTS.SCORES_COPY, { from: "cross" });
    expect(copy).toMatchObject({ ok: true });
    expect(copy.copied).toBeGreaterThan(48);
    const locked = await scoresAction(server, m, EVENTS.SCORES_LOCK);
    expect(locked).toMatchObject({ ok: true, ranking: ["BDT", "STP", "SNV", "SNGV", "VPUBND", "TTR", "DUK", "VPDDBQH"] });
    expect(locked.snapshotHash).toMatch(/^[0-9a-f]{64}$/);

    const chair = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    expect(scoresStage(chair.doc)).toBe("locked");
    await expectRefused(m, chair, (d) => setCell(d, "BDT", "agreed", "G1", 39), /^refused:LOCKED:/);
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    await expectRefused(m, bdt, (d) => setCell(d, "BDT", "self", "G1", 39), /^refused:LOCKED:/);
    expect(await scoresAction(server, m, EVENTS.SCORES_STAGE, { stage: "self" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    const journal = (await (await get(`/api/meetings/${m.meetingId}/journal`, m.links.chair)).json()) as { entries: { type: string; data: { snapshotHash?: string; snapshot?: { ranking: { unit: string; total: number }[] } } }[] };
    const lockEntry = journal.entries.find((e) => e.type === "scores.locked")!;
    expect(lockEntry.data.snapshotHash).toBe(locked.snapshotHash);
    expect(lockEntry.data.snapshot!.ranking.map((r) => `${r.unit} ${r.total}`)).toEqual([
      "BDT 99.5", "STP 98", "SNV 96.5", "SNGV 95.5", "VPUBND 95", "TTR 93.5", "DUK 93", "VPDDBQH 92",
    ]);
    expect(verifyJournal(journal.entries)).toMatchObject({ ok: true });

    expect(await scoresAction(server, m, EVENTS.SCORES_UNLOCK, { reason: "" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await scoresAction(server, m, EVENTS.SCORES_UNLOCK, { reason: "Sửa điểm G1 của Ban Dân tộc theo biên bản" })).toMatchObject({ ok: true });
    const secretary = await connectDoc(server, m.meetingId, "scores", m.links.secretary);
    setCell(secretary.doc, "BDT", "agreed", "G1", 38);
    const watcher = await connectDoc(server, m.meetingId, "scores", m.links.public);
    await waitUntil(() => cell(watcher.doc, "BDT", "agreed", "G1") === 38, 5000, "edit after unlock");
    for (const p of [chair, bdt, watcher, secretary]) p.destroy();
  });

  it("keeps writing as the server after refusing an update (the server's client id stays bound to the server)", async () => {
    const m = await createMeeting(server);
    await openStage(server, m, "self");
    const screen = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    await expectRefused(m, screen, (d) => setCell(d, "BDT", "agreed", "G1", 1), /.+/);
    await openStage(server, m, "cross");
    const stored = await storedDoc(server, m.meetingId, "scores");
    const writer = lastWriter(scoresMeta(stored), "stage")!.client;
    expect(await server.store.clientBinding(m.meetingId, "scores", writer)).toBe("server");
    screen.destroy();
  });

  it("refuses workflow commands from delegates", async () => {
    const m = await createMeeting(server);
    const { joinWith, emitAck } = await import("../helpers/server");
    const d = await joinWith(server, m.links.delegates.BDT![0]!);
    for (const [event, payload] of [[EVENTS.SCORES_STAGE, { stage: "self" }], [EVENTS.SCORES_LOCK, {}], [EVENTS.SCORES_COPY, { from: "cross" }]] as const)
      expect(await emitAck(d.socket, event, payload)).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    d.socket.disconnect();
  });
});

describe("exports", () => {
  it("gives JSON and a CSV spreadsheets read as Vietnamese, marked not agreed until the lock", async () => {
    const m = await createMeeting(server);
    await openStage(server, m, "agreed");
    await scoresAction(server, m, EVENTS.SCORES_COPY, { from: "cross" });
    const bytes = new Uint8Array(await (await get(`/api/meetings/${m.meetingId}/scores.csv`, m.links.secretary)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    let csv = new TextDecoder().decode(bytes);
    expect(csv).toContain("Ban Dân tộc tỉnh Thanh Hóa");
    expect(csv).toContain("CHƯA THỐNG NHẤT");
    expect(csv).toContain('"99,5"');
    await scoresAction(server, m, EVENTS.SCORES_LOCK);
    const res = await get(`/api/meetings/${m.meetingId}/scores.json`, m.links.public);
    const json = (await res.json()) as { agreed: boolean; ranking: { unit: string; rank: number; total: number }[] };
    expect(json.agreed).toBe(true);
    expect(json.ranking.slice(0, 3)).toEqual([
      expect.objectContaining({ unit: "BDT", rank: 1, total: 99.5 }),
      expect.objectContaining({ unit: "STP", rank: 2, total: 98 }),
      expect.objectContaining({ unit: "SNV", rank: 3, total: 96.5 }),
    ]);
    csv = await (await get(`/api/meetings/${m.meetingId}/scores.csv`, m.links.chair)).text();
    expect(csv).toContain("Đã thống nhất");
    expect((await get(`/api/meetings/${m.meetingId}/scores.csv`, m.links.delegates.BDT![0]!)).status).toBe(403);
  });
});
