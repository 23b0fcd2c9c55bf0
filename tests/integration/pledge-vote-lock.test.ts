import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, tryAction } from "../helpers/polls";
import { connectDoc, createMeeting, emitAck, startTestServer, storedDoc, waitUntil } from "../helpers/server";
import { draftText, pledgeMeta, pledgeProposals } from "../../shared/documents/layout";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const title = (doc: Y.Doc) => draftText(doc, "title")!.toString();

/**
 * While the vote on adopting the pledge runs (open, then closed until published or voided), its draft
 * is the text being voted on: the server refuses every edit of it — the chair's and the secretary's
 * direct edits and accepting a proposal — and the stored draft stays as it was. Proposals may still
 * be made. When the vote is voided the draft is editable again.
 */
describe("the pledge draft during its adoption vote", () => {
  it("refuses the chair's and the secretary's edits and a proposal's acceptance, stored draft unchanged, until the vote is voided", async () => {
    const m = await createMeeting(server);
    const chair = await joinPolls(server, m.links.chair);
    await markPresent(chair, SAMPLE_UNITS);
    const reader = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    const delegate = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.DUK![0]!);
    pledgeProposals(delegate.doc).set("DUK:p1", { section: 1, index: 0, text: "100% đơn vị hoàn thành xuất sắc nhiệm vụ" });
    await waitUntil(() => pledgeProposals(reader.doc).size === 1, 5000, "the proposal reaches the screen");

    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "pledge", title: "Thông qua giao ước" });
    // A draft poll locks nothing yet.
    expect(pledgeMeta(reader.doc).get("vote")).toBeUndefined();
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    await waitUntil(() => pledgeMeta(reader.doc).get("vote") === poll.id, 5000, "the draft is locked for the vote");
    const before = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"));
    const titleBefore = title(reader.doc);

    for (const link of [m.links.chair, m.links.secretary]) {
      const editor = await connectDoc(server, m.meetingId, "pledge", link);
      draftText(editor.doc, "title")!.insert(0, "SỬA TRONG KHI BIỂU QUYẾT ");
      await waitUntil(() => editor.refusals.length > 0, 5000, "refusal");
      expect(editor.refusals[0]).toMatch(/^refused:VOTE_OPEN:draft\.title\n/);
      editor.destroy();
    }
    const accept = await emitAck<{ ok: boolean; error?: { code: string; message: string } }>(chair.socket, EVENTS.PLEDGE_PROPOSAL_ACCEPT, { key: "DUK:p1" });
    expect(accept).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(accept.error!.message).toMatch(/Đang biểu quyết thông qua giao ước/);
    // Closed but not published: still the text voted on.
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    const late = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    draftText(late.doc, "title")!.insert(0, "SỬA SAU KHI ĐÓNG ");
    await waitUntil(() => late.refusals.length > 0, 5000, "refusal after close");
    late.destroy();

    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect(Y.encodeStateAsUpdate(stored)).toEqual(before);
    expect(title(stored)).toBe(titleBefore);
    expect(pledgeProposals(stored).size).toBe(1);

    // Voided: the draft is editable again.
    expect(await tryAction(chair, EVENTS.POLL_VOID, { pollId: poll.id, reason: "Biểu quyết lại sau khi sửa" })).toMatchObject({ ok: true });
    await waitUntil(() => pledgeMeta(reader.doc).get("vote") === undefined, 5000, "the draft is unlocked");
    const after = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    draftText(after.doc, "title")!.insert(0, "Sửa lại: ");
    await waitUntil(() => title(reader.doc).startsWith("Sửa lại: "), 5000, "the edit goes through");
    expect(after.refusals).toEqual([]);
    after.destroy();
    reader.destroy();
    delegate.destroy();
    chair.close();
  });

  it("leaves the draft editable while a vote on something else runs", async () => {
    const m = await createMeeting(server);
    const chair = await joinPolls(server, m.links.chair);
    await markPresent(chair, SAMPLE_UNITS);
    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Thông qua chương trình" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const editor = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const reader = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    draftText(editor.doc, "title")!.insert(0, "Sửa: ");
    await waitUntil(() => title(reader.doc).startsWith("Sửa: "), 5000, "the edit goes through");
    expect(editor.refusals).toEqual([]);
    expect(pledgeMeta(reader.doc).get("vote")).toBeUndefined();
    editor.destroy();
    reader.destroy();
    chair.close();
  });
});
