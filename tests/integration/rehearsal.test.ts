import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import type { RunningServer } from "../../server/app";
import { verifyJournal } from "../../shared/journal/chain";
import { CLOSE_CODES } from "../../shared/protocol/errors";
import { EVENTS } from "../../shared/protocol/events";
import { meetingDocumentStoreOf } from "../../server/storage/open";
import { pdfPageTexts } from "../helpers/pdf-text";
import { adoptAndFreeze, pledgePdf, sign, signature } from "../helpers/pledge";
import { cast, createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { cell, setCell } from "../helpers/scores";
import { connectDoc, createMeeting, emitAck, joinWith, startTestServer, storedDoc, tokenOf, waitForState, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { scoresJson, scoresStage } from "../../shared/documents/layout";

type Ack = { ok: boolean; error?: { code: string; message: string } } & Record<string, unknown>;
const REHEARSAL_SIGNER = "Người Ký Diễn Tập";
const REHEARSAL_POLL = "Biểu quyết thử khi diễn tập";

let server: RunningServer;
let m: CreatedTestMeeting;
let chair: PollClient;

async function pdfText(pdf: Buffer): Promise<string> {
  return (await pdfPageTexts(pdf)).join(" ").normalize("NFC").replace(/\s+/g, " ");
}
async function minutesText(): Promise<string> {
  const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
  expect(res.status).toBe(200);
  return pdfText(Buffer.from(await res.arrayBuffer()));
}

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  chair = await joinPolls(server, m.links.chair);
}, 30_000);
afterAll(async () => {
  chair?.close();
  await server?.close();
});

describe("rehearsal", () => {
  // A delegate's tablet joining outside a rehearsal is a check-in: it starts the meeting. Here delegates join only during rehearsals.
  it("is started by the chair only", async () => {
    const secretary = await joinWith(server, m.links.secretary);
    expect(await emitAck<Ack>(secretary.socket, EVENTS.REHEARSAL_START, {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect((await server.store.getMeetingState(m.meetingId))?.rehearsal ?? null).toBeNull();
    // Ending what never started is refused too.
    expect(await emitAck<Ack>(chair.socket, EVENTS.REHEARSAL_END, {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    secretary.socket.disconnect();
  });

  it("keeps a ballot, a signature, a score entry and a speaker turn while it runs, and removes every one at rehearsal:end", async () => {
    const pledgeBefore = Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"));
    const scoresBefore = scoresJson(await storedDoc(server, m.meetingId, "scores"));
    const watcher = await joinWith(server, m.links.screen);
    expect(await emitAck<Ack>(chair.socket, EVENTS.REHEARSAL_START, {})).toMatchObject({ ok: true });
    await waitForState(watcher, (s) => s.rehearsal === true);
    expect(await emitAck<Ack>(chair.socket, EVENTS.REHEARSAL_START, {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    // Roll call, a score typed by a delegate, a poll with a ballot (published), the pledge adopted, frozen and signed, a turn.
    await markPresent(chair, SAMPLE_UNITS);
    expect(await emitAck<Ack>(chair.socket, EVENTS.SCORES_STAGE, { stage: "self" })).toMatchObject({ ok: true });
    const bdt = await joinWith(server, m.links.delegates.BDT![0]!);
    expect(await emitAck<Ack>(bdt.socket, EVENTS.REHEARSAL_END, {})).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    const scores = await connectDoc(server, m.meetingId, "scores", m.links.delegates.BDT![0]!);
    await waitUntil(() => scoresStage(scores.doc) === "self", 5000, "self stage");
    expect(cell(scores.doc, "BDT", "self", "G1")).not.toBe(20);
    setCell(scores.doc, "BDT", "self", "G1", 20);
    await expect.poll(async () => cell(await storedDoc(server, m.meetingId, "scores"), "BDT", "self", "G1")).toBe(20);
    const closed: number[] = [];
    scores.provider.on("closed", (e: { code: number }) => closed.push(e.code));

    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: REHEARSAL_POLL });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    expect(await cast(bdt.socket, poll.id, { choice: "for" })).toMatchObject({ ok: true });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });

    const hash = await adoptAndFreeze(server, m, chair.socket);
    expect(await sign(bdt.socket, signature(hash, { signerName: REHEARSAL_SIGNER }))).toMatchObject({ ok: true });

    const request = await emitAck<Ack & { request: { requestId: string } }>(bdt.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" });
    expect(request).toMatchObject({ ok: true });
    expect(await emitAck<Ack>(chair.socket, EVENTS.SPEAK_GIVE, { requestId: request.request.requestId })).toMatchObject({ ok: true });
    expect(await emitAck<Ack>(chair.socket, EVENTS.SPEAK_END, {})).toMatchObject({ ok: true });

    // All of it is there during the rehearsal.
    expect(await server.store.listPolls(m.meetingId)).toHaveLength(1);
    expect(await server.store.listPledgeSignatures(m.meetingId)).toHaveLength(1);
    expect(await meetingDocumentStoreOf(server.store).listTurns(m.meetingId)).toHaveLength(1);
    expect(await pdfText(await pledgePdf(server, m.meetingId, m.links.chair))).toContain(REHEARSAL_SIGNER);

    const ended = await emitAck<Ack & { removed: Record<string, number> }>(chair.socket, EVENTS.REHEARSAL_END, {});
    expect(ended).toMatchObject({ ok: true, removed: { polls: 1, ballots: 1, signatures: 1, turns: 1, marks: SAMPLE_UNITS.length } });
    expect(ended.removed.docUpdates).toBeGreaterThan(0);

    // The documents' connections were closed with the documented code; the stored documents are as at the start.
    await waitUntil(() => closed.length > 0, 5000, "the scores connection closed");
    expect(closed[0]).toBe(CLOSE_CODES.REHEARSAL_ENDED);
    expect(scoresJson(await storedDoc(server, m.meetingId, "scores"))).toEqual(scoresBefore);
    expect(Y.encodeStateAsUpdate(await storedDoc(server, m.meetingId, "pledge"))).toEqual(pledgeBefore);
    expect(await server.store.listPolls(m.meetingId)).toEqual([]);
    expect(await server.store.listPledgeSignatures(m.meetingId)).toEqual([]);
    expect((await server.store.getPledge(m.meetingId)).stage).toBe("drafting");
    expect(await meetingDocumentStoreOf(server.store).listTurns(m.meetingId)).toEqual([]);
    const state = await server.store.getMeetingState(m.meetingId);
    expect(state).toMatchObject({ marks: {}, rehearsal: null });
    expect(state?.scores?.stage ?? "closed").toBe("closed");

    // A tablet that kept the rehearsal's copy cannot write it back: refused, nothing stored.
    const stale = new WebsocketProvider(`ws://127.0.0.1:${server.port}/yjs/${m.meetingId}`, "scores", scores.doc, {
      params: { token: tokenOf(m.links.delegates.BDT![0]!) },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    const staleRefusals: string[] = [];
    (stale as unknown as { messageHandlers: unknown[] }).messageHandlers[2] = (_enc: unknown, decoder: { arr: Uint8Array; pos: number }) => {
      staleRefusals.push(new TextDecoder().decode(decoder.arr.subarray(decoder.pos)));
      decoder.pos = decoder.arr.length;
    };
    await waitUntil(() => staleRefusals.length > 0, 5000, "the stale copy refused");
    stale.destroy();
    // Refused for its client id (retired at rehearsal:end), not merely for the stage.
    expect(staleRefusals[0]).toMatch(/refused:FOREIGN_CLIENT:/);
    expect(scoresJson(await storedDoc(server, m.meetingId, "scores"))).toEqual(scoresBefore);
    scores.destroy();

    // Not in the minutes, not in the pledge; the journal verifies and marks the window with the counts.
    const minutes = await minutesText();
    expect(minutes).not.toContain(REHEARSAL_POLL);
    expect(await pdfText(await pledgePdf(server, m.meetingId, m.links.chair))).not.toContain(REHEARSAL_SIGNER);
    const journal = await server.store.readJournal(m.meetingId);
    expect(verifyJournal(journal).ok).toBe(true);
    const types = journal.map((e) => e.type);
    expect(types).toContain("rehearsal.started");
    expect(journal.at(-1)).toMatchObject({ type: "rehearsal.ended", data: ended.removed });
    expect(types.slice(types.indexOf("rehearsal.started"))).toContain("poll.ballot_cast");
    bdt.socket.disconnect();
    watcher.socket.disconnect();
  }, 60_000);

  it("can run again before the meeting begins, and is refused once it has", async () => {
    const again = await joinPolls(server, m.links.chair);
    expect(await emitAck<Ack>(again.socket, EVENTS.REHEARSAL_START, {})).toMatchObject({ ok: true });
    expect(await emitAck<Ack>(again.socket, EVENTS.REHEARSAL_END, {})).toMatchObject({ ok: true, removed: { polls: 0, ballots: 0, signatures: 0 } });
    again.close();
    const chair2 = await joinPolls(server, m.links.chair);
    await markPresent(chair2, ["BDT"]);
    const before = await server.store.readJournal(m.meetingId);
    const refused = await emitAck<Ack>(chair2.socket, EVENTS.REHEARSAL_START, {});
    expect(refused).toMatchObject({ ok: false, error: { code: "MEETING_STARTED" } });
    expect(refused.error!.message).toMatch(/^Không diễn tập được/);
    expect(await server.store.readJournal(m.meetingId)).toEqual(before);
    expect((await server.store.getMeetingState(m.meetingId))?.rehearsal ?? null).toBeNull();
    chair2.close();
  });
});
