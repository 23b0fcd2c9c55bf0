import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { pledgeHash } from "../../shared/pledge/canonical";
import { draftFromJson } from "../../shared/pledge/from-json";
import { connectDoc, createMeeting, emitAck, joinWith, startTestServer, storedDoc, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { adoptAndFreeze, clientPledgeHash, definitionWithRules, waitForPledge } from "../helpers/pledge";
import { draftCommitment, draftJson, draftSections, draftText, frozenHash, pledgeDraft, pledgeMeta, pledgeProposals } from "../../shared/documents/layout";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const commitment = (doc: Y.Doc, section: number, index: number) =>
  draftCommitment(doc, section, index)?.toString();
const journalTypes = async (m: CreatedTestMeeting) => (await server.store.readJournal(m.meetingId)).map((e) => e.type);

describe("drafting the pledge", () => {
  it("refuses a follower's and a delegate's direct edits and leaves the stored draft unchanged", async () => {
    const m = await createMeeting(server);
    const before = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"));
    const follower = await connectDoc(server, m.meetingId, "pledge", m.links.public);
    const delegate = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.STP![0]!);
    draftText(follower.doc, "title")!.insert(0, "SỬA: ");
    draftText(delegate.doc, "preamble")!.insert(0, "Sửa trái phép. ");
    await waitUntil(() => follower.refusals.length > 0 && delegate.refusals.length > 0, 5000, "both refusals");
    expect(delegate.refusals[0]).toMatch(/^refused:FORBIDDEN:draft\.preamble\n/);
    expect(Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"))).toEqual(before);
    follower.destroy();
    delegate.destroy();
  });

  it("refuses an organiser's edit that breaks the draft's structure", async () => {
    const m = await createMeeting(server);
    const chair = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    (pledgeDraft(chair.doc) as Y.Map<unknown>).set("title", 42);
    await waitUntil(() => chair.refusals.length > 0, 5000, "refusal");
    expect(chair.refusals[0]).toMatch(/^refused:BAD_VALUE:draft\.title\n/);
    chair.destroy();
  });

  it("applies a delegate's proposal to the commitment when the chair accepts it, and drops a rejected one", async () => {
    const m = await createMeeting(server);
    const delegate = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.DUK![0]!);
    const reader = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    const proposals = pledgeProposals(delegate.doc);
    proposals.set("DUK:p1", { section: 1, index: 0, text: "100% đơn vị hoàn thành xuất sắc nhiệm vụ năm 2022" });
    proposals.set("DUK:p2", { section: 1, index: 1, text: "Không cần" });
    await waitUntil(() => pledgeProposals(reader.doc).size === 2, 5000, "proposals reach the screen");
    // A delegate cannot write another unit's proposal.
    proposals.set("STP:p9", { section: 1, index: 0, text: "Mạo danh" });
    await waitUntil(() => delegate.refusals.length > 0, 5000, "refusal");

    const chair = await joinWith(server, m.links.chair);
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_PROPOSAL_ACCEPT, { key: "DUK:p1" })).toMatchObject({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_PROPOSAL_REJECT, { key: "DUK:p2" })).toMatchObject({ ok: true });
    await waitUntil(() => commitment(reader.doc, 1, 0) === "100% đơn vị hoàn thành xuất sắc nhiệm vụ năm 2022" && pledgeProposals(reader.doc).size === 0, 5000, "accepted text");
    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect(commitment(stored, 1, 0)).toBe("100% đơn vị hoàn thành xuất sắc nhiệm vụ năm 2022");
    expect(commitment(stored, 1, 1)).toMatch(/^Thực hiện có hiệu quả/);
    expect(await journalTypes(m)).toEqual(expect.arrayContaining(["pledge.proposal.accepted", "pledge.proposal.rejected"]));

    const delegateSocket = await joinWith(server, m.links.delegates.DUK![0]!);
    expect(await emitAck(delegateSocket.socket, EVENTS.PLEDGE_PROPOSAL_ACCEPT, { key: "DUK:p1" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    for (const c of [delegate, reader]) c.destroy();
    chair.socket.disconnect();
    delegateSocket.socket.disconnect();
  });
});

describe("adopting the pledge", () => {
  it("refuses the chair's direct adoption when the rules ask for a vote", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_ADOPT, {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    chair.socket.disconnect();
  });

  it("lets the chair adopt directly when chairMayAdoptPledge is set, and journals it", async () => {
    const m = await createMeeting(server, definitionWithRules({ chairMayAdoptPledge: true }));
    const chair = await joinWith(server, m.links.chair);
    const screen = await joinWith(server, m.links.screen);
    const seen = waitForPledge(screen.socket, (s) => s.stage === "adopted");
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_ADOPT, {})).toMatchObject({ ok: true, state: { stage: "adopted", adoptedBy: "chair" } });
    expect((await seen).adoptedBy).toBe("chair");
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_ADOPT, {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await journalTypes(m)).toContain("pledge.adopted");
    chair.socket.disconnect();
    screen.socket.disconnect();
  });

  it("adopts the pledge when the adoption poll is published", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    server.ctx.events.emit("poll.published", { meetingId: m.meetingId, pollId: "p-other", subject: "pledge", outcome: "rejected" });
    server.ctx.events.emit("poll.published", { meetingId: m.meetingId, pollId: "p-1", subject: "pledge", outcome: "adopted" });
    const state = await waitForPledge(chair.socket, (s) => s.stage === "adopted");
    expect(state.adoptedBy).toBe("poll");
    const entry = (await server.store.readJournal(m.meetingId)).find((e) => e.type === "pledge.adopted");
    expect(entry).toMatchObject({ actor: "poll:p-1", data: { by: "poll", pollId: "p-1" } });
    chair.socket.disconnect();
  });
});

describe("freezing the pledge", () => {
  it("refuses to freeze a pledge that has not been adopted", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_FREEZE, {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    chair.socket.disconnect();
  });

  it("refuses to freeze a draft beyond the definition's limits and leaves it editable", async () => {
    const m = await createMeeting(server);
    const editor = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const sections = draftSections(editor.doc)!;
    (sections.get(1).get("commitments") as Y.Array<Y.Text>).get(0).insert(0, "x".repeat(1200));
    const chair = await joinWith(server, m.links.chair);
    server.ctx.events.emit("poll.published", { meetingId: m.meetingId, pollId: "p", subject: "pledge", outcome: "adopted" });
    await waitForPledge(chair.socket, (s) => s.stage === "adopted");
    // Another client seeing the edit means the server stored it.
    const reader = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    await waitUntil(() => (commitment(reader.doc, 1, 0)?.length ?? 0) > 1200, 5000, "long edit stored");
    reader.destroy();
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_FREEZE, {})).toMatchObject({ ok: false, error: { code: "CONFLICT", message: /cannot be frozen/ } });
    expect(pledgeMeta(await storedDoc(server, m.meetingId, "pledge")).get("frozen")).toBe(false);
    editor.destroy();
    chair.socket.disconnect();
  });

  it("produces the hash the client computes from its synced document, and refuses every later edit", async () => {
    const m = await createMeeting(server);
    const editor = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    draftText(editor.doc, "subtitle")!.insert(0, "Dự thảo lần 2 — ");
    const delegateDoc = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.BDT![0]!);
    await waitUntil(() => draftText(delegateDoc.doc, "subtitle")!.toString().startsWith("Dự thảo lần 2"), 5000, "chair edit");

    const chair = await joinWith(server, m.links.chair);
    const hash = await adoptAndFreeze(server, m, chair.socket);
    await waitUntil(() => pledgeMeta(delegateDoc.doc).get("frozen") === true, 5000, "frozen flag");
    expect(clientPledgeHash(delegateDoc.doc)).toBe(hash);
    expect(frozenHash(delegateDoc.doc)).toBe(hash);
    const entry = (await server.store.readJournal(m.meetingId)).find((e) => e.type === "pledge.frozen");
    expect(entry?.data).toEqual({ textHash: hash });

    const before = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"));
    draftText(editor.doc, "title")!.insert(0, "SỬA SAU KHI CHỐT ");
    await waitUntil(() => editor.refusals.length > 0, 5000, "refusal after freeze");
    expect(editor.refusals[0]).toMatch(/^refused:FROZEN:/);
    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect(Y.encodeStateAsUpdate(stored)).toEqual(before);
    expect(pledgeHash(draftFromJson(draftJson(stored)))).toBe(hash);
    editor.destroy();
    delegateDoc.destroy();
    chair.socket.disconnect();
  });
});
