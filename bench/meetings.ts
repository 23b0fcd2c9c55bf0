/**
 * Many meetings on one process (`npm run bench -- meetings`): BENCH_MEETINGS_N meetings (10; the issue's
 * goal is 50) of 20 units, each with 40 tablets (two per unit, Socket.IO), a big screen and 20 public
 * followers (raw Engine.IO followers, bench/raw-follower.ts), on one SQLite-mode server process
 * (compiled, as `npm start` runs it: bench/compiled-server.ts; tests/helpers/child-server.ts). Every unit present, one open motion per meeting;
 * then the first tablet of every unit of every meeting casts within BENCH_MEETINGS_BURST_MS (1000). The casting
 * tablets speak the wire protocol from a process of their own and time their own acknowledgements
 * (bench/vote-tablets.ts, as the vote bench does): in this process, which also reads the other 1,000 tablets' and
 * the 1,050 watchers' messages, an acknowledgement was timed when this process got to it.
 * Prints the ballot ack p50/p99 over all meetings and the convergence p50/p99: for each screen and
 * follower, the time from its meeting's last acknowledged ballot to the poll:state with every unit
 * counted. Lost / duplicated ballots are read back from the published result. No baseline here: the
 * figures are against the goals (ack p99 ≤ 50 ms, convergence p99 ≤ 200 ms).
 */
import path from "node:path";
import { io as ioClient, type Socket } from "socket.io-client";
import demoDefinition from "../shared/definition/demo-cum8-2021.json";
import { EVENTS } from "../shared/protocol/events";
import { startChildServer } from "../tests/helpers/child-server";
import { tempDataDir } from "../tests/helpers/server";
import { compiledServer } from "./compiled-server";
import { cpuMs, writeCalls } from "./proc-io";
import { RawFollower } from "./raw-follower";
import { startTablets } from "./votes";

const num = (name: string, fallback: number, max: number) => Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));
const UNITS = 20;
const FOLLOWERS = 20;
const token = (link: string) => link.split("/join/")[1]!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
type Ack = { ok: boolean; receipt?: string; poll?: { id: string }; error?: { code: string } };
interface Created {
  meetingId: string;
  links: { chair: string; screen: string; public: string; delegates: Record<string, string[]> };
}

function definition(): unknown {
  const def = structuredClone(demoDefinition) as unknown as { units: Record<string, unknown>[]; scores: unknown[] };
  def.units = Array.from({ length: UNITS }, (_, i) => ({ code: `U${String(i + 1).padStart(2, "0")}`, name: `Đơn vị ${i + 1}`, shortName: `ĐV ${i + 1}`, headTitle: "Giám đốc", role: i === 0 ? "head" : i === 1 ? "deputy" : "member" }));
  def.scores = [];
  return def;
}

async function connect(url: string, link: string): Promise<Socket> {
  const s = ioClient(url, { transports: ["websocket"], auth: { token: token(link) }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    s.once(EVENTS.MEETING_STATE, () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}
const ack = async (s: Socket, event: string, payload: unknown) => (await s.timeout(30_000).emitWithAck(event, payload)) as Ack;

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

export async function runMeetingsBench(): Promise<boolean> {
  const n = num("BENCH_MEETINGS_N", 10, 50);
  const burstMs = num("BENCH_MEETINGS_BURST_MS", 1000, 10_000);
  process.stdout.write(`${n} meetings × (40 tablets, a screen, ${FOLLOWERS} followers) on one process, ${n * UNITS} ballots within ${burstMs} ms…\n`);
  // BENCH_PROFILE_DIR: the server's CPU profile of the burst (bench/profile-preload.mjs) is written there.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const profileEnv: Record<string, string> = profileDir ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${path.resolve("bench/profile-preload.mjs")}`.trim() } : {};
  const server = await startChildServer(tempDataDir(), profileEnv, await compiledServer()); // LOG_LEVEL info: the helper reads the port from the start-up line
  const sockets: Socket[] = [];
  const watchers: RawFollower[] = [];
  const castingTablets = startTablets();
  try {
    const port = Number(new URL(server.url).port);
    const meetings = await inBatches(Array.from({ length: n }, (_, k) => k), 5, async () => {
      const res = await fetch(`${server.url}/api/meetings`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
        body: JSON.stringify(definition()),
      });
      if (res.status !== 201) throw new Error(`create meeting: ${res.status} ${await res.text()}`);
      const m = (await res.json()) as Created;
      const chair = await connect(server.url, m.links.chair);
      sockets.push(chair);
      const units = Object.keys(m.links.delegates);
      // Each unit's second tablet, connected here (it casts nothing; the server sends it what it sends a tablet).
      const seconds = await inBatches(
        units.map((u) => m.links.delegates[u]![1]!),
        20,
        (link) => connect(server.url, link),
      );
      sockets.push(...seconds);
      for (const unit of units) {
        const r = await ack(chair, EVENTS.ROLLCALL_MARK, { unit, mark: "present" });
        if (!r.ok) throw new Error(`roll call: ${JSON.stringify(r)}`);
      }
      const c = await ack(chair, EVENTS.POLL_CREATE, { kind: "motion", visibility: "open", subject: "other", title: "Bench" });
      if (!c.ok) throw new Error(`poll create: ${JSON.stringify(c)}`);
      const pollId = c.poll!.id;
      const isFinal = (v: { id: string; turnout: { voted: number } }) => v.id === pollId && v.turnout.voted === units.length;
      const mine = [m.links.screen, ...Array.from({ length: FOLLOWERS }, () => m.links.public)].map((link) => new RawFollower(port, token(link), isFinal));
      await Promise.all(mine.map((f) => f.connect()));
      watchers.push(...mine);
      const o = await ack(chair, EVENTS.POLL_OPEN, { pollId });
      if (!o.ok) throw new Error(`poll open: ${JSON.stringify(o)}`);
      return { m, chair, pollId, voters: units.map((u) => ({ u, token: token(m.links.delegates[u]![0]!) })), watchers: mine, lastAck: 0 };
    });
    // Each unit's first tablet, in the tablets' process, casting in its own meeting's poll.
    await castingTablets.ask(
      { type: "connect", port, voters: meetings.flatMap((mt, k) => mt.voters.map((v) => ({ unit: `${k}/${v.u}`, token: v.token, pollId: mt.pollId }))) },
      "connected",
    );
    // Let the joins' coalesced broadcasts and check-ins drain: at least 2 s, then until the server is idle
    // (under 10 % of a core over half a second; at most 20 s): 1,000 first joins take the server seconds of CPU.
    await new Promise((r) => setTimeout(r, 2000));
    for (let waited = 0; waited < 20_000; waited += 500) {
      const before = cpuMs(server.process.pid!);
      await new Promise((r) => setTimeout(r, 500));
      if (cpuMs(server.process.pid!) - before < 50) break;
    }
    for (const w of watchers) w.messages = w.meetingStates = w.pollStates = 0;
    const writesBefore = writeCalls(server.process.pid!);
    const cpuBefore = cpuMs(server.process.pid!);
    const benchCpuBefore = process.cpuUsage();
    if (profileDir) server.process.kill("SIGUSR2");

    const burst = await castingTablets.ask({ type: "burst", pollId: "", burstMs }, "cast");
    const ackMs = burst.casts.map((c) => c.latencyMs);
    // Where in the burst the slow acknowledgements were: its last tenth is when most meetings' votes complete.
    const sentAt = burst.casts.map((c) => c.ackedAt - c.latencyMs);
    const firstSent = Math.min(...sentAt);
    const lateMs = burst.casts.filter((_, i) => sentAt[i]! - firstSent >= 0.9 * burstMs).map((c) => c.latencyMs);
    const earlyMs = burst.casts.filter((_, i) => sentAt[i]! - firstSent < 0.9 * burstMs).map((c) => c.latencyMs);
    const acks = burst.casts.map((c) => {
      const [k, unit] = c.unit.split("/") as [string, string];
      const mt = meetings[Number(k)]!;
      mt.lastAck = Math.max(mt.lastAck, c.ackedAt);
      return { meeting: Number(k), unit, res: { ok: c.ok, ...(c.receipt ? { receipt: c.receipt } : {}) } as Ack };
    });
    const end = performance.now() + 30_000;
    while (watchers.some((w) => w.finalAt === null) && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
    // Both sides in wall-clock ms: the acknowledgements were timed in the tablets' process.
    const converge = meetings.flatMap((mt) => mt.watchers.filter((w) => w.finalAt !== null).map((w) => Math.max(0, performance.timeOrigin + w.finalAt! - mt.lastAck)));
    const notFinal = watchers.filter((w) => w.finalAt === null).length;
    if (profileDir) server.process.kill("SIGUSR2");
    // What trails the final tally (a last meeting:state) counts towards the burst's messages.
    await new Promise((r) => setTimeout(r, 1500));
    const writes = writeCalls(server.process.pid!) - writesBefore;
    const serverCpuMs = cpuMs(server.process.pid!) - cpuBefore;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const benchCpuMs = (benchCpu.user + benchCpu.system) / 1000;
    // Read now: the close and publish below send more.
    const counted = watchers.map((w) => ({ messages: w.messages, pollStates: w.pollStates, meetingStates: w.meetingStates }));
    const perWatcher = (get: (w: (typeof counted)[number]) => number) => (counted.reduce((n, w) => n + get(w), 0) / counted.length).toFixed(1);

    let lost = 0;
    let duplicated = 0;
    for (const [k, mt] of meetings.entries()) {
      await ack(mt.chair, EVENTS.POLL_CLOSE, { pollId: mt.pollId });
      await ack(mt.chair, EVENTS.POLL_PUBLISH, { pollId: mt.pollId });
      const res = await fetch(`${server.url}/api/meetings/${mt.m.meetingId}/polls/${mt.pollId}/result`, { headers: { authorization: `Bearer ${token(mt.m.links.chair)}` } });
      const stored = new Set(((await res.json()) as { receipts: { receipt: string }[] }).receipts.map((r) => r.receipt));
      const ok = acks.filter((a) => a.meeting === k && a.res.ok);
      lost += ok.filter((a) => !stored.has(a.res.receipt!)).length + (UNITS - ok.length);
      duplicated += Math.max(0, stored.size - UNITS);
    }
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : "—");
    process.stdout.write(
      [
        "",
        `| meetings | ballots | ack p50 / p99 (ms) | convergence p50 / p99 (ms) | screens+followers not final after 30 s | lost / duplicated |`,
        `|---|---|---|---|---|---|`,
        `| ${n} | ${acks.length} | ${f(pct(ackMs, 50))} / ${f(pct(ackMs, 99))} | ${f(pct(converge, 50))} / ${f(pct(converge, 99))} | ${notFinal} of ${watchers.length} | ${lost} / ${duplicated} |`,
        "",
        `Ack p99 in the burst's first nine tenths / its last tenth: ${f(pct(earlyMs, 99))} / ${f(pct(lateMs, 99))} ms.`,
        `Per screen or follower, from the burst's start until 1.5 s after the last converged: ${perWatcher((w) => w.messages)} messages (poll:state ${perWatcher((w) => w.pollStates)}, meeting:state ${perWatcher((w) => w.meetingStates)}); server write calls ${f(writes)}, server CPU ${f(serverCpuMs)} ms; this process (screens, followers, second tablets) CPU ${f(benchCpuMs)} ms; the casting tablets' process: CPU ${f(burst.cpuMs)} ms, event-loop delay p99 / max ${f(burst.loopDelayP99)} / ${f(burst.loopDelayMax)} ms.`,
        `JSON ${JSON.stringify({ n, ackP50: pct(ackMs, 50), ackP99: pct(ackMs, 99), ackP99Early: pct(earlyMs, 99), ackP99Late: pct(lateMs, 99), convP50: pct(converge, 50), convP99: pct(converge, 99), notFinal, lost, duplicated, tabletsLoopDelayMax: burst.loopDelayMax, messages: Number(perWatcher((w) => w.messages)), pollStates: Number(perWatcher((w) => w.pollStates)), meetingStates: Number(perWatcher((w) => w.meetingStates)), writes, serverCpuMs, benchCpuMs })}`,
        "",
      ].join("\n"),
    );
    return lost + duplicated + notFinal === 0;
  } finally {
    for (const w of watchers) w.close();
    for (const s of sockets) s.disconnect();
    await castingTablets.close();
    await server.kill("SIGTERM");
  }
}
