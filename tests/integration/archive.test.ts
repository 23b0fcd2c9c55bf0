import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { samplePdf, uploadDocument } from "../helpers/discussion";
import { connectDoc, createMeeting, emitAck, joinWith, startTestServer, storedDoc, tokenOf, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { draftText } from "../../shared/documents/layout";

type Ack = { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>;
const title = (doc: Y.Doc) => draftText(doc, "title")!.toString();

let server: RunningServer;
let m: CreatedTestMeeting;

async function http(path: string, token: string, body?: unknown, method = body === undefined ? "GET" : "POST") {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Ack };
}
const archive = (archived: boolean) => http(`/admin/meetings/${m.meetingId}/archive`, server.adminToken, { archived });

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
}, 30_000);
afterAll(async () => {
  await server?.close();
});

describe("an archived meeting is read-only on every channel", () => {
  it("refuses Socket.IO commands with ARCHIVED and changes nothing, while reads still answer", async () => {
    const chair = await joinWith(server, m.links.chair);
    const delegate = await joinWith(server, m.links.delegates.BDT![0]!);
    expect((await archive(true)).body).toMatchObject({ ok: true, archived: true });
    const journalBefore = await server.store.readJournal(m.meetingId);
    const stateBefore = await server.store.getMeetingState(m.meetingId);

    for (const [socket, event, payload] of [
      [chair.socket, EVENTS.ROLLCALL_MARK, { unit: "BDT", mark: "present" }],
      [chair.socket, EVENTS.AGENDA_GOTO, { index: 1 }],
      [chair.socket, EVENTS.SCORES_STAGE, { stage: "self" }],
      [chair.socket, EVENTS.POLL_CREATE, { kind: "motion", visibility: "open", subject: "other", title: "Thử" }],
      [chair.socket, "rehearsal:start", {}],
      [delegate.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" }],
      [delegate.socket, "no:such:event", {}],
    ] as const) {
      const ack = await emitAck<Ack>(socket, event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: "ARCHIVED" } });
      expect(ack.error!.message).toMatch(/^Hội nghị đã lưu trữ/);
    }
    expect(await server.store.readJournal(m.meetingId)).toEqual(journalBefore);
    expect(await server.store.getMeetingState(m.meetingId)).toEqual(stateBefore);
    expect(await server.store.listPolls(m.meetingId)).toEqual([]);

    // Reads still work.
    expect(await emitAck<Ack>(chair.socket, EVENTS.MEETING_RESYNC, {})).toMatchObject({ ok: true });
    expect(await emitAck<Ack>(chair.socket, EVENTS.POLL_SYNC, {})).toMatchObject({ ok: true });
    expect(await emitAck<Ack>(delegate.socket, EVENTS.PLEDGE_GET, {})).toMatchObject({ ok: true });

    // Restored: the same command goes through again.
    await archive(false);
    expect(await emitAck<Ack>(chair.socket, EVENTS.SCREEN_SHOW, { view: "agenda" })).toMatchObject({ ok: true });
    chair.socket.disconnect();
    delegate.socket.disconnect();
  });

  it("refuses Yjs updates with ARCHIVED and stores nothing, while a reader still syncs", async () => {
    await archive(true);
    const before = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"));
    const editor = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const titleBefore = title(editor.doc);
    expect(titleBefore.length).toBeGreaterThan(0);
    draftText(editor.doc, "title")!.insert(0, "SỬA KHI ĐÃ LƯU TRỮ ");
    await waitUntil(() => editor.refusals.length > 0, 5000, "refusal");
    expect(editor.refusals[0]).toMatch(/^refused:ARCHIVED:/);
    expect(editor.refusals[0]).toMatch(/Hội nghị đã lưu trữ/);
    editor.destroy();
    const stored = await storedDoc(server, m.meetingId, "pledge");
    expect(Y.encodeStateAsUpdate(stored)).toEqual(before);
    // A reader connecting now syncs the stored text (its empty sync step 2 is not a write).
    const reader = await connectDoc(server, m.meetingId, "pledge", m.links.secretary);
    expect(title(reader.doc)).toBe(titleBefore);
    expect(reader.refusals).toEqual([]);
    reader.destroy();
    await archive(false);
  });

  it("refuses HTTP writes (link revoke and reissue, document upload, definition edit) with 409 ARCHIVED and changes nothing; reads answer", async () => {
    await archive(true);
    const secretary = tokenOf(m.links.secretary);
    const links = await server.store.listLinks(m.meetingId);
    for (const action of ["revoke", "reissue"]) {
      const res = await http(`/meetings/${m.meetingId}/links/delegate-BDT-1/${action}`, secretary, {});
      expect(res, action).toMatchObject({ status: 409, body: { ok: false, error: { code: "ARCHIVED" } } });
    }
    expect(await server.store.listLinks(m.meetingId)).toEqual(links);
    const upload = await uploadDocument(server, m.meetingId, { link: m.links.secretary }, await samplePdf(1));
    expect(upload).toMatchObject({ status: 409, body: { error: { code: "ARCHIVED" } } });
    const docs = await http(`/meetings/${m.meetingId}/documents`, secretary);
    expect(docs).toMatchObject({ status: 200, body: { ok: true, documents: [] } });
    const definition = (await http(`/admin/meetings/${m.meetingId}/definition`, server.adminToken)).body.definition;
    const edit = await http(`/meetings/${m.meetingId}/definition`, server.adminToken, definition, "PUT");
    expect(edit).toMatchObject({ status: 409, body: { error: { code: "ARCHIVED" } } });
    // Without a valid token the answer is still 401, not whether the meeting is archived.
    expect((await http(`/meetings/${m.meetingId}/links/delegate-BDT-1/revoke`, "x".repeat(40), {})).status).toBe(401);
    expect((await http(`/meetings/${m.meetingId}/journal`, secretary)).status).toBe(200);
    await archive(false);
    expect((await http(`/meetings/${m.meetingId}/links/delegate-BDT-1/reissue`, secretary, {})).status).toBe(200);
  });
});
