import { randomUUID } from "node:crypto";
import { io as ioClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EVENTS } from "../../shared/protocol/events";
import type { CastReceipt, PollView } from "../../shared/protocol/polls";
import { RedisStore } from "../../server/storage/redis/store";
import { asServer, createMeetingOn, startInstances, startNginx, type Instance, type Instances, type TestNginx } from "../helpers/instances";
import { joinPolls, type Answer } from "../helpers/polls";
import { skipRedisTests, type TestRedis } from "../helpers/redis";
import { cell, setCell } from "../helpers/scores";
import { connectDoc, emitAck, joinWith, tokenOf, waitForState, waitUntil, type CreatedTestMeeting, type TestSocket } from "../helpers/server";
import { scoresStage } from "../../shared/documents/layout";

/**
 * Faults with two real instances behind nginx on one Redis (AOF always): an instance killed with
 * SIGKILL in the middle of a vote burst and of a score-editing burst, and Redis stopped in the middle of
 * a vote burst. Tablets behave as the client does: they reconnect (through nginx, so to the instance that
 * is alive) and send an unanswered ballot again with the same operation id.
 */
const UNITS = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV", "TTR", "STP"] as const;
let cluster: Instances;
let nginx: TestNginx;
let m: CreatedTestMeeting;
let store: RedisStore;
const sockets: TestSocket[] = [];

/** A tablet through nginx that reconnects by itself, like client/realtime/meeting-client.ts. */
function tablet(link: string): { socket: TestSocket; disconnects: number } {
  const socket: TestSocket = ioClient(nginx.url, { transports: ["websocket"], auth: { token: tokenOf(link) }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  sockets.push(socket);
  const t = { socket, disconnects: 0 };
  socket.on("disconnect", (reason) => {
    t.disconnects++;
    // Closed by the server (e.g. over its message budget): Socket.IO does not retry that by itself; the app does.
    if (reason === "io server disconnect") setTimeout(() => socket.connect(), 500);
  });
  return t;
}

const RETRY = new Set(["STORAGE_FAILED", "INTERNAL", "RATE_LIMITED", "SERVER_ERROR"]);

/**
 * Sends one ballot until the server answers it for good, with the same opId every time (a lost ack is
 * answered by the first answer). Every "ok" is an acknowledgement the test then holds the store to.
 */
async function castUntilAnswered(t: { socket: TestSocket }, pollId: string, ballot: unknown, opId: string, log: { refusals: string[] }): Promise<Answer<CastReceipt>> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (!t.socket.connected) await new Promise<void>((r) => t.socket.once("connect", () => r()));
    try {
      const res = await emitAck<Answer<CastReceipt>>(t.socket, EVENTS.POLL_CAST, { pollId, ballot, opId });
      if (res.ok || !RETRY.has(res.error.code)) return res;
      log.refusals.push(res.error.code);
    } catch {
      log.refusals.push("NO_ANSWER");
    }
    // Slower than the ballot budget refills (2 a second), as the client's retry queue is.
    await new Promise((r) => setTimeout(r, 700));
  }
  throw new Error(`no answer for ${opId}`);
}

/** The chair's actions through nginx, retried across a dead instance or Redis outage. */
async function chairDo(event: string, payload: unknown): Promise<PollView> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      // The poll list sent at connect may never come while Redis is down: give up on this attempt, try again.
      const joining = joinPolls(asServer(nginx), m.links.chair);
      const chair = await Promise.race([joining, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no poll list")), 5000))]).catch((err) => {
        void joining.then((c) => c.close(), () => undefined);
        throw err;
      });
      try {
        const res = await emitAck<Answer<{ poll: PollView }>>(chair.socket, event, payload);
        if (res.ok) return res.poll;
        if (!RETRY.has(res.error.code)) throw new Error(`${event}: ${res.error.code} ${res.error.message}`);
      } finally {
        chair.close();
      }
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(event)) throw err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${event} never answered`);
}

/**
 * Every unit's two tablets cast in every poll at once (different opIds: one ballot per unit is taken),
 * `during` runs once `trigger` acknowledgements are in. Then the acknowledged ballots are held against
 * what Redis stores: each exactly once, the same choice, and the closed tallies add up.
 */
async function voteBurst(pollIds: string[], trigger: number, during: () => Promise<void>): Promise<{ acked: number; refusals: string[]; disconnects: number }> {
  const tablets = UNITS.flatMap((u) => m.links.delegates[u]!.map((l) => ({ unit: u, t: tablet(l) })));
  await Promise.all(tablets.map(({ t }) => (t.socket.connected ? undefined : new Promise<void>((r) => t.socket.once("connect", () => r())))));
  const log = { refusals: [] as string[] };
  const acks: { pollId: string; unit: string; choice: string; receipt: string }[] = [];
  let fired: Promise<void> | null = null;
  await Promise.all(
    tablets.map(async ({ unit, t }, i) => {
      for (const pollId of pollIds) {
        const choice = i % 2 ? "against" : "for";
        const res = await castUntilAnswered(t, pollId, { choice }, randomUUID(), log);
        if (res.ok) acks.push({ pollId, unit, choice, receipt: res.receipt });
        else expect(res.error.code, `${unit} in ${pollId}: ${res.error.message}`).toBe("ALREADY_VOTED");
        if (!fired && acks.length >= trigger) fired = during();
      }
    }),
  );
  await fired;
  // The test's own Redis client may still be reconnecting (after a Redis restart).
  await waitUntilUp();
  for (const pollId of pollIds) {
    const mine = acks.filter((a) => a.pollId === pollId);
    // One acknowledged ballot per unit, and exactly those stored.
    expect(mine.map((a) => a.unit).sort()).toEqual([...UNITS].sort());
    const voters = await store.pollVoters(m.meetingId, pollId);
    expect(voters.map((v) => v.unit).sort()).toEqual([...UNITS].sort());
    const closed = await chairDo(EVENTS.POLL_CLOSE, { pollId });
    const ballots = await store.pollBallots(m.meetingId, pollId);
    expect(ballots).toHaveLength(UNITS.length);
    expect(ballots.map((b) => b.receipt).sort()).toEqual(mine.map((a) => a.receipt).sort());
    const forCount = mine.filter((a) => a.choice === "for").length;
    expect(closed.counts).toMatchObject({ for: forCount, against: UNITS.length - forCount });
  }
  const disconnects = tablets.reduce((n, { t }) => n + t.disconnects, 0);
  for (const { t } of tablets) t.socket.disconnect();
  return { acked: acks.length, refusals: log.refusals, disconnects };
}

async function waitUntilUp(): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await store.journalHead(m.meetingId);
      return;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function openPolls(n: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = await chairDo(EVENTS.POLL_CREATE, { kind: "motion", visibility: i % 2 ? "secret" : "open", subject: "other", title: `${label} ${i + 1}` });
    await chairDo(EVENTS.POLL_OPEN, { pollId: p.id });
    ids.push(p.id);
  }
  return ids;
}

describe.skipIf(skipRedisTests)("faults: an instance killed, Redis stopped", () => {
  let A: Instance;
  let B: Instance;
  beforeAll(async () => {
    cluster = await startInstances(2);
    [A, B] = cluster.list as [Instance, Instance];
    nginx = await startNginx(cluster.list.map((i) => `127.0.0.1:${i.port}`), A.adminToken);
    m = await createMeetingOn(nginx);
    store = await RedisStore.open(cluster.redis.url);
    const chair = await joinWith(asServer(nginx), m.links.chair);
    for (const u of UNITS) expect(await emitAck(chair.socket, EVENTS.ROLLCALL_MARK, { unit: u, mark: "present" })).toMatchObject({ ok: true });
    chair.socket.disconnect();
  }, 90_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await store?.close();
    await nginx?.stop();
    await cluster?.close();
  }, 60_000);

  it("kill -9 of instance A mid-vote: tablets reconnect through nginx to B, every acknowledged ballot stored exactly once, tallies right", async () => {
    const ids = await openPolls(6, "Biểu quyết khi A chết");
    const out = await voteBurst(ids, 12, () => A.kill("SIGKILL"));
    console.log(`[faults] kill -9 mid-vote: ${out.acked} ballots acknowledged, ${out.disconnects} disconnects, ${out.refusals.length} retried answers (${[...new Set(out.refusals)].join(", ")})`);
    expect(out.disconnects).toBeGreaterThan(0);
    // A comes back on its port (as Docker restarts it); nginx sends to it again.
    A = await cluster.start("A2", { PORT: String(A.port) });
  }, 180_000);

  it("a killed instance's tablets vanish from presence on the other within seconds", async () => {
    const chairB = await joinWith(asServer(B), m.links.chair);
    const onA = await joinWith(asServer(A), m.links.delegates.TTR![0]!);
    await waitForState(chairB, (s) => s.attendance.find((r) => r.unit === "TTR")!.online >= 1, 10_000);
    await A.kill("SIGKILL");
    // No clean stop told B: the presence field of A expires (PRESENCE_TTL_MS) and B drops it.
    const after = await waitForState(chairB, (s) => s.attendance.find((r) => r.unit === "TTR")!.online === 0, 15_000);
    expect(after.attendance.find((r) => r.unit === "TTR")!.present).toBe(true);
    onA.socket.disconnect();
    chairB.socket.disconnect();
    A = await cluster.start("A3", { PORT: String(A.port) });
  }, 60_000);

  it("kill -9 of instance A mid score-editing: writers reconnect through nginx, every last edit is stored and shown on B, nothing shown was invented", async () => {
    const chair = await joinWith(asServer(nginx), m.links.chair);
    expect(await emitAck(chair.socket, EVENTS.SCORES_STAGE, { stage: "self" })).toMatchObject({ ok: true });
    chair.socket.disconnect();
    const writers = await Promise.all(UNITS.map((u) => connectDoc(asServer(nginx), m.meetingId, "scores", m.links.delegates[u]![0]!)));
    const watcher = await connectDoc(asServer(B), m.meetingId, "scores", m.links.secretary);
    const seen = new Map<string, Set<number>>();
    const before = new Map(UNITS.map((u) => [u, cell(watcher.doc, u, "self", "G1")]));
    watcher.doc.on("update", () => {
      for (const u of UNITS) {
        const v = cell(watcher.doc, u, "self", "G1");
        if (typeof v === "number") (seen.get(u) ?? seen.set(u, new Set()).get(u)!).add(v);
      }
    });
    try {
      await waitUntil(() => writers.every((w) => scoresStage(w.doc) === "self"), 10_000, "stage self");
      const STEPS = 40;
      for (let i = 1; i <= STEPS; i++) {
        for (const [k, u] of UNITS.entries()) setCell(writers[k]!.doc, u, "self", "G1", i / 2);
        if (i === 12) await A.kill("SIGKILL");
        await new Promise((r) => setTimeout(r, 40));
      }
      const last = STEPS / 2;
      await waitUntil(() => UNITS.every((u) => cell(watcher.doc, u, "self", "G1") === last), 30_000, "every writer's last edit on B");
      // What Redis holds, loaded fresh, is what the writers and B have.
      const stored = await store.loadDoc(m.meetingId, "scores");
      const doc = new Y.Doc();
      doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
        for (const u of stored.updates) Y.applyUpdate(doc, u);
      });
      for (const u of UNITS) expect(cell(doc, u, "self", "G1"), u).toBe(last);
      for (const w of writers) expect(w.refusals.filter((r) => !/SERVER_ERROR|reconnect/i.test(r))).toEqual([]);
      // Every value B showed was the seeded one or one a writer wrote: nothing half-applied or invented.
      for (const u of UNITS) for (const v of seen.get(u) ?? []) expect(v === before.get(u) || (Number.isInteger(v * 2) && v > 0 && v <= last), `${u}: ${v}`).toBe(true);
      console.log(`[faults] kill -9 mid-edit: ${[...seen.values()].reduce((n, s) => n + s.size, 0)} distinct values seen on B, ${stored.updates.length} updates stored after the last compaction`);
    } finally {
      for (const w of writers) w.destroy();
      watcher.destroy();
    }
    A = await cluster.start("A4", { PORT: String(A.port) });
  }, 120_000);

  it("Redis stopped mid-vote: refusals, never a false acknowledgement; restarted, service resumes and nothing acknowledged is lost", async () => {
    const ids = await openPolls(4, "Biểu quyết khi Redis dừng");
    let redis: TestRedis = cluster.redis;
    const out = await voteBurst(ids, 10, async () => {
      await redis.stop("SIGKILL");
      await new Promise((r) => setTimeout(r, 1500));
      redis = await redis.restart();
      cluster.redis = redis;
    });
    console.log(`[faults] Redis stopped mid-vote: ${out.acked} acknowledged, ${out.refusals.length} refused or unanswered meanwhile (${[...new Set(out.refusals)].join(", ")})`);
    expect(out.refusals.length).toBeGreaterThan(0);
    // The journal is one chain after it all.
    const res = await fetch(`${nginx.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    const { verifyJournal } = await import("../../shared/journal/chain");
    expect(verifyJournal(((await res.json()) as { entries: never[] }).entries)).toMatchObject({ ok: true });
  }, 180_000);
});
