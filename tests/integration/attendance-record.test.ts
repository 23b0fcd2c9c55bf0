import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import type { PollView } from "../../shared/protocol/polls";
import { cast, createPoll, joinPolls, lockScoreTable, markPresent, pollAction, type PollClient } from "../helpers/polls";
import { pdfPageTexts } from "../helpers/pdf-text";
import { createMeeting, joinWith, startTestServer, tokenOf, waitForState, type CreatedTestMeeting } from "../helpers/server";

/**
 * Issue 8: a unit the chair marked absent voted and was counted present, changing the base of
 * "≥ 2/3 of present units"; and the minutes took attendance from the roll call when the PDF was made,
 * so a unit that came in late to sign was printed as present all morning.
 *
 * The morning here: seven tablets join (Sở Tư pháp's does not), the chair marks Thanh tra absent.
 * A motion by show of hands on the present base; the score lock; Thanh tra marked back in; a secret
 * motion; then Sở Tư pháp's tablet arrives, to sign.
 */
const ON_TIME = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV", "TTR"] as const;
const PRESENT_ALL_MORNING = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV"] as const;
const NAME: Record<string, string> = {
  SNGV: "Sở Ngoại vụ tỉnh Thanh Hóa",
  BDT: "Ban Dân tộc tỉnh Thanh Hóa",
  DUK: "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh",
  VPDDBQH: "Văn phòng Đoàn ĐBQH và HĐND tỉnh",
  VPUBND: "Văn phòng UBND tỉnh",
  SNV: "Sở Nội vụ tỉnh Thanh Hóa",
  TTR: "Thanh tra tỉnh Thanh Hóa",
  STP: "Sở Tư pháp tỉnh Thanh Hóa",
};

let server: RunningServer;
let m: CreatedTestMeeting;
let chair: PollClient;
const tablets = new Map<string, PollClient>();
let first: PollView;

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  chair = await joinPolls(server, m.links.chair);
  for (const unit of ON_TIME) tablets.set(unit, await joinPolls(server, m.links.delegates[unit]![0]!));
  await markPresent(chair, ["TTR"], "absent");
});
afterAll(async () => {
  for (const c of [chair, ...tablets.values()]) c.close();
  await server.close();
});

/** What is stored about a poll's ballots: who voted, the ballot set, the journal's ballot entries. */
function storedBallots(pollId: string) {
  const db = server.store.database;
  return {
    voters: db.prepare("SELECT unit, cast_at, op_hash FROM poll_voters WHERE poll_id = ? ORDER BY unit").all(pollId),
    ballots: (db.prepare("SELECT ballots FROM poll_ballot_sets WHERE poll_id = ?").get(pollId) as { ballots: string } | undefined)?.ballots ?? null,
    journal: (db.prepare("SELECT seq, data FROM journal WHERE meeting_id = ? AND type = 'poll.ballot_cast' ORDER BY seq").all(m.meetingId) as { data: string }[]).filter((r) => JSON.parse(r.data).pollId === pollId),
  };
}

describe("a unit recorded absent", () => {
  it("has its ballot refused with NOT_PRESENT, and nothing about it is stored", async () => {
    first = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Thông qua quy chế", threshold: { comparison: "gte", numerator: 2, denominator: 3 }, base: "present" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: first.id });
    const votes = ["for", "for", "for", "for", "against", "against"];
    for (const [i, unit] of PRESENT_ALL_MORNING.entries()) expect(await cast(tablets.get(unit)!.socket, first.id, { choice: votes[i] })).toMatchObject({ ok: true });
    const before = storedBallots(first.id);
    expect(before.voters).toHaveLength(6);

    // Thanh tra's tablet is connected, but the chair's roll call says absent.
    const opId = randomUUID();
    for (const attempt of [opId, opId, randomUUID()]) {
      const res = await cast(tablets.get("TTR")!.socket, first.id, { choice: "against" }, attempt);
      expect(res).toMatchObject({ ok: false, error: { code: "NOT_PRESENT", message: expect.stringMatching(/vắng mặt.*không thể bỏ phiếu/) } });
    }
    expect(storedBallots(first.id)).toEqual(before);
    expect(chair.pending.get(first.id)?.notVoted).toContain("TTR");
  });

  it("is not in the present base at close: ≥ 2/3 of the 6 recorded present needs 4, and 4 for adopts", async () => {
    const closed = await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: first.id });
    expect(closed.turnout).toEqual({ voted: 6, members: 8, present: 6 });
    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: first.id });
    // Counted as present, Thanh tra would make the base 7, need 5, and reject the motion.
    expect(done.outcome).toMatchObject({ result: { outcome: "adopted", for: 4, baseCount: 6, required: 4 } });
    const row = server.store.database.prepare("SELECT present_at_close, present_units_at_open, present_units_at_close FROM polls WHERE id = ?").get(first.id) as Record<string, string | number>;
    expect(row.present_at_close).toBe(6);
    expect(JSON.parse(row.present_units_at_open as string)).toEqual([...PRESENT_ALL_MORNING]);
    expect(JSON.parse(row.present_units_at_close as string)).toEqual([...PRESENT_ALL_MORNING]);
  });
});

describe("the minutes' attendance", () => {
  it("is the record at each decision: a unit that arrived late to sign is printed absent, one that came back after the lock as partly present", async () => {
    await lockScoreTable(chair);
    await markPresent(chair, ["TTR"], "present");
    const second = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "pledge", title: "Thông qua giao ước thi đua" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: second.id });
    for (const unit of ON_TIME) expect(await cast(tablets.get(unit)!.socket, second.id, { choice: "for" })).toMatchObject({ ok: true });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: second.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: second.id });

    // Sở Tư pháp's delegate comes in now, to sign: the live roll call has all eight present.
    const late = await joinWith(server, m.links.delegates.STP![0]!);
    await waitForState(late, (s) => s.attendance.every((a) => a.present));

    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    expect(res.status).toBe(200);
    const text = (await pdfPageTexts(Buffer.from(await res.arrayBuffer()))).join(" ").normalize("NFC").replace(/\s+/g, " ");
    const names = (units: readonly string[]) => units.map((u) => NAME[u]).join("; ");
    expect(text).toContain(`Có mặt: 6/8 đơn vị thành viên (tại mọi quyết định): ${names(PRESENT_ALL_MORNING)}.`);
    expect(text).toMatch(new RegExp(`Có mặt một phần: ${NAME.TTR} \\(vắng khi biểu quyết «Thông qua quy chế» \\(\\d\\d:\\d\\d\\), khóa bảng điểm \\(\\d\\d:\\d\\d\\)\\)\\.`));
    expect(text).toContain(`Vắng: 1 đơn vị: ${NAME.STP}.`);
    expect(text).toMatch(new RegExp(`Khi khóa bảng điểm \\(\\d\\d:\\d\\d\\): có mặt 6/8; vắng: ${NAME.TTR}; ${NAME.STP}\\.`));
    expect(text).toMatch(new RegExp(`Khi biểu quyết «Thông qua giao ước thi đua» \\(\\d\\d:\\d\\d\\): có mặt 7/8; vắng: ${NAME.STP}\\.`));
    late.socket.disconnect();
  });
});
