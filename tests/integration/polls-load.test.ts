import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import type { CastReceipt } from "../../shared/protocol/polls";
import type { MotionTally } from "../../shared/voting/tally";
import { cast, createLargeMeeting, createPoll, joinPolls, pollAction, waitForPoll, type Answer, type PollClient } from "../helpers/polls";
import { startTestServer, type CreatedTestMeeting } from "../helpers/server";

const UNITS = 200;
const CHOICES = ["for", "against", "abstain"] as const;

let server: RunningServer;
let m: CreatedTestMeeting & { units: string[] };
let chair: PollClient;
let follower: PollClient;
let screen: PollClient;
/** Both tablets of every unit: 400 connected delegates (joining checks every unit in). */
const tablets: { unit: string; link: string; client: PollClient }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  m = await createLargeMeeting(server, UNITS);
  chair = await joinPolls(server, m.links.chair);
  follower = await joinPolls(server, m.links.public);
  screen = await joinPolls(server, m.links.screen);
  const links = m.units.flatMap((unit) => m.links.delegates[unit]!.map((link) => ({ unit, link })));
  for (let i = 0; i < links.length; i += 50)
    tablets.push(...(await Promise.all(links.slice(i, i + 50).map(async (l) => ({ ...l, client: await joinPolls(server, l.link) })))));
}, 120_000);
afterAll(async () => {
  for (const c of [chair, follower, screen, ...tablets.map((t) => t.client)]) c.close();
  await server.close();
});

/**
 * Casts like a tablet on bad Wi-Fi: keeps its operation id until it has an answer; sometimes sends
 * and drops the connection at once (the ballot may or may not have arrived), sometimes sends twice.
 */
async function castWithChaos(t: (typeof tablets)[number], pollId: string, ballot: unknown): Promise<{ opId: string; answer: Answer<CastReceipt> }> {
  const opId = randomUUID();
  let client = t.client;
  for (;;) {
    const dice = Math.random();
    if (dice < 0.25) {
      client.socket.emit(EVENTS.POLL_CAST, { pollId, opId, ballot: ballot as never }, () => {});
      client.close();
      client = t.client = await joinPolls(server, t.link);
      continue;
    }
    if (dice < 0.45) {
      const [a, b] = await Promise.all([cast(client.socket, pollId, ballot, opId), cast(client.socket, pollId, ballot, opId)]);
      expect(b).toEqual(a);
      return { opId, answer: a };
    }
    return { opId, answer: await cast(client.socket, pollId, ballot, opId) };
  }
}

describe("a meeting of 200 units", () => {
  it("ends a burst of 400 delegates with retries and reconnects with one ballot per unit and the acknowledged tally", async () => {
    expect(chair.polls.size).toBe(0);
    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "pledge", title: "Thông qua giao ước (200 đơn vị)" });
    expect(await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id })).toMatchObject({ turnout: { present: UNITS } });
    const results = await Promise.all(
      tablets.map(async (t) => {
        const choice = CHOICES[Math.floor(Math.random() * 3)]!;
        return { unit: t.unit, choice, ...(await castWithChaos(t, poll.id, { choice })) };
      }),
    );
    const acked = results.filter((r) => r.answer.ok);
    // Exactly one tablet per unit got an acknowledgement; the other was told when its unit voted.
    expect(new Set(acked.map((r) => r.unit)).size).toBe(UNITS);
    expect(acked).toHaveLength(UNITS);
    for (const r of results.filter((x) => !x.answer.ok)) expect(r.answer).toMatchObject({ ok: false, error: { code: "ALREADY_VOTED", message: expect.stringMatching(/đã bỏ phiếu lúc/) } });

    const expected = { for: 0, against: 0, abstain: 0 };
    for (const r of acked) expected[r.choice]++;
    const seen = await waitForPoll(follower, poll.id, (p) => p.turnout.voted === UNITS);
    expect(seen.counts).toMatchObject({ cast: UNITS, ...expected });
    // Coalesced: far fewer updates than ballots reached the follower.
    expect(follower.updates.filter((u) => u.id === poll.id).length).toBeLessThan(UNITS / 4);

    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    expect(done.counts as MotionTally).toMatchObject({ cast: UNITS, ...expected });
    // Each unit's stored ballot is the one its acknowledged tablet sent.
    for (const r of acked) expect(done.byUnit![r.unit], r.unit).toEqual({ choice: r.choice });
    const db = server.store.database;
    expect((db.prepare("SELECT COUNT(*) AS n FROM poll_voters WHERE poll_id = ?").get(poll.id) as { n: number }).n).toBe(UNITS);
    expect((db.prepare("SELECT json_array_length(ballots) AS n FROM poll_ballot_sets WHERE poll_id = ?").get(poll.id) as { n: number }).n).toBe(UNITS);
  }, 120_000);

  it("shows the running tally on the big screen every tick, to tablets and followers at most once a second, and the last count to all", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "other", title: "Biểu quyết kéo dài" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    // 120 of the 200 units vote, ten at a time, for two seconds or more; the turnout stays incomplete, so no
    // "complete" flush ends it: the last count reaches the tablets and followers by their own tick.
    const voters = tablets.filter((_, i) => i % 2 === 0).slice(0, 120);
    const idle = tablets.find((t) => !voters.some((v) => v.unit === t.unit))!;
    // Counted from the ballots on: the open's own poll:state has arrived everywhere first.
    for (const c of [screen, follower, idle.client]) await waitForPoll(c, poll.id, (p) => p.state === "open");
    const from = (c: PollClient) => c.updates.length;
    const mark = { screen: from(screen), follower: from(follower), tablet: from(idle.client) };
    const started = performance.now();
    for (let i = 0; i < voters.length; i += 10) {
      const answers = await Promise.all(voters.slice(i, i + 10).map((t) => cast(t.client.socket, poll.id, { choice: "for" })));
      expect(answers.every((a) => a.ok)).toBe(true);
      await new Promise((r) => setTimeout(r, 180));
    }
    const burstMs = performance.now() - started;
    for (const c of [screen, follower, idle.client]) await waitForPoll(c, poll.id, (p) => p.turnout.voted === voters.length);
    const seen = (c: PollClient, since: number) => c.updates.slice(since).filter((u) => u.id === poll.id).length;
    const [onScreen, onFollower, onTablet] = [seen(screen, mark.screen), seen(follower, mark.follower), seen(idle.client, mark.tablet)];
    // Everyone's ticks are at least a second apart on the server: within the burst, at most one a second,
    // plus the first ballot's and the trailing one. A slow machine only makes fewer.
    const everyoneMax = Math.floor(burstMs / 1000) + 2;
    expect(onFollower).toBeLessThanOrEqual(everyoneMax);
    expect(onTablet).toBeLessThanOrEqual(everyoneMax);
    // The screen saw more steps of the count than the follower did.
    expect(onScreen).toBeGreaterThan(onFollower);
    await pollAction(chair, EVENTS.POLL_VOID, { pollId: poll.id, reason: "Thử nghiệm nhịp cập nhật" });
  }, 60_000);

  it("either counts and acknowledges or refuses a ballot raced against the close, and never loses an acknowledged one", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "other", title: "Biểu quyết đua với lệnh kết thúc" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const voters = tablets.filter((_, i) => i % 2 === 0);
    let acks = 0;
    let closing: Promise<unknown> | null = null;
    const answers = await Promise.all(
      voters.map(async (t) => {
        const answer = await cast(t.client.socket, poll.id, { choice: "for" });
        // The chair closes while about three quarters of the ballots are still in flight.
        if (answer.ok && ++acks === 50) closing = pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
        return answer;
      }),
    );
    await closing;
    const ok = answers.filter((a) => a.ok).length;
    expect(ok).toBeGreaterThanOrEqual(50);
    for (const a of answers.filter((x) => !x.ok)) expect(a).toMatchObject({ error: { code: "POLL_NOT_OPEN", message: expect.stringMatching(/closed/) } });
    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    expect(done.counts).toMatchObject({ cast: ok, for: ok });
    expect(done.turnout.voted).toBe(ok);
  }, 60_000);
});
