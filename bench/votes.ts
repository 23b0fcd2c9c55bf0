import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as ioClient, type Socket } from "socket.io-client";
import { EVENTS } from "../shared/protocol/events";
import type { PollView } from "../shared/protocol/polls";
import { RawFollower } from "./raw-follower";
import type { TabletsCommand, TabletsReply } from "./vote-tablets";
import type { ServerReady, ServerUsage } from "./vote-server";

/**
 * Vote burst: every delegate tablet of every unit casts within BURST_MS while thousands of followers
 * watch; the same run with the naive baseline (one full-tally broadcast per ballot) for the ratio.
 * Tablets and followers speak the wire protocol over bare WebSockets (bench/raw-tablet.ts, bench/raw-follower.ts):
 * the bench shares the two cores with the server, so its own cost per message is kept small; each tablet still
 * reads (parses) every message it gets. The tablets run and time their acks in a process of their own
 * (bench/vote-tablets.ts), apart from the followers' fan-in. The chair is a socket.io-client.
 */
export interface VoteBenchOptions {
  units: number;
  followers: number;
  burstMs: number;
  /** Per mode: a stuck run ends with an error instead of hanging. */
  timeoutMs: number;
}

export interface VoteBenchResult {
  mode: "coalesced" | "naive";
  voters: number;
  ackP50: number;
  ackP95: number;
  ackP99: number;
  /** p99 of the acknowledgements of stored ballots only (one per unit). */
  acceptedAckP99: number;
  allFollowersFinalMs: number;
  pollStatesPerFollower: number;
  /** Every message a follower got from the burst's start until 1.5 s after the last follower saw the final tally. */
  messagesPerFollower: number;
  meetingStatesPerFollower: number;
  /** The server's write system calls over the same span (/proc; NaN off Linux). */
  serverWrites: number;
  followerMBytes: number;
  serverCpuMs: number;
  /** The bench's own CPU over the burst, both processes (its 4,000 clients share the two cores with the server). */
  benchCpuMs: number;
  /** The tablets' process's event-loop delay over the burst (p99 and max, ms): how late it can read an ack. */
  benchLoopDelayP99: number;
  benchLoopDelayMax: number;
  /** The server's event-loop delay over the burst (p99 and max, ms): how long a ballot can wait for its turn. */
  serverLoopDelayP99: number;
  serverLoopDelayMax: number;
  /** Server CPU from before the first connection until every device and follower is in and the storm's meeting:state is sent. */
  joinCpuMs: number;
  /** Wall time of that join storm (connections opened in batches of 50 devices, 100 followers). */
  joinWallMs: number;
  serverRssMB: number;
  lost: number;
  duplicated: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tokenOf = (link: string) => link.split("/join/")[1]!;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
type AnyAck = { ok: boolean; receipt?: string; poll?: PollView; error?: { message: string } };

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`bench: timed out: ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}

/** BENCH_PROFILE_DIR: a CPU profile of the server over the burst (bench/profile-preload.mjs). */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

/** The tablets' process (bench/vote-tablets.ts): one command, one reply. */
export function startTablets(): { ask: <T extends TabletsReply["type"]>(cmd: TabletsCommand, expect: T) => Promise<Extract<TabletsReply, { type: T }>>; close: () => Promise<void> } {
  const child = fork(path.join(HERE, "vote-tablets.ts"), [], { execArgv: ["--import", "tsx"] });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    ask: (cmd, expect) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`bench tablets exited with ${code}`));
        child.once("exit", onExit);
        child.once("message", (m: TabletsReply) => {
          child.off("exit", onExit);
          if (m.type === "error") reject(new Error(`bench tablets: ${m.message}`));
          else if (m.type !== expect) reject(new Error(`bench tablets: ${m.type} instead of ${expect}`));
          else resolve(m as never);
        });
        child.send(cmd);
      }),
    close: async () => {
      if (child.exitCode === null) child.send({ type: "close" } satisfies TabletsCommand);
      await exited;
    },
  };
}

function startChild(mode: string, units: number): Promise<{ child: ChildProcess; ready: ServerReady; usage: () => Promise<ServerUsage> }> {
  const child = fork(path.join(HERE, "vote-server.ts"), [], { execArgv: ["--import", "tsx", ...(PROFILE_DIR ? ["--import", path.join(HERE, "profile-preload.mjs")] : [])], env: { ...process.env, BENCH_TALLY_MODE: mode, BENCH_UNITS: String(units) } });
  const usage = () =>
    new Promise<ServerUsage>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== "usage") return;
        child.off("message", on);
        resolve(m as ServerUsage);
      };
      child.on("message", on);
      child.send({ type: "usage" });
    });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
    child.once("message", (m: ServerReady) => resolve({ child, ready: m, usage }));
  });
}

function connectSocket(url: string, link: string): Promise<Socket> {
  const socket = ioClient(url, { transports: ["websocket"], auth: { token: tokenOf(link) }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

const ack = (s: Socket, event: string, payload: unknown) =>
  (s.timeout(30_000).emitWithAck(event, payload) as Promise<AnyAck>).catch((err: Error) => {
    throw new Error(`${event}: ${err.message}`);
  });

export async function runVoteBurst(mode: VoteBenchResult["mode"], opts: VoteBenchOptions): Promise<VoteBenchResult> {
  const { child, ready, usage } = await startChild(mode, opts.units);
  const sockets: Socket[] = [];
  const followers: RawFollower[] = [];
  const tablets = startTablets();
  try {
    const joinBefore = await usage();
    const joinStart = performance.now();
    const chair = await connectSocket(ready.url, ready.chair);
    sockets.push(chair);
    const voterLinks = Object.entries(ready.delegates).flatMap(([unit, links]) => links.map((link) => ({ unit, link })));
    await tablets.ask({ type: "connect", port: ready.port, voters: voterLinks.map((v) => ({ unit: v.unit, token: tokenOf(v.link) })) }, "connected");

    const created = await ack(chair, EVENTS.POLL_CREATE, { kind: "motion", visibility: "open", subject: "pledge", title: "Bench: thông qua giao ước" });
    if (!created.ok || !created.poll) throw new Error(`poll:create refused: ${created.error?.message}`);
    const pollId = created.poll.id;
    const isFinal = (v: { id: string; turnout: { voted: number } }) => v.id === pollId && v.turnout.voted === opts.units;
    for (let i = 0; i < opts.followers; i++) followers.push(new RawFollower(ready.port, tokenOf(ready.public), isFinal));
    await inBatches(followers, 100, (f) => f.connect());
    const opened = await ack(chair, EVENTS.POLL_OPEN, { pollId });
    if (!opened.ok) throw new Error(`poll:open refused: ${opened.error?.message}`);
    // Let the connection storm's coalesced meeting:state broadcasts drain before measuring.
    await new Promise((r) => setTimeout(r, 1000));
    const joinAfter = await usage();
    const joinWallMs = performance.now() - joinStart - 1000;

    for (const f of followers) {
      f.bytes = 0;
      f.pollStates = 0;
      f.messages = 0;
      f.meetingStates = 0;
    }
    const before = await usage();
    if (PROFILE_DIR) child.kill("SIGUSR2");
    const benchCpuBefore = process.cpuUsage();
    const start = performance.now();
    const burst = await withTimeout(tablets.ask({ type: "burst", pollId, burstMs: opts.burstMs }, "cast"), opts.timeoutMs, "ballot acknowledgements");
    await withTimeout(
      (async () => {
        while (followers.some((f) => f.finalAt === null)) await new Promise((r) => setTimeout(r, 20));
      })(),
      opts.timeoutMs,
      "every follower seeing the final tally",
    );
    const allFinal = Math.max(...followers.map((f) => f.finalAt!)) - start;
    const after = await usage();
    const benchCpu = process.cpuUsage(benchCpuBefore);
    if (PROFILE_DIR) child.kill("SIGUSR2");
    // What trails the final tally (a last meeting:state) counts towards the burst's messages.
    await new Promise((r) => setTimeout(r, 1500));
    const settled = await usage();
    // Read now: the close and publish below send more.
    const sum = (get: (f: RawFollower) => number) => followers.reduce((n, f) => n + get(f), 0) / followers.length;
    const perFollower = { pollStates: sum((f) => f.pollStates), messages: sum((f) => f.messages), meetingStates: sum((f) => f.meetingStates), bytes: followers.reduce((n, f) => n + f.bytes, 0) };

    await ack(chair, EVENTS.POLL_CLOSE, { pollId });
    await ack(chair, EVENTS.POLL_PUBLISH, { pollId });
    const result = (await (await fetch(`${ready.url}/api/meetings/${ready.meetingId}/polls/${pollId}/result`, { headers: { authorization: `Bearer ${tokenOf(ready.chair)}` } })).json()) as { receipts: { receipt: string }[] };
    const stored = new Set(result.receipts.map((r) => r.receipt));
    const ok = burst.casts.filter((c) => c.ok);
    const lost = ok.filter((c) => !stored.has(c.receipt!)).length;
    // More ballots than units, or a unit acknowledged twice, would be a duplicate.
    const duplicated = Math.max(0, result.receipts.length - opts.units) + (ok.length - new Set(ok.map((c) => c.unit)).size);
    const latencies = burst.casts.map((c) => c.latencyMs).sort((a, b) => a - b);
    /** Of the ballots stored (the unit's first); the others are its second tablet's ALREADY_VOTED. */
    const accepted = ok.map((c) => c.latencyMs).sort((a, b) => a - b);
    return {
      mode,
      voters: burst.casts.length,
      ackP50: percentile(latencies, 50),
      ackP95: percentile(latencies, 95),
      ackP99: percentile(latencies, 99),
      acceptedAckP99: percentile(accepted, 99),
      allFollowersFinalMs: allFinal,
      pollStatesPerFollower: perFollower.pollStates,
      messagesPerFollower: perFollower.messages,
      meetingStatesPerFollower: perFollower.meetingStates,
      serverWrites: settled.writeCalls - before.writeCalls,
      followerMBytes: perFollower.bytes / 1e6,
      serverCpuMs: (after.cpuMicros - before.cpuMicros) / 1000,
      // The main process (followers) until every follower is final, the tablets' until their last ack.
      benchCpuMs: (benchCpu.user + benchCpu.system) / 1000 + burst.cpuMs,
      benchLoopDelayP99: burst.loopDelayP99,
      benchLoopDelayMax: burst.loopDelayMax,
      serverLoopDelayP99: after.loopDelayP99,
      serverLoopDelayMax: after.loopDelayMax,
      joinCpuMs: (joinAfter.cpuMicros - joinBefore.cpuMicros) / 1000,
      joinWallMs,
      serverRssMB: after.rssBytes / 1e6,
      lost,
      duplicated,
    };
  } finally {
    for (const f of followers) f.close();
    await tablets.close();
    for (const s of sockets) s.disconnect();
    child.removeAllListeners("exit");
    child.send({ type: "stop" });
    await new Promise((r) => child.once("exit", r));
  }
}

export function formatVoteTable(opts: VoteBenchOptions, a: VoteBenchResult, b: VoteBenchResult): string {
  const rows: [string, (r: VoteBenchResult) => number, number][] = [
    ["joining: server CPU (ms)", (r) => r.joinCpuMs, 0],
    ["joining: wall time (ms)", (r) => r.joinWallMs, 0],
    ["ballot ack p50 (ms)", (r) => r.ackP50, 1],
    ["ballot ack p95 (ms)", (r) => r.ackP95, 1],
    ["ballot ack p99 (ms)", (r) => r.ackP99, 1],
    ["ack p99, stored ballots only (ms)", (r) => r.acceptedAckP99, 1],
    ["all followers see final tally (ms)", (r) => r.allFollowersFinalMs, 0],
    ["poll:state messages per follower", (r) => r.pollStatesPerFollower, 1],
    ["meeting:state messages per follower", (r) => r.meetingStatesPerFollower, 1],
    ["messages per follower, burst + 1.5 s", (r) => r.messagesPerFollower, 1],
    ["server write calls, burst + 1.5 s", (r) => r.serverWrites, 0],
    ["bytes to followers, burst (MB)", (r) => r.followerMBytes, 1],
    ["server CPU during burst (ms)", (r) => r.serverCpuMs, 0],
    ["bench process CPU during burst (ms)", (r) => r.benchCpuMs, 0],
    ["bench event-loop delay p99 (ms)", (r) => r.benchLoopDelayP99, 1],
    ["bench event-loop delay max (ms)", (r) => r.benchLoopDelayMax, 1],
    ["server event-loop delay p99 (ms)", (r) => r.serverLoopDelayP99, 1],
    ["server event-loop delay max (ms)", (r) => r.serverLoopDelayMax, 1],
    ["server RSS after burst (MB)", (r) => r.serverRssMB, 0],
    ["lost ballots", (r) => r.lost, 0],
    ["duplicated ballots", (r) => r.duplicated, 0],
  ];
  const pad = (s: string, n: number) => s.padStart(n);
  const lines = [
    `Vote burst: ${opts.units} units × 2 tablets = ${a.voters} voters within ${opts.burstMs} ms, ${opts.followers} followers`,
    `Joining: ${a.voters + 1} devices then ${opts.followers} followers connect; the naive server records each check-in and sends the joiner the state, nothing to the others`,
    `${"metric".padEnd(36)}${pad("coalesced", 12)}${pad("naive", 12)}${pad("naive ÷ coalesced", 20)}`,
  ];
  for (const [name, get, digits] of rows) {
    const x = get(a);
    const y = get(b);
    const ratio = x === 0 ? (y === 0 ? "—" : "∞") : `${(y / x).toFixed(2)}×`;
    lines.push(`${name.padEnd(36)}${pad(x.toFixed(digits), 12)}${pad(y.toFixed(digits), 12)}${pad(ratio, 20)}`);
  }
  lines.push(`joining CPU, ours ÷ naive: ${(a.joinCpuMs / b.joinCpuMs).toFixed(2)}× (goal ≤ 1.5×)`);
  return lines.join("\n");
}
