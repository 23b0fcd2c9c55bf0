import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import type WebSocket from "ws";
import { connectDoc, createMeeting, demoDefinitionCopy, joinWith, startTestServer, storedDoc, tempDataDir, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { openStage, scoresAction, setCell } from "../helpers/scores";
import { adoptAndFreeze } from "../helpers/pledge";
import { awarenessMessage, contentlessUpdate, digest, freshClientIds, rawConnect, syncStep1, updateMessage, type RawYjs } from "../helpers/raw-yjs";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { CLOSE_CODES } from "../../shared/protocol/errors";
import { parseYjsRefusal } from "../../shared/protocol/documents";
import { MAX_DOC_BYTES } from "../../server/yjs/doc-room";
import { RATE_BUDGETS } from "../../server/yjs/budget";
import { docClients, draftSections, newDraftSection, pledgeProposals, scoreLayer } from "../../shared/documents/layout";
import { lastWriter } from "../../shared/documents/writers";

let server: RunningServer & { dataDir: string };
const dataDir = tempDataDir();
beforeAll(async () => {
  server = await startTestServer(dataDir);
});
afterAll(() => server.close());

const codeOf = (reason: string | undefined) => (reason === undefined ? null : parseYjsRefusal(reason)?.code ?? `unparsed: ${reason}`);

async function refusalOf(raw: RawYjs, before = 0): Promise<string> {
  await waitUntil(() => raw.refusals.length > before || raw.closed() !== null, 5000, "a refusal");
  return raw.refusals[before]!;
}

/** Sends `message` and expects a refusal with `code`; returns the refusal. */
async function expectRefusal(raw: RawYjs, message: Uint8Array, code: string): Promise<string> {
  const before = raw.refusals.length;
  raw.send(message);
  const reason = await refusalOf(raw, before);
  expect(codeOf(reason)).toBe(code);
  return reason;
}

async function bindingsOf(meetingId: string, doc: "scores" | "pledge", ids: number[]): Promise<(string | null)[]> {
  return Promise.all(ids.map((id) => server.store.clientBinding(meetingId, doc, id)));
}

describe("content-less structs (GC, skip) for new client ids", () => {
  let m: CreatedTestMeeting;
  beforeAll(async () => {
    m = await createMeeting(server);
    await openStage(server, m, "self");
  });

  it.each([
    ["the public follow link", "public", "scores"],
    ["the big screen", "screen", "scores"],
    ["the public follow link", "public", "pledge"],
    ["the big screen", "screen", "pledge"],
  ] as const)("from %s on the %s document: refused, nothing stored, no client id bound", async (_who, linkKey, docName) => {
    const before = digest(await storedDoc(server, m.meetingId, docName));
    const raw = await rawConnect(server, m.meetingId, docName, m.links[linkKey]);
    const ids = freshClientIds(3, docName.length + linkKey.length);
    const reason = await expectRefusal(raw, updateMessage(contentlessUpdate(ids, "gc")), "READ_ONLY");
    expect(reason).toMatch(/^refused:READ_ONLY:.+\n.+/);
    await expectRefusal(raw, updateMessage(contentlessUpdate(ids, "skip")), "READ_ONLY");
    expect(digest(await storedDoc(server, m.meetingId, docName))).toEqual(before);
    expect(await bindingsOf(m.meetingId, docName, ids)).toEqual([null, null, null]);
    raw.ws.close();
  });

  it("a delete set alone from the follow link is refused and deletes nothing", async () => {
    const stored = await storedDoc(server, m.meetingId, "scores");
    const before = digest(stored);
    const target = lastWriter(scoreLayer(stored, "BDT", "self")!, "G1")!;
    const deletion = encoding.encode((e) => {
      encoding.writeVarUint(e, 0); // no structs
      encoding.writeVarUint(e, 1); // delete set: one client
      encoding.writeVarUint(e, target.client);
      encoding.writeVarUint(e, 1); // one range
      encoding.writeVarUint(e, target.clock);
      encoding.writeVarUint(e, 1);
    });
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.public);
    await expectRefusal(raw, updateMessage(deletion), "READ_ONLY");
    expect(digest(await storedDoc(server, m.meetingId, "scores"))).toEqual(before);
    raw.ws.close();
  });

  it("from a delegate before the lock: refused (no content), nothing stored, no client id bound", async () => {
    const before = digest(await storedDoc(server, m.meetingId, "scores"));
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const ids = freshClientIds(2, 99);
    await expectRefusal(raw, updateMessage(contentlessUpdate(ids, "gc", 1000)), "NO_CONTENT");
    expect(digest(await storedDoc(server, m.meetingId, "scores"))).toEqual(before);
    expect(await bindingsOf(m.meetingId, "scores", ids)).toEqual([null, null]);
    raw.ws.close();
  });

  it("from a delegate after the lock: refused; the stored table is unchanged, also after a restart", async () => {
    const locked = await createMeeting(server);
    await openStage(server, locked, "agreed");
    expect(await scoresAction(server, locked, EVENTS.SCORES_COPY, { from: "cross" })).toMatchObject({ ok: true });
    expect(await scoresAction(server, locked, EVENTS.SCORES_LOCK)).toMatchObject({ ok: true });
    const before = digest(await storedDoc(server, locked.meetingId, "scores"));
    const ids = freshClientIds(4, 7);
    for (const link of [locked.links.delegates.BDT![0]!, locked.links.chair]) {
      const raw = await rawConnect(server, locked.meetingId, "scores", link);
      await expectRefusal(raw, updateMessage(contentlessUpdate(ids, "gc")), "LOCKED");
      raw.ws.close();
    }
    expect(digest(await storedDoc(server, locked.meetingId, "scores"))).toEqual(before);
    expect(await bindingsOf(locked.meetingId, "scores", ids)).toEqual([null, null, null, null]);

    await server.close();
    server = await startTestServer(dataDir);
    const reader = await connectDoc(server, locked.meetingId, "scores", locked.links.public);
    expect(digest(reader.doc).clients).toEqual(before.clients);
    expect(digest(reader.doc).sv).toEqual(before.sv);
    reader.destroy();
  });

  it("from a delegate after the freeze: refused; the stored pledge is unchanged", async () => {
    const frozen = await createMeeting(server);
    const chair = await joinWith(server, frozen.links.chair);
    await adoptAndFreeze(server, frozen, chair.socket);
    const before = digest(await storedDoc(server, frozen.meetingId, "pledge"));
    const ids = freshClientIds(2, 11);
    const raw = await rawConnect(server, frozen.meetingId, "pledge", frozen.links.delegates.DUK![0]!);
    await expectRefusal(raw, updateMessage(contentlessUpdate(ids, "gc")), "FROZEN");
    // A real edit after the freeze is refused the same way.
    const delegate = await connectDoc(server, frozen.meetingId, "pledge", frozen.links.delegates.DUK![0]!);
    pledgeProposals(delegate.doc).set("DUK:late", { section: 0, index: 0, text: "Sau khi chốt" });
    await waitUntil(() => delegate.refusals.length > 0, 5000, "refusal");
    expect(codeOf(delegate.refusals[0])).toBe("FROZEN");
    expect(digest(await storedDoc(server, frozen.meetingId, "pledge"))).toEqual(before);
    expect(await bindingsOf(frozen.meetingId, "pledge", ids)).toEqual([null, null]);
    raw.ws.close();
    delegate.destroy();
    chair.socket.disconnect();
  });

  it("a writer's real edit still binds its client id and names it in `clients`", async () => {
    const bdt = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![1]!);
    setCell(bdt.doc, "BDT", "self", "G2", 17.5);
    await waitUntil(() => (docClients(bdt.doc).get(String(bdt.doc.clientID)) as unknown) !== undefined, 5000, "named");
    expect(await server.store.clientBinding(m.meetingId, "scores", bdt.doc.clientID)).toBe("delegate-BDT-2");
    bdt.destroy();
  });
});

describe("many client ids in one message", () => {
  it("refuses 100,000 ids (~900 kB) at the frame, and 20,000 ids without a store call; the server keeps answering", async () => {
    const m = await createMeeting(server);
    const before = digest(await storedDoc(server, m.meetingId, "scores"));
    const ids = freshClientIds(100_000, 3);
    const big = updateMessage(contentlessUpdate(ids));
    expect(big.length).toBeGreaterThan(800_000);
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.public);
    const t0 = performance.now();
    raw.send(big);
    const health = fetch(`${server.url}/api/health`).then(async (r) => ({ status: r.status, ms: performance.now() - t0 }));
    await waitUntil(() => raw.closed() !== null, 5000, "close");
    const closedMs = performance.now() - t0;
    expect(raw.closed()).toBe(1009); // ws: message too big, read from the frame header
    expect((await health).status).toBe(200);

    // Under the size limit, the count in the update's header refuses it before any other work.
    const writer = await rawConnect(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const mid = updateMessage(contentlessUpdate(freshClientIds(20_000, 5)));
    const t1 = performance.now();
    const health2 = fetch(`${server.url}/api/health`).then(async (r) => ({ status: r.status, ms: performance.now() - t1 }));
    const reason = await expectRefusal(writer, mid, "TOO_MANY_CLIENTS");
    const refusedMs = performance.now() - t1;
    expect(reason).toMatch(/^refused:TOO_MANY_CLIENTS:\*\n/); // no cell: the whole update
    expect((await health2).status).toBe(200);
    process.stdout.write(
      `[yjs-attacks] 100,000 ids (${big.length} B): closed after ${closedMs.toFixed(1)} ms, /api/health ${(await health).ms.toFixed(1)} ms; ` +
        `20,000 ids (${mid.length} B): refused after ${refusedMs.toFixed(1)} ms, /api/health ${(await health2).ms.toFixed(1)} ms\n`,
    );
    expect(digest(await storedDoc(server, m.meetingId, "scores"))).toEqual(before);
    expect(await bindingsOf(m.meetingId, "scores", ids.slice(0, 10))).toEqual(Array(10).fill(null));
    writer.ws.close();
  });
});

describe("floods close the abuser, not everyone", () => {
  let m: CreatedTestMeeting;
  beforeAll(async () => {
    m = await createMeeting(server);
    await openStage(server, m, "self");
  });

  /** Another device keeps working: it syncs, and an edit of its own reaches a third device. */
  async function othersStillWork(value: number): Promise<void> {
    const stp = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const screen = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    setCell(stp.doc, "STP", "self", "G1", value);
    await waitUntil(() => scoreLayer(screen.doc, "STP", "self")!.get("G1") === value, 5000, "edit reaches the screen");
    stp.destroy();
    screen.destroy();
  }

  it("5,000 sync requests: closed with OVER_BUDGET after a bounded number of replies", async () => {
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.public);
    const docBytes = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "scores")).length;
    const start = raw.bytesIn();
    for (let i = 0; i < 5000 && raw.ws.readyState === raw.ws.OPEN; i++) raw.send(syncStep1());
    await waitUntil(() => raw.closed() !== null, 5000, "close");
    await new Promise((r) => setTimeout(r, 100));
    const drawn = raw.bytesIn() - start;
    process.stdout.write(`[yjs-attacks] sync-request flood: ${drawn} B drawn before close (document ${docBytes} B; naive: ${5000 * docBytes} B)\n`);
    expect(raw.closed()).toBe(CLOSE_CODES.OVER_BUDGET);
    expect(drawn).toBeLessThanOrEqual((RATE_BUDGETS.syncRequest.burst + 2) * (docBytes + 16));
    await othersStillWork(30);
  });

  it("5,000 updates: closed with OVER_BUDGET", async () => {
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const empty = updateMessage(new Uint8Array([0, 0]));
    for (let i = 0; i < 5000 && raw.ws.readyState === raw.ws.OPEN; i++) raw.send(empty);
    await waitUntil(() => raw.closed() !== null, 5000, "close");
    expect(raw.closed()).toBe(CLOSE_CODES.OVER_BUDGET);
    await othersStillWork(31);
  });

  it("5,000 awareness messages: closed with OVER_BUDGET; the others get coalesced relays", async () => {
    const watcher = await rawConnect(server, m.meetingId, "scores", m.links.chair);
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.SNV![0]!);
    for (let i = 1; i <= 5000 && raw.ws.readyState === raw.ws.OPEN; i++) raw.send(awarenessMessage([{ id: 4242, clock: i, state: { user: { field: `f${i}` } } }]));
    await waitUntil(() => raw.closed() !== null, 5000, "close");
    expect(raw.closed()).toBe(CLOSE_CODES.OVER_BUDGET);
    await new Promise((r) => setTimeout(r, 300));
    // At most the burst was applied, and relayed in far fewer messages than were sent.
    expect(watcher.awareness.length).toBeGreaterThan(0);
    expect(watcher.awareness.length).toBeLessThanOrEqual(RATE_BUDGETS.awareness.burst + 2);
    await othersStillWork(32);
    watcher.ws.close();
  });

  it("an oversized awareness state: closed with MESSAGE_TOO_LARGE and relayed to nobody", async () => {
    const watcher = await rawConnect(server, m.meetingId, "scores", m.links.chair);
    const raw = await rawConnect(server, m.meetingId, "scores", m.links.delegates.SNGV![0]!);
    raw.send(awarenessMessage([{ id: 5151, clock: 1, state: { user: { name: "x".repeat(3000) } } }]));
    await waitUntil(() => raw.closed() !== null, 5000, "close");
    expect(raw.closed()).toBe(CLOSE_CODES.MESSAGE_TOO_LARGE);
    // Under the whole-message limit, a state over 2 kB is closed the same way.
    const raw2 = await rawConnect(server, m.meetingId, "scores", m.links.delegates.SNGV![1]!);
    raw2.send(awarenessMessage([{ id: 5152, clock: 1, state: { user: { field: "y".repeat(2100) } } }]));
    await waitUntil(() => raw2.closed() !== null, 5000, "close");
    expect(raw2.closed()).toBe(CLOSE_CODES.MESSAGE_TOO_LARGE);
    await new Promise((r) => setTimeout(r, 250));
    expect(watcher.awareness.some((u) => u.length > 1000)).toBe(false);
    await othersStillWork(33);
    watcher.ws.close();
  });
});

describe("close codes: a stock provider reconnects after a burst, not after an oversized message", () => {
  let m: CreatedTestMeeting;
  beforeAll(async () => {
    m = await createMeeting(server);
    await openStage(server, m, "self");
  });

  it("OVER_BUDGET (4530): the stock provider reconnects by itself, resyncs, and its next edit is stored and relayed", async () => {
    const screen = await connectDoc(server, m.meetingId, "scores", m.links.screen);
    const tablet = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![1]!);
    const codes: number[] = [];
    let final = false;
    tablet.provider.on("connection-close", (e: { code: number } | null) => void codes.push(e?.code ?? 0));
    tablet.provider.on("closed", () => void (final = true));
    const first = (tablet.provider as unknown as { ws: WebSocket }).ws;
    const empty = updateMessage(new Uint8Array([0, 0]));
    for (let i = 0; i < 5000 && first.readyState === first.OPEN; i++) first.send(empty);
    await waitUntil(() => codes.length > 0, 5000, "the budget's close");
    expect(codes[0]).toBe(CLOSE_CODES.OVER_BUDGET);
    expect(CLOSE_CODES.OVER_BUDGET >= 4400 && CLOSE_CODES.OVER_BUDGET < 4500).toBe(false);
    await waitUntil(() => tablet.provider.wsconnected && tablet.provider.synced, 10_000, "reconnected and synced");
    expect(final).toBe(false);
    expect((tablet.provider as unknown as { ws: WebSocket }).ws).not.toBe(first);
    setCell(tablet.doc, "BDT", "self", "G3", 7.5);
    const g3 = (doc: Y.Doc) => scoreLayer(doc, "BDT", "self")!.get("G3");
    await waitUntil(() => g3(screen.doc) === 7.5, 5000, "the edit after reconnecting reaches the screen");
    expect(g3(await storedDoc(server, m.meetingId, "scores"))).toBe(7.5);
    tablet.destroy();
    screen.destroy();
  });

  it("MESSAGE_TOO_LARGE (4413) stays final: the provider stops instead of resending the same message in a loop", async () => {
    const tablet = await connectDoc(server, m.meetingId, "scores", m.links.delegates.STP![1]!);
    const closed = new Promise<number>((resolve) => tablet.provider.once("closed", (e: { code: number }) => resolve(e.code)));
    (tablet.provider as unknown as { ws: WebSocket }).ws.send(awarenessMessage([{ id: 6161, clock: 1, state: { user: { name: "x".repeat(3000) } } }]));
    expect(await closed).toBe(CLOSE_CODES.MESSAGE_TOO_LARGE);
    expect(tablet.provider.shouldConnect).toBe(false);
    tablet.destroy();
  });
});

describe("awareness names come from the session", () => {
  it("a delegate claiming to be the chair is shown under its own link's name", async () => {
    const m = await createMeeting(server);
    const chair = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const raw = await rawConnect(server, m.meetingId, "pledge", m.links.delegates.DUK![0]!);
    raw.send(awarenessMessage([{ id: 777_001, clock: 1, state: { user: { name: "Chủ trì", role: "chair", unit: null, label: "Chủ trì", field: "title" } } }]));
    await waitUntil(() => chair.provider.awareness.getStates().has(777_001), 5000, "awareness relayed");
    const state = chair.provider.awareness.getStates().get(777_001) as { user: Record<string, unknown> };
    const label = `${demoDefinitionCopy().units.find((u) => u.code === "DUK")!.shortName} — đại biểu 1`;
    expect(state.user).toEqual({ name: label, role: "delegate", unit: "DUK", label, field: "title" });
    // Another device may not announce that id: its entry is dropped (an honest provider echoes its
    // peers' states, so this is not a refusal that would make it resync), and the chair still sees
    // the first device's state.
    const other = await rawConnect(server, m.meetingId, "pledge", m.links.delegates.STP![0]!);
    other.send(awarenessMessage([{ id: 777_001, clock: 2, state: { user: { field: "preamble" } } }]));
    other.send(awarenessMessage([{ id: 777_002, clock: 1, state: { user: { field: "preamble" } } }]));
    await waitUntil(() => chair.provider.awareness.getStates().has(777_002), 5000, "the second device's own state");
    expect((chair.provider.awareness.getStates().get(777_001) as { user: { field: string } }).user.field).toBe("title");
    expect(other.refusals).toEqual([]);
    for (const r of [raw, other]) r.ws.close();
    chair.destroy();
  });
});

describe("awareness between honest editors", () => {
  it("the chair's and secretary's stock providers echo each other's cursors without a refusal", async () => {
    const m = await createMeeting(server);
    const chair = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const secretary = await connectDoc(server, m.meetingId, "pledge", m.links.secretary);
    const delegate = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.BDT![0]!);
    const editors = [chair, secretary, delegate];
    for (let round = 0; round < 5; round++)
      for (const [i, e] of editors.entries()) e.provider.awareness.setLocalStateField("user", { field: `section-${round}-${i}` });
    await waitUntil(
      () => editors.every((e) => editors.every((o) => (e.provider.awareness.getStates().get(o.doc.clientID) as { user?: { field?: string } } | undefined)?.user?.field?.startsWith("section-4") === true)),
      5000,
      "every editor sees every other's last cursor",
    );
    // A peer leaving makes the others' providers announce its removal: still no refusal.
    delegate.destroy();
    await waitUntil(() => !chair.provider.awareness.getStates().has(delegate.doc.clientID), 5000, "the delegate's cursor gone");
    await new Promise((r) => setTimeout(r, 200));
    expect([...chair.refusals, ...secretary.refusals, ...delegate.refusals]).toEqual([]);
    chair.destroy();
    secretary.destroy();
  });
});

describe("pledge proposals", () => {
  let m: CreatedTestMeeting;
  beforeAll(async () => {
    m = await createMeeting(server);
  });

  it.each([
    ["2,001 characters", { section: 1, index: 0, text: "a".repeat(2001) }, "BAD_PROPOSAL"],
    ["200 kB of text", { section: 1, index: 0, text: "b".repeat(200_000) }, "BAD_PROPOSAL"],
    ["section -5", { section: -5, index: 0, text: "Âm" }, "BAD_PROPOSAL"],
    ["a section beyond the draft", { section: 99, index: 0, text: "Không có" }, "BAD_PROPOSAL"],
    ["an index beyond the section's end", { section: 0, index: 99, text: "Không có" }, "BAD_PROPOSAL"],
    ["a fractional index", { section: 0, index: 0.5, text: "Nửa" }, "BAD_PROPOSAL"],
    ["a bare string", "chuỗi trần", "BAD_PROPOSAL"],
    ["an extra key", { section: 0, index: 0, text: "Thêm", author: "Chủ trì" }, "BAD_PROPOSAL"],
    ["an empty text", { section: 0, index: 0, text: "  " }, "BAD_PROPOSAL"],
  ])("refuses %s and stores nothing", async (_name, value, code) => {
    const before = digest(await storedDoc(server, m.meetingId, "pledge"));
    const duk = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.DUK![0]!);
    (pledgeProposals(duk.doc) as Y.Map<unknown>).set(`DUK:bad${Math.floor(Math.random() * 1e6)}`, value);
    await waitUntil(() => duk.refusals.length > 0, 5000, "refusal");
    expect(codeOf(duk.refusals[0])).toBe(code);
    expect(digest(await storedDoc(server, m.meetingId, "pledge"))).toEqual(before);
    duk.destroy();
  });

  it("refuses a 900 kB proposal at the message size limit", async () => {
    const before = digest(await storedDoc(server, m.meetingId, "pledge"));
    const duk = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.DUK![1]!);
    const closed = new Promise<number>((resolve) => duk.provider.on("connection-close", (e: { code: number } | null) => resolve(e?.code ?? 0)));
    pledgeProposals(duk.doc).set("DUK:huge", { section: 1, index: 0, text: "c".repeat(900_000) });
    expect(await closed).toBe(1009);
    duk.destroy();
    expect(digest(await storedDoc(server, m.meetingId, "pledge"))).toEqual(before);
  });

  it("accepts 20 proposals of a unit and refuses the 21st", async () => {
    const stp = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.STP![0]!);
    const proposals = pledgeProposals(stp.doc);
    stp.doc.transact(() => {
      for (let i = 0; i < 20; i++) proposals.set(`STP:p${i}`, { section: 0, index: 0, text: `Đề xuất ${i + 1}` });
    });
    await waitUntil(() => docClients(stp.doc).size > 0, 5000, "accepted");
    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect([...pledgeProposals(stored).keys()].filter((k) => k.startsWith("STP:"))).toHaveLength(20);
    const before = digest(stored);
    proposals.set("STP:p20", { section: 0, index: 0, text: "Đề xuất 21" });
    await waitUntil(() => stp.refusals.length > 0, 5000, "refusal");
    expect(codeOf(stp.refusals[0])).toBe("TOO_MANY_PROPOSALS");
    expect(digest(await storedDoc(server, m.meetingId, "pledge"))).toEqual(before);
    stp.destroy();
    // Withdrawing one makes room again.
    const again = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.STP![1]!);
    pledgeProposals(again.doc).delete("STP:p0");
    pledgeProposals(again.doc).set("STP:p20", { section: 0, index: 0, text: "Đề xuất 21" });
    const watcher = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    await waitUntil(() => pledgeProposals(watcher.doc).has("STP:p20"), 5000, "21st after a withdrawal");
    expect(again.refusals).toEqual([]);
    again.destroy();
    watcher.destroy();
  });

  it("refuses the organiser's update that would grow the document past its size limit", async () => {
    const big = await createMeeting(server);
    const chair = await connectDoc(server, big.meetingId, "pledge", big.links.chair);
    const sections = draftSections(chair.doc)!;
    let accepted = 0;
    for (let i = 0; i < 14 && chair.refusals.length === 0; i++) {
      chair.doc.transact(() => {
        sections.push([newDraftSection(`Mục thêm ${i}`, Array.from({ length: 60 }, (_, j) => `${i}.${j} `.padEnd(2000, "x")))]);
      });
      const watcher = await connectDoc(server, big.meetingId, "pledge", big.links.screen);
      await waitUntil(() => chair.refusals.length > 0 || draftSections(watcher.doc)!.length === sections.length, 10_000, "accepted or refused");
      if (chair.refusals.length === 0) accepted++;
      watcher.destroy();
    }
    expect(codeOf(chair.refusals[0])).toBe("DOC_TOO_LARGE");
    expect(accepted).toBeGreaterThan(3);
    const stored = Y.encodeStateAsUpdate(await storedDoc(server, big.meetingId, "pledge")).length;
    expect(stored).toBeLessThanOrEqual(MAX_DOC_BYTES);
    chair.destroy();
  });
});
