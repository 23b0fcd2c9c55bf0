import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import type { SpeakersState } from "../../shared/protocol/discussion";
import { vietnamClock, vietnameseDuration } from "../../server/discussion/summary";
import { pdfPageTexts } from "../helpers/pdf-text";
import { createMeeting, tokenOf, demoDefinitionCopy, emitAck, joinWith, startTestServer, waitForState, type CreatedTestMeeting } from "../helpers/server";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  const def = demoDefinitionCopy() as ReturnType<typeof demoDefinitionCopy> & { discussion?: unknown };
  def.discussion = { presentationS: 300, remarkS: 60 };
  (def.agenda[4] as { speakingLimits?: unknown }).speakingLimits = { presentationS: 420 };
  m = await createMeeting(server, def);
});
afterAll(() => server.close());

type Ack = { ok: boolean; error?: { code: string; message: string } };
/** The queue as stored (not as held in memory). */
const storedSpeakers = (): SpeakersState => {
  const row = server.store.database.prepare("SELECT state FROM discussion_state WHERE meeting_id = ?").get(m.meetingId) as { state: string } | undefined;
  return row ? (JSON.parse(row.state) as { speakers: SpeakersState }).speakers : { current: null, queue: [] };
};
const speakJournal = async () => (await server.store.readJournal(m.meetingId)).filter((e) => e.type.startsWith("speak."));

describe("requests to speak", () => {
  it("refuses every speak event from the wrong roles and changes nothing", async () => {
    const chair = await joinWith(server, m.links.chair);
    const bdt = await joinWith(server, m.links.delegates.BDT![0]!);
    expect(await emitAck(bdt.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: true, request: { requestId: "r1", unit: "BDT" } });
    const before = { stored: storedSpeakers(), journal: (await speakJournal()).length };

    const screen = await joinWith(server, m.links.screen);
    const follower = await joinWith(server, m.links.public);
    const secretary = await joinWith(server, m.links.secretary);
    const cases: [string, typeof chair, string, unknown][] = [
      ["chair asks for the floor", chair, EVENTS.SPEAK_REQUEST, { kind: "remark" }],
      ["secretary asks for the floor", secretary, EVENTS.SPEAK_REQUEST, { kind: "presentation" }],
      ["screen asks for the floor", screen, EVENTS.SPEAK_REQUEST, { kind: "remark" }],
      ["follower asks for the floor", follower, EVENTS.SPEAK_REQUEST, { kind: "remark" }],
      ["follower withdraws", follower, EVENTS.SPEAK_WITHDRAW, {}],
      ["chair withdraws a unit's request", chair, EVENTS.SPEAK_WITHDRAW, {}],
      ["delegate gives itself the floor", bdt, EVENTS.SPEAK_GIVE, { requestId: "r1" }],
      ["delegate ends a turn", bdt, EVENTS.SPEAK_END, {}],
      ["delegate reorders the queue", bdt, EVENTS.SPEAK_REORDER, { order: ["r1"] }],
      ["screen gives the floor", screen, EVENTS.SPEAK_GIVE, { requestId: "r1" }],
      ["follower gives the floor", follower, EVENTS.SPEAK_GIVE, { requestId: "r1" }],
      ["follower reorders", follower, EVENTS.SPEAK_REORDER, { order: ["r1"] }],
      ["screen ends", screen, EVENTS.SPEAK_END, {}],
    ];
    for (const [name, c, event, payload] of cases) {
      const res = await emitAck<Ack>(c.socket, event, payload);
      expect({ name, ok: res.ok, code: res.error?.code }).toEqual({ name, ok: false, code: "FORBIDDEN" });
      expect(res.error!.message).toMatch(/^(Chủ trì|Thư ký|Đại biểu|Màn hình chiếu|Người theo dõi) không /);
    }
    expect(storedSpeakers()).toEqual(before.stored);
    expect((await speakJournal()).length).toBe(before.journal);
    for (const c of [chair, bdt, screen, follower, secretary]) c.socket.disconnect();
  });

  it("refuses a second request from the same unit (either tablet) and malformed payloads", async () => {
    const bdt2 = await joinWith(server, m.links.delegates.BDT![1]!);
    const res = await emitAck<Ack>(bdt2.socket, EVENTS.SPEAK_REQUEST, { kind: "presentation" });
    expect(res).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(res.error!.message).toMatch(/đã đăng ký phát biểu/);
    for (const payload of [{ kind: "filibuster" }, { kind: "remark", note: "x".repeat(201) }, { kind: "remark", name: "x".repeat(121) }, null])
      expect(await emitAck(bdt2.socket, EVENTS.SPEAK_REQUEST, payload)).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect((storedSpeakers()).queue.map((q) => q.requestId)).toEqual(["r1"]);
    bdt2.socket.disconnect();
  });

  it("runs the queue: request, reorder, give with the item's limit, end; the journal and the store record the turn", async () => {
    const chair = await joinWith(server, m.links.chair);
    const stp = await joinWith(server, m.links.delegates.STP![0]!);
    const snv = await joinWith(server, m.links.delegates.SNV![0]!);
    const screen = await joinWith(server, m.links.screen);
    expect(await emitAck(stp.socket, EVENTS.SPEAK_REQUEST, { kind: "presentation", note: "Kinh nghiệm chuyển đổi số" })).toMatchObject({ ok: true, request: { requestId: "r2" } });
    expect(await emitAck(snv.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: true, request: { requestId: "r3" } });
    let s = await waitForState(screen, (st) => st.speakers.queue.length === 3);
    expect(s.speakers.queue.map((q) => q.unit)).toEqual(["BDT", "STP", "SNV"]);

    // A stale order (missing r3) is refused; the full one is applied.
    expect(await emitAck(chair.socket, EVENTS.SPEAK_REORDER, { order: ["r2", "r1"] })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await emitAck(chair.socket, EVENTS.SPEAK_REORDER, { order: ["r2", "r3", "r1"] })).toEqual({ ok: true });
    s = await waitForState(screen, (st) => st.speakers.queue[0]?.unit === "STP");
    expect(s.speakers.queue.map((q) => q.requestId)).toEqual(["r2", "r3", "r1"]);

    // SNV withdraws; the presentation under item 5 gets that item's own limit (420 s).
    expect(await emitAck(snv.socket, EVENTS.SPEAK_WITHDRAW, {})).toEqual({ ok: true });
    expect(await emitAck(snv.socket, EVENTS.SPEAK_WITHDRAW, {})).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await emitAck(chair.socket, EVENTS.AGENDA_GOTO, { index: 4 })).toEqual({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.SPEAK_END, {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    const given = await emitAck<{ ok: true; current: { startedAt: number; limitS: number } }>(chair.socket, EVENTS.SPEAK_GIVE, { requestId: "r2" });
    expect(given).toMatchObject({ ok: true, current: { requestId: "r2", unit: "STP", kind: "presentation", limitS: 420, note: "Kinh nghiệm chuyển đổi số" } });
    expect(await emitAck(chair.socket, EVENTS.SPEAK_GIVE, { requestId: "r1" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(await emitAck(stp.socket, EVENTS.SPEAK_WITHDRAW, {})).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    s = await waitForState(screen, (st) => st.speakers.current?.requestId === "r2" && st.screen === "speaker");
    expect(s.speakers).toEqual({ current: { requestId: "r2", unit: "STP", kind: "presentation", note: "Kinh nghiệm chuyển đổi số", startedAt: given.current.startedAt, limitS: 420 }, queue: [expect.objectContaining({ requestId: "r1", unit: "BDT" })] });

    const ended = await emitAck<{ ok: true; turn: { durationS: number; endedAt: number } }>(chair.socket, EVENTS.SPEAK_END, {});
    expect(ended).toMatchObject({ ok: true, turn: { requestId: "r2", unit: "STP", kind: "presentation", agendaIndex: 4, limitS: 420, startedAt: given.current.startedAt } });
    await waitForState(screen, (st) => st.speakers.current === null);

    // A remark under an item without its own limit: the meeting's 60 s.
    expect(await emitAck(chair.socket, EVENTS.AGENDA_GOTO, { index: 5 })).toEqual({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.SPEAK_GIVE, { requestId: "r1" })).toMatchObject({ ok: true, current: { unit: "BDT", kind: "remark", limitS: 60 } });

    const journal = await speakJournal();
    expect(journal.map((e) => e.type)).toEqual(["speak.requested", "speak.requested", "speak.requested", "speak.reordered", "speak.withdrawn", "speak.given", "speak.ended", "speak.given"]);
    expect(journal.find((e) => e.type === "speak.ended")!.data).toEqual({ ...ended.turn, requestId: "r2", unit: "STP", kind: "presentation", agendaIndex: 4, limitS: 420, startedAt: given.current.startedAt });
    const turns = server.store.database.prepare("SELECT unit, kind, duration_s, limit_s FROM speaker_turns WHERE meeting_id = ?").all(m.meetingId);
    expect(turns).toEqual([{ unit: "STP", kind: "presentation", duration_s: ended.turn.durationS, limit_s: 420 }]);

    // The minutes list who spoke, the kind, from when to when and for how long.
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokenOf(m.links.public)}` } });
    expect(res.status).toBe(200);
    const text = (await pdfPageTexts(Buffer.from(await res.arrayBuffer()))).join(" ").normalize("NFC");
    const section = text.slice(text.indexOf("THẢO LUẬN, THAM LUẬN"));
    expect(section).toContain("Hội nghị đã nghe 1 lượt tham luận, ý kiến");
    expect(section).toMatch(new RegExp(`1 Sở Tư pháp tỉnh Thanh Hóa Tham luận ${vietnamClock(given.current.startedAt)}–${vietnamClock(ended.turn.endedAt)} ${vietnameseDuration(ended.turn.durationS)}`));
    for (const c of [chair, stp, snv, screen]) c.socket.disconnect();
  });

  it("keeps the queue and the current speaker across a restart", async () => {
    const dataDir = (server as RunningServer & { dataDir: string }).dataDir;
    await server.close();
    server = await startTestServer(dataDir);
    const screen = await joinWith(server, m.links.screen);
    const s = await waitForState(screen, (st) => st.speakers.current !== null);
    expect(s.speakers.current).toMatchObject({ requestId: "r1", unit: "BDT", limitS: 60 });
    // Request ids are never reused after a restart.
    const duk = await joinWith(server, m.links.delegates.DUK![0]!);
    expect(await emitAck(duk.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: true, request: { requestId: "r4" } });
    for (const c of [screen, duk]) c.socket.disconnect();
  });
});
