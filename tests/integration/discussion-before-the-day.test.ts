import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { vietnamDay } from "../../shared/discussion/phase";
import { EVENTS } from "../../shared/protocol/events";
import { signature } from "../helpers/pledge";
import { connectDoc, createMeeting, demoDefinitionCopy, emitAck, joinWith, startTestServer, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { pledgeProposals } from "../../shared/documents/layout";

const DAY_MS = 24 * 3600_000;
let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  // Comments opened yesterday; the conference is in a week.
  const def = demoDefinitionCopy() as ReturnType<typeof demoDefinitionCopy> & { discussion?: unknown };
  def.conference.date = vietnamDay(Date.now() + 7 * DAY_MS);
  def.discussion = { commentsOpenFrom: vietnamDay(Date.now() - DAY_MS) };
  m = await createMeeting(server, def);
});
afterAll(() => server.close());

type Ack = { ok: boolean; error?: { code: string; message: string } };

describe("before the day", () => {
  it("opens the pledge draft for proposals and refuses polls, signing and the floor until the conference date", async () => {
    const chair = await joinWith(server, m.links.chair);
    const bdt = await joinWith(server, m.links.delegates.BDT![0]!);
    expect(bdt.latest().phase).toBe("comments");

    // A unit's proposal on the draft is accepted and reaches the secretary's copy.
    const tablet = await connectDoc(server, m.meetingId, "pledge", m.links.delegates.BDT![0]!);
    const secretary = await connectDoc(server, m.meetingId, "pledge", m.links.secretary);
    pledgeProposals(tablet.doc).set("BDT:c1", { section: 0, index: 0, text: "Đề nghị bổ sung chỉ tiêu chuyển đổi số" });
    await waitUntil(() => pledgeProposals(secretary.doc).has("BDT:c1"), 5000, "the proposal reaches the secretary");
    expect(tablet.refusals).toEqual([]);

    const journalBefore = (await server.store.readJournal(m.meetingId)).length;
    const created = await emitAck<Ack & { poll?: { id: string } }>(chair.socket, EVENTS.POLL_CREATE, { kind: "motion", visibility: "open", subject: "other", title: "Thông qua kế hoạch" });
    expect(created.ok).toBe(true);
    const refused: [string, typeof chair, string, unknown][] = [
      ["open a poll", chair, EVENTS.POLL_OPEN, { pollId: created.poll!.id }],
      ["cast a ballot", bdt, EVENTS.POLL_CAST, { pollId: created.poll!.id, opId: "op-before-the-day-0001", ballot: { choice: "for" } }],
      ["adopt the pledge", chair, EVENTS.PLEDGE_ADOPT, {}],
      ["freeze the pledge", chair, EVENTS.PLEDGE_FREEZE, {}],
      ["sign the pledge", bdt, EVENTS.PLEDGE_SIGN, signature("0".repeat(64))],
      ["ask for the floor", bdt, EVENTS.SPEAK_REQUEST, { kind: "remark" }],
    ];
    for (const [name, c, event, payload] of refused) {
      const res = await emitAck<Ack>(c.socket, event, payload);
      expect({ name, ok: res.ok, code: res.error?.code }).toEqual({ name, ok: false, code: "CONFLICT" });
      expect(res.error!.message).toMatch(/chỉ góp ý dự thảo giao ước/);
    }
    // Only the poll's creation was journaled; nothing refused left a trace.
    const journal = (await server.store.readJournal(m.meetingId)).slice(journalBefore).map((e) => e.type);
    expect(journal).toEqual(["poll.created"]);
    expect((await emitAck<{ ok: true; state: { stage: string } }>(chair.socket, EVENTS.PLEDGE_GET, {})).state.stage).toBe("drafting");
    for (const c of [chair, bdt]) c.socket.disconnect();
    for (const p of [tablet, secretary]) p.destroy();
  });

  it("leaves meetings without commentsOpenFrom as they were (the demo's date is past: every day is the day)", async () => {
    const other = await createMeeting(server);
    const bdt = await joinWith(server, other.links.delegates.BDT![0]!);
    expect(bdt.latest().phase).toBe("day");
    expect(await emitAck(bdt.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: true });
    bdt.socket.disconnect();
  });

  it("lets delegates comment without beginning the meeting, and a rehearsal before the day try the day's events", async () => {
    const def = demoDefinitionCopy() as ReturnType<typeof demoDefinitionCopy> & { discussion?: unknown };
    def.conference.date = vietnamDay(Date.now() + 7 * DAY_MS);
    def.discussion = { commentsOpenFrom: vietnamDay(Date.now() - DAY_MS) };
    const early = await createMeeting(server, def);
    // BDT's delegate opens its link to comment on the draft: not a check-in for the day.
    const bdt = await joinWith(server, early.links.delegates.BDT![0]!);
    const chair = await joinWith(server, early.links.chair);
    expect(await emitAck<Ack>(bdt.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });

    const started = await emitAck<Ack>(chair.socket, EVENTS.REHEARSAL_START, {});
    expect(started).toEqual({ ok: true });
    await waitUntil(() => bdt.latest().rehearsal === true, 5000, "the delegate sees the rehearsal");
    // In the rehearsal the day's events work, before the day.
    expect(await emitAck<Ack>(bdt.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: true });

    const ended = await emitAck<Ack>(chair.socket, EVENTS.REHEARSAL_END, {});
    expect(ended.ok).toBe(true);
    // After it, the gate is back (the rehearsal's end drops the sockets: join again).
    const again = await joinWith(server, early.links.delegates.BDT![0]!);
    expect(await emitAck<Ack>(again.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    for (const c of [bdt, chair, again]) c.socket.disconnect();
  });
});
