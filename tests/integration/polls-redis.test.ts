import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { verifyJournal } from "../../shared/journal/chain";
import { EVENTS } from "../../shared/protocol/events";
import type { MotionTally } from "../../shared/voting/tally";
import { cast, createPoll, joinPolls, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { skipRedisTests, startRedis, type TestRedis } from "../helpers/redis";
import { createMeeting, startTestServer, tempDataDir, tokenOf, type CreatedTestMeeting } from "../helpers/server";

/**
 * Two real Concord servers (A and B) in Redis mode on one Redis the test starts (AOF always): polls
 * through the Socket.IO handlers of both, with a unit's tablet on each instance.
 */
describe.skipIf(skipRedisTests)("polls on two instances sharing one Redis", () => {
  let redis: TestRedis;
  let a: RunningServer;
  let b: RunningServer;
  let m: CreatedTestMeeting;
  let chair: PollClient;
  const onA = new Map<string, PollClient>();
  const onB = new Map<string, PollClient>();

  beforeAll(async () => {
    redis = await startRedis();
    const env = { STORE: "redis", REDIS_URL: redis.url, LINK_SECRET: "d".repeat(64) };
    a = await startTestServer(tempDataDir(), env);
    b = await startTestServer(tempDataDir(), env);
    m = await createMeeting(a);
    chair = await joinPolls(a, m.links.chair);
    // The same join links work on both instances (one LINK_SECRET): each unit has a tablet on A and one on B.
    for (const unit of SAMPLE_UNITS) {
      const link = m.links.delegates[unit]![0]!;
      onA.set(unit, await joinPolls(a, link));
      onB.set(unit, await joinPolls(b, link));
    }
  });
  afterAll(async () => {
    for (const c of [chair, ...onA.values(), ...onB.values()]) c?.close();
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("stores exactly one ballot when a unit's tablets on A and B cast at the same moment, 100 times, with the tally and journal right on both", async () => {
    let secretRounds = 0;
    for (let round = 0; round < 100; round++) {
      // Each link casts every 8th round; rounds of at least 70 ms keep a device within its documented cast budget
      // (2 a second after a burst of 10, server/realtime/budget.ts), so the race is what this test sees.
      const paced = new Promise((r) => setTimeout(r, 70));
      const visibility = round % 5 === 4 ? "secret" : "open";
      if (visibility === "secret") secretRounds++;
      const poll = await createPoll(chair, { kind: "motion", visibility, subject: "other", title: `Vòng ${round}`, threshold: { comparison: "gt", numerator: 1, denominator: 2 } });
      await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
      const unit = SAMPLE_UNITS[round % SAMPLE_UNITS.length]!;
      // B learns of the poll from Redis (it was created and opened on A).
      const answers = await Promise.all([cast(onA.get(unit)!.socket, poll.id, { choice: "for" }), cast(onB.get(unit)!.socket, poll.id, { choice: "against" })]);
      expect(answers.filter((x) => x.ok)).toHaveLength(1);
      expect(answers.filter((x) => !x.ok).map((x) => (x.ok ? null : x.error.code))).toEqual(["ALREADY_VOTED"]);
      expect(await a.ctx.store.pollVoters(m.meetingId, poll.id)).toHaveLength(1);
      const closed = await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
      expect(closed.turnout.voted).toBe(1);
      // A ballot arriving at B after the close on A is refused there (every tenth round: casts have a per-device budget).
      if (round % 10 === 0) {
        const late = await cast(onB.get(SAMPLE_UNITS[(round + 1) % SAMPLE_UNITS.length]!)!.socket, poll.id, { choice: "for" });
        expect(late).toMatchObject({ ok: false, error: { code: "POLL_NOT_OPEN" } });
      }
      await paced;
    }
    expect(secretRounds).toBe(20);
    const journal = await b.ctx.store.readJournal(m.meetingId);
    expect(journal.filter((e) => e.type === "poll.ballot_cast")).toHaveLength(100);
    expect(verifyJournal(journal).ok).toBe(true);
  });

  it("counts a secret vote cast on both instances, published on A and read back from B", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "pledge", title: "Thông qua giao ước" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const receipts: string[] = [];
    const ops = SAMPLE_UNITS.map(() => randomUUID());
    for (const [i, unit] of SAMPLE_UNITS.entries()) {
      const tablet = (i % 2 ? onA : onB).get(unit)!;
      const res = await cast(tablet.socket, poll.id, { choice: i < 6 ? "for" : "against" }, ops[i]);
      if (!res.ok) throw new Error(res.error.code);
      receipts.push(res.receipt);
    }
    // A retry of the same operation on the other instance (a lost ack, a reconnect through nginx) gets its first answer.
    const retried = await cast(onA.get(SAMPLE_UNITS[0])!.socket, poll.id, { choice: "for" }, ops[0]);
    expect(retried).toMatchObject({ ok: true, receipt: receipts[0] });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    const published = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    expect(published.state).toBe("published");
    const res = await fetch(`${b.url}/api/meetings/${m.meetingId}/polls/${poll.id}/result`, { headers: { authorization: `Bearer ${tokenOf(m.links.public)}` } });
    const report = (await res.json()) as { counts: MotionTally; receipts: { receipt: string }[] };
    expect(report.counts).toMatchObject({ for: 6, against: 2, cast: 8 });
    expect(report.receipts.map((r) => r.receipt).sort()).toEqual(receipts.sort());
  });
});
