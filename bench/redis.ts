/**
 * Redis mode against SQLite mode, and one instance against two, in the same run, on real server processes
 * (`tsx server/main.ts`, as production runs them) so the CPU figures are the servers' own, read from
 * /proc (Concord's process, and redis-server's in Redis mode), not the clients'. Redis is started here
 * with AOF always (a write is acknowledged after its fsync).
 * 1. Ballots: one at a time, ack latency and server CPU per ballot (60 units, show of hands).
 * 2. Yjs updates: one writer, one at a time, until a follower on the same instance has it; server CPU per update.
 * 3. Many meetings at once, all their ballots in parallel: one instance, then two (tablets of each meeting
 *    split over both), on the same Redis: wall time, ack latency, CPU of all servers.
 * Knobs: BENCH_REDIS_POLLS (4 polls × 60 units), BENCH_REDIS_UPDATES (150), BENCH_REDIS_MEETINGS (6).
 */
import fs from "node:fs";
import crypto from "node:crypto";
import { io as ioClient, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import demoDefinition from "../shared/definition/demo-cum8-2021.json";
import { unitNotes } from "../shared/documents/layout";
import { EVENTS } from "../shared/protocol/events";
import { startChildServer, type ChildServer } from "../tests/helpers/child-server";
import { startRedis, type TestRedis } from "../tests/helpers/redis";
import { tempDataDir } from "../tests/helpers/server";

const num = (name: string, fallback: number, max: number) => Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));
const TICK_MS = 1000 / 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "—");

type Client = Socket;
interface Created {
  meetingId: string;
  links: { chair: string; public: string; delegates: Record<string, string[]> };
}
const token = (link: string) => link.split("/join/")[1]!;

function definition(units: number): unknown {
  const def = structuredClone(demoDefinition) as unknown as { units: Record<string, unknown>[]; scores: unknown[] };
  if (units <= def.units.length) return def;
  def.units = Array.from({ length: units }, (_, i) => ({ code: `U${String(i + 1).padStart(2, "0")}`, name: `Đơn vị ${i + 1}`, shortName: `ĐV ${i + 1}`, headTitle: "Giám đốc", role: i === 0 ? "head" : i === 1 ? "deputy" : "member" }));
  def.scores = [];
  return def;
}

async function create(server: { url: string; adminToken: string }, units: number): Promise<Created> {
  const res = await fetch(`${server.url}/api/meetings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify(definition(units)),
  });
  if (res.status !== 201) throw new Error(`create meeting: ${res.status} ${await res.text()}`);
  return (await res.json()) as Created;
}

async function connect(url: string, link: string): Promise<Client> {
  const s = ioClient(url, { transports: ["websocket"], auth: { token: token(link) }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    s.once(EVENTS.MEETING_STATE, () => resolve());
    s.once("connect_error", reject);
  });
  return s;
}

async function ack<T = { ok: boolean; error?: { code: string }; poll?: { id: string } }>(s: Client, event: string, payload: unknown): Promise<T> {
  return (await s.timeout(15_000).emitWithAck(event, payload)) as T;
}

/** Marks every unit present and opens `polls` show-of-hands motions; returns their ids. */
async function prepare(chair: Client, units: string[], polls: number): Promise<string[]> {
  for (const unit of units) {
    const r = await ack(chair, EVENTS.ROLLCALL_MARK, { unit, mark: "present" });
    if (!r.ok) throw new Error(`roll call: ${JSON.stringify(r)}`);
  }
  const ids: string[] = [];
  for (let i = 0; i < polls; i++) {
    const c = await ack(chair, EVENTS.POLL_CREATE, { kind: "motion", visibility: "open", subject: "other", title: `Bench ${i + 1}` });
    if (!c.ok) throw new Error(`poll create: ${JSON.stringify(c)}`);
    const o = await ack(chair, EVENTS.POLL_OPEN, { pollId: c.poll!.id });
    if (!o.ok) throw new Error(`poll open: ${JSON.stringify(o)}`);
    ids.push(c.poll!.id);
  }
  return ids;
}

interface BallotFigures {
  label: string;
  ms: number[];
  concordCpu: number;
  redisCpu: number;
}

/** 1. Ballots one at a time on one server. */
async function sequentialBallots(label: string, server: ChildServer, redis: TestRedis | null, polls: number): Promise<BallotFigures> {
  const m = await create(server, 60);
  const units = Object.keys(m.links.delegates);
  const chair = await connect(server.url, m.links.chair);
  const tablets = await Promise.all(units.map((u) => connect(server.url, m.links.delegates[u]![0]!)));
  const ids = await prepare(chair, units, polls);
  const times: number[] = [];
  const c0 = cpuMs(server.process.pid!);
  const r0 = redis ? cpuMs(redis.process.pid!) : 0;
  for (const pollId of ids)
    for (const [i, t] of tablets.entries()) {
      const t0 = performance.now();
      const r = await ack(t, EVENTS.POLL_CAST, { pollId, ballot: { choice: i % 3 ? "for" : "against" }, opId: crypto.randomUUID() });
      times.push(performance.now() - t0);
      if (!r.ok) throw new Error(`cast: ${JSON.stringify(r)}`);
    }
  const n = times.length;
  const out = { label, ms: times, concordCpu: (cpuMs(server.process.pid!) - c0) / n, redisCpu: redis ? (cpuMs(redis.process.pid!) - r0) / n : 0 };
  for (const s of [chair, ...tablets]) s.disconnect();
  return out;
}

/** 2. Yjs updates one at a time: from the writer's change until a follower on the same server has it. */
async function sequentialUpdates(label: string, server: ChildServer, redis: TestRedis | null, n: number): Promise<BallotFigures> {
  const m = await create(server, 8);
  const open = async (link: string) => {
    const doc = new Y.Doc();
    const p = new WebsocketProvider(`ws://127.0.0.1:${server.port}/yjs/${m.meetingId}`, "scores", doc, {
      params: { token: token(link) },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    for (const t0 = Date.now(); !p.synced; await new Promise((r) => setTimeout(r, 5))) if (Date.now() - t0 > 10_000) throw new Error("yjs sync");
    return { doc, destroy: () => (p.destroy(), doc.destroy()) };
  };
  // The chair writes notes (any stage); the public link follows.
  const writer = await open(m.links.chair);
  const follower = await open(m.links.public);
  const notes = (doc: Y.Doc) => unitNotes(doc, "BDT")!;
  const arrival = (key: string) =>
    new Promise<number>((resolve) => {
      const map = notes(follower.doc);
      const on = (e: Y.YMapEvent<string>) => {
        if (!e.keysChanged.has(key)) return;
        map.unobserve(on);
        resolve(performance.now());
      };
      map.observe(on);
    });
  for (let i = 0; i < 5; i++) {
    const seen = arrival(`w${i}`);
    notes(writer.doc).set(`w${i}`, "warm");
    await seen;
  }
  const times: number[] = [];
  const c0 = cpuMs(server.process.pid!);
  const r0 = redis ? cpuMs(redis.process.pid!) : 0;
  for (let i = 0; i < n; i++) {
    const seen = arrival(`k${i}`);
    const t0 = performance.now();
    notes(writer.doc).set(`k${i}`, `value ${i}`);
    times.push((await seen) - t0);
    // The writer's budget is 30 updates a second (server/yjs/budget.ts): stay under it.
    await new Promise((r) => setTimeout(r, 35));
  }
  const out = { label, ms: times, concordCpu: (cpuMs(server.process.pid!) - c0) / n, redisCpu: redis ? (cpuMs(redis.process.pid!) - r0) / n : 0 };
  writer.destroy();
  follower.destroy();
  return out;
}

interface LoadFigures {
  label: string;
  ballots: number;
  wallMs: number;
  ms: number[];
  concordCpu: number;
  redisCpu: number;
}

/** 3. `meetings` meetings at once, every tablet casting its ballots; tablets spread over `servers`. */
async function manyMeetings(label: string, servers: ChildServer[], redis: TestRedis, meetings: number, polls: number): Promise<LoadFigures> {
  const prepared = await Promise.all(
    Array.from({ length: meetings }, async (_, k) => {
      const m = await create(servers[k % servers.length]!, 8);
      const units = Object.keys(m.links.delegates);
      const chair = await connect(servers[k % servers.length]!.url, m.links.chair);
      // A meeting's tablets alternate over the instances, as round robin would put them.
      const tablets = await Promise.all(units.map((u, i) => connect(servers[(k + i) % servers.length]!.url, m.links.delegates[u]![0]!)));
      const follower = await connect(servers[(k + 1) % servers.length]!.url, m.links.public);
      const ids = await prepare(chair, units, polls);
      return { chair, tablets, follower, ids };
    }),
  );
  const times: number[] = [];
  const c0 = servers.reduce((s, x) => s + cpuMs(x.process.pid!), 0);
  const r0 = cpuMs(redis.process.pid!);
  const t0 = performance.now();
  await Promise.all(
    prepared.flatMap(({ tablets, ids }) =>
      tablets.map(async (t) => {
        for (const pollId of ids) {
          const s = performance.now();
          const r = await ack(t, EVENTS.POLL_CAST, { pollId, ballot: { choice: "for" }, opId: crypto.randomUUID() });
          times.push(performance.now() - s);
          if (!r.ok) throw new Error(`cast: ${JSON.stringify(r)}`);
        }
      }),
    ),
  );
  const wallMs = performance.now() - t0;
  const n = times.length;
  const out = {
    label,
    ballots: n,
    wallMs,
    ms: times,
    concordCpu: (servers.reduce((s, x) => s + cpuMs(x.process.pid!), 0) - c0) / n,
    redisCpu: (cpuMs(redis.process.pid!) - r0) / n,
  };
  for (const p of prepared) for (const s of [p.chair, p.follower, ...p.tablets]) s.disconnect();
  return out;
}

const row = (f: BallotFigures) => `| ${f.label} | ${f2(pct(f.ms, 50))} | ${f2(pct(f.ms, 95))} | ${f2(f.concordCpu)} | ${f2(f.redisCpu)} |`;

export async function runRedisBench(): Promise<boolean> {
  if (!fs.existsSync("/proc/self/stat")) {
    process.stdout.write("Redis bench: needs /proc (Linux) to read the servers' CPU; skipped.\n");
    return true;
  }
  const polls = num("BENCH_REDIS_POLLS", 4, 8);
  const updates = num("BENCH_REDIS_UPDATES", 150, 1000);
  const meetings = num("BENCH_REDIS_MEETINGS", 6, 20);
  process.stdout.write(`Redis mode vs SQLite mode (${polls * 60} ballots, ${updates} Yjs updates), then ${meetings} meetings on one instance vs two…\n`);
  const children: ChildServer[] = [];
  let redis: TestRedis | null = null;
  try {
    const sqlite = await startChildServer(tempDataDir(), { LOG_LEVEL: "info" });
    children.push(sqlite);
    redis = await startRedis();
    const env = { STORE: "redis", REDIS_URL: redis.url, LINK_SECRET: crypto.randomBytes(32).toString("hex") };
    const a = await startChildServer(tempDataDir(), env);
    children.push(a);

    const ballots = [await sequentialBallots("SQLite, one process", sqlite, null, polls), await sequentialBallots("Redis (AOF always), one instance", a, redis, polls)];
    const yjs = [await sequentialUpdates("SQLite, one process", sqlite, null, updates), await sequentialUpdates("Redis (AOF always), one instance", a, redis, updates)];
    await sqlite.kill("SIGTERM");

    const one = await manyMeetings("one instance", [a], redis, meetings, polls);
    const b = await startChildServer(tempDataDir(), env);
    children.push(b);
    // B is cold (A warmed up above): a short unmeasured round first, so the comparison is of two warm instances.
    await manyMeetings("warm-up", [a, b], redis, 2, 2);
    const two = await manyMeetings("two instances", [a, b], redis, meetings, polls);

    const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(2) : "—");
    const [bs, br] = ballots as [BallotFigures, BallotFigures];
    const [ys, yr] = yjs as [BallotFigures, BallotFigures];
    process.stdout.write(
      [
        "",
        `Ballots, one at a time (${bs.ms.length} each): ack latency and CPU per ballot (ms)`,
        "| mode | p50 | p95 | Concord CPU | redis-server CPU |",
        "|---|---|---|---|---|",
        row(bs),
        row(br),
        `Redis/SQLite: p50 ×${ratio(pct(br.ms, 50), pct(bs.ms, 50))}, Concord CPU ×${ratio(br.concordCpu, bs.concordCpu)}, all server CPU ×${ratio(br.concordCpu + br.redisCpu, bs.concordCpu)}`,
        "",
        `Yjs updates, one at a time (${ys.ms.length} each): writer → follower on the same instance, CPU per update (ms)`,
        "| mode | p50 | p95 | Concord CPU | redis-server CPU |",
        "|---|---|---|---|---|",
        row(ys),
        row(yr),
        `Redis/SQLite: p50 ×${ratio(pct(yr.ms, 50), pct(ys.ms, 50))}, Concord CPU ×${ratio(yr.concordCpu, ys.concordCpu)}, all server CPU ×${ratio(yr.concordCpu + yr.redisCpu, ys.concordCpu)}`,
        "",
        `${meetings} meetings × 8 units × ${polls} polls at once (${one.ballots} ballots), Redis mode`,
        "| instances | wall | ballots/s | ack p50 | ack p95 | Concord CPU/ballot | redis-server CPU/ballot |",
        "|---|---|---|---|---|---|---|",
        ...[one, two].map((f) => `| ${f.label} | ${f.wallMs.toFixed(0)} ms | ${((f.ballots / f.wallMs) * 1000).toFixed(0)} | ${f2(pct(f.ms, 50))} | ${f2(pct(f.ms, 95))} | ${f2(f.concordCpu)} | ${f2(f.redisCpu)} |`),
        `two/one: wall ×${ratio(two.wallMs, one.wallMs)}, p95 ×${ratio(pct(two.ms, 95), pct(one.ms, 95))}, Concord CPU per ballot ×${ratio(two.concordCpu, one.concordCpu)} (this machine's cores are shared; a second instance adds capacity only where cores are free)`,
        "",
      ].join("\n"),
    );
    return true;
  } finally {
    for (const c of children) await c.kill("SIGTERM");
    await redis?.stop();
  }
}
