import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import type { MeetingEventMap } from "../../server/meetings/events";
import { EVENTS } from "../../shared/protocol/events";
import type { MotionTally, PerCandidateTally, SingleChoiceTally } from "../../shared/voting/tally";
import { cast, createPoll, joinPolls, lockScoreTable, markPresent, pollAction, SAMPLE_UNITS, tryAction, waitForPoll, type PollClient } from "../helpers/polls";
import { createMeeting, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";

let server: RunningServer;
let m: CreatedTestMeeting;
let chair: PollClient;
let screen: PollClient;
/** One tablet per sample unit, connected (so every unit is checked in and present). */
const tablets = new Map<string, PollClient>();
const published: MeetingEventMap["poll.published"][] = [];

const delegate = (unit: string) => tablets.get(unit)!;
const getJson = async <T,>(path: string, link = m.links.public): Promise<T> =>
  (await (await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${tokenOf(link)}` } })).json()) as T;

beforeAll(async () => {
  server = await startTestServer();
  server.ctx.events.on("poll.published", (e) => published.push(e));
  m = await createMeeting(server);
  chair = await joinPolls(server, m.links.chair);
  screen = await joinPolls(server, m.links.screen);
  for (const unit of SAMPLE_UNITS) tablets.set(unit, await joinPolls(server, m.links.delegates[unit]![0]!));
});
afterAll(async () => {
  for (const c of [chair, screen, ...tablets.values()]) c.close();
  await server.close();
});

describe("polls with the sample cluster's eight units", () => {
  it("cannot open the acclamation before the score table is locked", async () => {
    const poll = await createPoll(chair, { kind: "per_candidate", visibility: "secret", subject: "ranking", title: "Suy tôn (sớm)", candidates: ["BDT", "STP"] });
    const res = await tryAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    expect(res).toMatchObject({ ok: false, error: { code: "SCORES_NOT_LOCKED", message: expect.stringMatching(/locked/) } });
    expect(await pollAction(chair, EVENTS.POLL_VOID, { pollId: poll.id, reason: "Tạo nhầm trước khi khóa bảng điểm" })).toMatchObject({ state: "void", voidReason: "Tạo nhầm trước khi khóa bảng điểm" });
  });

  it("runs the acclamation by secret ballot from the locked ranking to the published result", async () => {
    const ranking = await lockScoreTable(chair);
    expect(ranking.slice(0, 3)).toEqual(["BDT", "STP", "SNV"]);
    // Named out of order, the candidates are put in score order.
    const poll = await createPoll(chair, { kind: "per_candidate", visibility: "secret", subject: "ranking", title: "Suy tôn đơn vị dẫn đầu", candidates: ["SNV", "BDT", "STP"] });
    expect(poll.candidates).toEqual(["BDT", "STP", "SNV"]);
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });

    const receipts = new Map<string, string>();
    for (const [i, unit] of SAMPLE_UNITS.entries()) {
      const res = await cast(delegate(unit).socket, poll.id, { choices: { BDT: "for", STP: i < 6 ? "for" : "abstain", SNV: i < 4 ? "for" : "against" } });
      if (!res.ok) throw new Error(res.error.message);
      expect(res.receipt).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}$/);
      receipts.set(unit, res.receipt);
    }
    // While open the screen sees turnout only: a secret poll shows no counts before the close.
    const live = await waitForPoll(screen, poll.id, (p) => p.turnout.voted === 8);
    expect(live).toMatchObject({ state: "open", counts: null, turnout: { voted: 8, members: 8, present: 8 } });
    expect(screen.updates.filter((u) => u.id === poll.id).every((u) => u.counts === null)).toBe(true);

    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    const closed = await waitForPoll(screen, poll.id, (p) => p.state === "closed");
    expect((closed.counts as PerCandidateTally).candidates).toEqual({ BDT: { for: 8, against: 0, abstain: 0 }, STP: { for: 6, against: 0, abstain: 2 }, SNV: { for: 4, against: 4, abstain: 0 } });

    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    // > 1/2 of 8 members needs 5: SNV's 4 is not enough.
    expect(done.outcome!.words.vi).toBe("Ban Dân tộc tỉnh Thanh Hóa: Thông qua; Sở Tư pháp tỉnh Thanh Hóa: Thông qua; Sở Nội vụ tỉnh Thanh Hóa: Không thông qua");
    await waitForPoll(screen, poll.id, (p) => p.state === "published" && p.outcome !== null);

    const result = await getJson<{ receipts: { receipt: string; choices: { choices: Record<string, string> } }[]; baseCount: number; required: number; thresholdWords: { vi: string } }>(`/api/meetings/${m.meetingId}/polls/${poll.id}/result`);
    expect(result).toMatchObject({ baseCount: 8, required: 5, thresholdWords: { vi: "quá 1/2 tổng số đơn vị thành viên" } });
    // Each unit finds its own ballot by its receipt.
    for (const [i, unit] of SAMPLE_UNITS.entries()) {
      const mine = result.receipts.find((r) => r.receipt === receipts.get(unit));
      expect(mine?.choices.choices.SNV, unit).toBe(i < 4 ? "for" : "against");
    }
    expect(published.at(-1)).toMatchObject({ pollId: poll.id, subject: "ranking", outcome: "decided" });
  });

  it("elects the head by show of hands, shows who voted what, and excludes the new head from the deputy election", async () => {
    const head = await createPoll(chair, { kind: "single_choice", visibility: "open", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: ["BDT", "STP", "SNV"] });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: head.id });
    const choices: Record<string, string> = { SNGV: "BDT", BDT: "STP", DUK: "BDT", VPDDBQH: "BDT", VPUBND: "BDT", SNV: "STP", TTR: "abstain", STP: "BDT" };
    for (const unit of SAMPLE_UNITS) expect(await cast(delegate(unit).socket, head.id, { choice: choices[unit] })).toMatchObject({ ok: true });
    // An open poll shows per-choice counts while it is open.
    const live = await waitForPoll(screen, head.id, (p) => p.turnout.voted === 8);
    expect((live.counts as SingleChoiceTally).votes).toEqual({ BDT: 5, STP: 2, SNV: 0 });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: head.id });
    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: head.id });
    expect(done.outcome).toMatchObject({ elected: "BDT", headline: "Ban Dân tộc — Trưởng cụm năm 2022", words: { vi: "Trúng cử: Ban Dân tộc tỉnh Thanh Hóa" } });
    expect(done.byUnit).toMatchObject({ SNGV: { choice: "BDT" }, TTR: { choice: "abstain" } });
    expect(published.at(-1)).toEqual({ meetingId: m.meetingId, pollId: head.id, subject: "head", outcome: "elected", elected: "BDT" });

    const deputy = await createPoll(chair, { kind: "single_choice", visibility: "open", subject: "deputy", title: "Bầu Phó Trưởng cụm năm 2022", candidates: ["STP", "SNV"], excluded: ["BDT"] });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: deputy.id });
    expect(await cast(delegate("DUK").socket, deputy.id, { choice: "BDT" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringMatching(/excluded_candidate/) } });
    expect(await cast(delegate("DUK").socket, deputy.id, { choice: "NOPE" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await cast(delegate("DUK").socket, deputy.id, { choices: { STP: "for" } })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST", message: expect.stringMatching(/wrong_shape/) } });
  });

  it("holds a runoff in one action when no candidate reaches the threshold", async () => {
    const poll = await createPoll(chair, { kind: "single_choice", visibility: "secret", subject: "other", title: "Đăng cai hội nghị", candidates: ["SNV", "TTR", "DUK"] });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const picks = ["SNV", "SNV", "SNV", "TTR", "TTR", "TTR", "DUK", "abstain"];
    for (const [i, unit] of SAMPLE_UNITS.entries()) expect(await cast(delegate(unit).socket, poll.id, { choice: picks[i] })).toMatchObject({ ok: true });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    expect(done.outcome).toMatchObject({ elected: null, result: { outcome: "runoff_needed", runoffCandidates: ["SNV", "TTR"] } });
    const runoff = await pollAction(chair, EVENTS.POLL_RUNOFF, { pollId: poll.id });
    expect(runoff).toMatchObject({ id: `${poll.id}-r2`, state: "draft", round: 2, runoffOf: poll.id, candidates: ["SNV", "TTR"], excluded: ["DUK"] });
    expect(await tryAction(chair, EVENTS.POLL_RUNOFF, { pollId: poll.id })).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
  });

  it("adopts the pledge by a motion, while a per-poll threshold of 80 % rejects the same votes", async () => {
    const votes = ["for", "for", "for", "for", "for", "for", "against", "abstain"];
    const plain = await createPoll(chair, { kind: "motion", visibility: "open", subject: "pledge", title: "Thông qua nội dung giao ước thi đua năm 2022" });
    const strict = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Sửa quy chế (≥ 80 %)", threshold: { comparison: "gte", numerator: 80, denominator: 100 }, base: "present" });
    expect(strict).toMatchObject({ threshold: { numerator: 80, denominator: 100 }, base: "present" });
    for (const poll of [plain, strict]) {
      await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
      for (const [i, unit] of SAMPLE_UNITS.entries()) expect(await cast(delegate(unit).socket, poll.id, { choice: votes[i] })).toMatchObject({ ok: true });
      await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    }
    const adopted = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: plain.id });
    expect(adopted.outcome).toMatchObject({ result: { outcome: "adopted", for: 6, required: 5 }, words: { vi: "Thông qua" } });
    expect(published.at(-1)).toMatchObject({ pollId: plain.id, subject: "pledge", outcome: "adopted" });
    // 6 of 8 present is 75 %: short of 80 %.
    const rejected = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: strict.id });
    expect(rejected.outcome).toMatchObject({ result: { outcome: "rejected", baseCount: 8, required: 7 }, words: { vi: "Không thông qua" } });
    expect((rejected.counts as MotionTally)).toMatchObject({ for: 6, against: 1, abstain: 1 });
  });

  it("refuses a second ballot from the same unit with the time it voted, and returns the first answer to a retried operation", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "other", title: "Biểu quyết thử" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const opId = randomUUID();
    const first = await cast(delegate("BDT").socket, poll.id, { choice: "for" }, opId);
    expect(first).toMatchObject({ ok: true, pollId: poll.id });
    // The same operation again, even from the unit's other tablet: the same answer, no second ballot.
    const other = await joinPolls(server, m.links.delegates.BDT![1]!);
    expect(await cast(other.socket, poll.id, { choice: "for" }, opId)).toEqual(first);
    const second = await cast(other.socket, poll.id, { choice: "against" });
    expect(second).toMatchObject({ ok: false, error: { code: "ALREADY_VOTED", message: expect.stringMatching(/^Đơn vị của bạn đã bỏ phiếu lúc \d{2}:\d{2}\. \(Your unit voted at \d{2}:\d{2}\.\)$/) } });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    // After the close a retry still gets its first answer; a new ballot is refused as late.
    expect(await cast(delegate("BDT").socket, poll.id, { choice: "for" }, opId)).toEqual(first);
    expect(await cast(delegate("STP").socket, poll.id, { choice: "for" })).toMatchObject({ ok: false, error: { code: "POLL_NOT_OPEN", message: expect.stringMatching(/closed/) } });
    const closed = await waitForPoll(screen, poll.id, (p) => p.state === "closed");
    expect(closed.counts).toMatchObject({ cast: 1, for: 1 });
    other.close();
  });

  it("refuses ballots from the screen, followers and organisers", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Ai được bỏ phiếu" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const follower = await joinPolls(server, m.links.public);
    for (const c of [screen, follower, chair]) expect(await cast(c.socket, poll.id, { choice: "for" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    for (const c of [screen, follower, delegate("BDT")]) expect(await tryAction(c, EVENTS.POLL_CLOSE, { pollId: poll.id })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await cast(delegate("BDT").socket, "no-such-poll", { choice: "for" })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(await cast(delegate("BDT").socket, poll.id, { choice: "for" }, "short")).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    follower.close();
    await pollAction(chair, EVENTS.POLL_VOID, { pollId: poll.id, reason: "Chỉ để kiểm tra quyền" });
  });

  it("shows the organisers which units have not voted yet", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "other", title: "Ai chưa bỏ phiếu" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    for (const unit of ["BDT", "STP", "SNV"]) await cast(delegate(unit).socket, poll.id, { choice: "for" });
    await waitForPoll(chair, poll.id, (p) => p.turnout.voted === 3);
    const wait = () => chair.pending.get(poll.id)?.voted.length === 3;
    for (let i = 0; !wait() && i < 100; i++) await new Promise((r) => chair.socket.once(EVENTS.POLL_PENDING, r));
    expect(chair.pending.get(poll.id)!.notVoted).toEqual(["SNGV", "DUK", "VPDDBQH", "VPUBND", "TTR"]);
    expect(screen.pending.has(poll.id)).toBe(false);
    const list = await getJson<{ polls: { id: string; state: string; turnout: { voted: number } }[] }>(`/api/meetings/${m.meetingId}/polls`);
    expect(list.polls.find((p) => p.id === poll.id)).toMatchObject({ state: "open", turnout: { voted: 3 } });
    expect(await getJson(`/api/meetings/${m.meetingId}/polls/${poll.id}/result`)).toEqual({ ok: true, pollId: poll.id, state: "open", turnout: { voted: 3, members: 8, present: 8 }, published: false });
  });

  it("cannot open a poll without quorum", async () => {
    await markPresent(chair, ["SNGV", "DUK", "VPDDBQH"], "absent");
    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Không đủ số đơn vị" });
    // 5 of 8 present; ≥ 2/3 needs 6.
    expect(await tryAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id })).toMatchObject({ ok: false, error: { code: "NO_QUORUM", message: expect.stringMatching(/No quorum: 5 of 8 present, 6 needed/) } });
    await markPresent(chair, ["SNGV"], "present");
    expect(await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id })).toMatchObject({ state: "open" });
  });
});
