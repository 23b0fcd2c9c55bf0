import { MAX_REFUSALS } from "../server/yjs/endpoint";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io as ioClient } from "socket.io-client";
import * as Y from "yjs";
import { EVENTS } from "../shared/protocol/events";
import {
  DEFINITION,
  HOSTILE_CLIENT,
  type ChildStored,
  type ChildUsage,
  type ServerKind,
  type YjsBenchOptions,
  type YjsBenchResult,
  percentile,
  selfLayer,
  sleep,
  waitFor,
  tokenOf,
} from "./yjs/common";
import { startChild } from "./yjs/servers";
import {
  connectClient,
  inBatches,
  LightFollower,
  hostileUpdate,
  planWrites,
  type Client,
  type PlannedWrite,
} from "./yjs/clients";

/**
 * Score-table burst: the 16 delegate tablets of the demo meeting each write K cells of their own
 * unit's self-assessment within BURST_MS while N read-only followers (big screen, public) watch,
 * once against our endpoint (shadow check, policy, SQLite, then broadcast) and once against a naive
 * y-websocket relay (no auth, no check, no storage), so the ratio is the price of authorisation and
 * durability. A third run adds one hostile tablet whose writes must all be refused, unseen and
 * unstored, without slowing the others. Tablets and the first 10 followers are stock providers;
 * the other followers are light (LightFollower). Servers run in a child process (this file,
 * forked), so their CPU, event loop and memory are measured apart from the clients.
 */

const HERE = fileURLToPath(import.meta.url);
export type { YjsBenchOptions, YjsBenchResult };

/** Of the followers, this many are stock providers applying every update live; the rest are light. */
const STOCK_FOLLOWERS = 10;

export async function runYjsBurst(
  server: ServerKind,
  withHostile: boolean,
  opts: YjsBenchOptions,
  /** Light followers whose document is rebuilt and checked at the end (all of them by default; the scale group samples). */
  checkedLights = Infinity,
): Promise<YjsBenchResult> {
  // Each stock provider adds a process "exit" listener; a few dozen are expected here.
  process.setMaxListeners(Math.max(process.getMaxListeners(), 64));
  const { child, ready, ask } = await startChild(server);
  const clients: Client[] = [];
  const lights: LightFollower[] = [];
  try {
    if (server === "ours") {
      const chair = ioClient(`http://127.0.0.1:${ready.port}`, {
        transports: ["websocket"],
        auth: { token: tokenOf(ready.chair) },
        reconnection: false,
        forceNew: true,
      });
      const res = (await chair.timeout(10_000).emitWithAck(EVENTS.SCORES_STAGE, { stage: "self" })) as {
        ok: boolean;
        error?: { message: string };
      };
      chair.disconnect();
      if (!res.ok) throw new Error(`scores:stage refused: ${res.error?.message}`);
    }
    const tablets = Object.entries(ready.delegates).flatMap(([unit, links]) =>
      links.map((link, tablet) => ({ unit, tablet, link })),
    );
    const framing = ready.framing ?? "y-websocket";
    const writers = await inBatches(tablets, 50, (t) => connectClient(ready.port, ready.meetingId, t.link, framing));
    clients.push(...writers);

    // Every follower reports each write it receives, by the write's first struct id.
    const byId = new Map<string, PlannedWrite>();
    // A frame may carry several writes (ours merges what one drain accepted): every struct range counts.
    let stopped = false;
    // Every follower gets the same bytes for a broadcast: the update's metadata is decoded once per
    // distinct frame (keyed by its whole content), not once per follower, so this process's CPU goes to
    // receiving 1,000 sockets' frames rather than to decoding the same update 1,000 times. Each follower
    // still receives and reads its own frame, and is counted for every write it carries.
    const metaOf = new Map<string, ReturnType<typeof Y.parseUpdateMeta>>();
    const received = (update: Uint8Array) => {
      if (stopped) return;
      const key = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString("latin1");
      let meta = metaOf.get(key);
      if (!meta) {
        if (metaOf.size > 512) metaOf.clear();
        meta = Y.parseUpdateMeta(update);
        metaOf.set(key, meta);
      }
      const { from, to } = meta;
      const now = performance.now();
      for (const [client, end] of to)
        for (let clock = from.get(client) ?? end; clock < end; clock++) {
          const w = byId.get(`${client}:${clock}`);
          if (w && ++w.seenBy === opts.followers) w.allSeenAt = now;
        }
    };
    const followerLinks = Array.from(
      { length: opts.followers },
      (_, i) => ready.followers[i % ready.followers.length]!,
    );
    const stock = await inBatches(followerLinks.slice(0, STOCK_FOLLOWERS), 50, (link) =>
      connectClient(ready.port, ready.meetingId, link, framing),
    );
    clients.push(...stock);
    for (const f of stock)
      f.doc.on("update", (update: Uint8Array, origin: unknown) => origin === f.provider && received(update));
    lights.push(...followerLinks.slice(STOCK_FOLLOWERS).map((_, i) => new LightFollower(received, i < checkedLights, framing)));
    await inBatches(
      lights.map((f, i) => ({ f, link: followerLinks[STOCK_FOLLOWERS + i]! })),
      50,
      ({ f, link }) => f.connect(ready.port, ready.meetingId, link),
    );
    // The hostile one is a second device on the first unit's first tablet link, writing the next unit's row.
    const hostile = withHostile ? await connectClient(ready.port, ready.meetingId, tablets[0]!.link, framing) : null;
    if (hostile) clients.push(hostile);
    const victim = DEFINITION.units[1]!.code;
    const writes = planWrites(tablets, opts.cellsPerDelegate);
    // Let the connection storm (sync, awareness) drain before measuring.
    await sleep(opts.settleMs ?? 1000);

    const before = await ask<ChildUsage>("usage");
    const profiling = Boolean(process.env.BENCH_PROFILE_DIR);
    if (profiling) child.kill("SIGUSR2");
    const clientsCpu = process.cpuUsage();
    const start = performance.now();
    const spacing = opts.burstMs / opts.cellsPerDelegate;
    writes.forEach((w, i) => {
      const k = i % opts.cellsPerDelegate;
      setTimeout(
        () => {
          const doc = writers[w.writer]!.doc;
          byId.set(`${doc.clientID}:${Y.getState(doc.store, doc.clientID)}`, w);
          w.sentAt = performance.now();
          selfLayer(doc, w.unit).set(w.key, w.value);
        },
        (w.writer / tablets.length) * spacing + k * spacing,
      );
    });
    if (hostile)
      for (let i = 0; i < opts.hostileWrites; i++)
        setTimeout(
          () => {
            const g = DEFINITION.criteria.groups[i % DEFINITION.criteria.groups.length]!;
            // After MAX_REFUSALS the server closes the hostile connection; while its provider reconnects it sends nothing.
            const ws = hostile.provider.ws;
            if (ws && ws.readyState === ws.OPEN) ws.send(hostileUpdate(hostile.doc, victim, g.id, 1));
          },
          (i * opts.burstMs) / opts.hostileWrites,
        );

    const everywhere = () => writes.every((w) => w.seenBy === opts.followers);
    // Bounded: a server that cannot keep up is stopped after burst + timeout and reported as such.
    const finished = await waitFor(
      () => everywhere() && (!hostile || hostile.refusals.length >= expectedRefusals(opts)),
      opts.burstMs + opts.timeoutMs,
      "every follower seeing every write",
    ).then(
      () => true,
      (err: Error) => (process.stderr.write(`${err.message}\n`), false),
    );
    const waitedMs = performance.now() - start;
    // Stop reading now: a backlog this process has not read yet must not count, nor delay the usage reply.
    stopped = true;
    for (const f of lights) f.close();
    const delivered = writes.reduce((n, w) => n + w.seenBy, 0);
    const seenTimes = writes.map((w) => w.allSeenAt).filter((t) => !Number.isNaN(t));
    const lastSeen = seenTimes.length ? Math.max(...seenTimes) : NaN;
    const after = await ask<ChildUsage>("usage");
    if (profiling) child.kill("SIGUSR2");
    const clientsCpuUsed = process.cpuUsage(clientsCpu);

    // Lost: a write some follower never got, or a final cell (on any follower's document or, for
    // ours, in the database) that is not the last value its writer set.
    const finalOf = new Map<string, number>();
    for (const w of writes) finalOf.set(`${w.unit}/${w.key}`, w.value);
    const wrongCells = (self: (unit: string) => Record<string, unknown> | undefined) =>
      [...finalOf].filter(([cell, v]) => self(cell.split("/")[0]!)?.[cell.split("/")[1]!] !== v).length;
    let lost = writes.filter((w) => w.seenBy < opts.followers).length;
    let hostileLeaked = 0;
    for (const doc of [...stock.map((f) => f.doc), ...lights.slice(0, checkedLights).map((f) => f.doc())]) {
      lost += wrongCells((unit) => selfLayer(doc, unit).toJSON());
      if (doc.store.clients.has(HOSTILE_CLIENT)) hostileLeaked++;
    }
    if (server === "ours") {
      const stored = await ask<ChildStored>("stored");
      lost += wrongCells((unit) => stored.self[unit]);
      if (stored.clients.includes(HOSTILE_CLIENT)) hostileLeaked++;
    }

    const latencies = writes.filter((w) => w.seenBy === opts.followers).map((w) => w.allSeenAt - w.sentAt);
    latencies.sort((a, b) => a - b);
    // When the slowest write was sent (ms after the first): a stall at one moment, or a backlog growing.
    const slowest = writes.reduce<PlannedWrite | null>((m, w) => (m === null || w.allSeenAt - w.sentAt > m.allSeenAt - m.sentAt ? w : m), null);
    const refused = writers.reduce((n, c) => n + c.refusals.length, 0);
    const serverCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
    return {
      server,
      hostile: withHostile,
      writes: writes.length,
      latP50: percentile(latencies, 50),
      latP95: percentile(latencies, 95),
      latP99: percentile(latencies, 99),
      latP90: percentile(latencies, 90),
      slowestSentAtMs: slowest ? slowest.sentAt - start : NaN,
      allSeenMs: lastSeen - start,
      updatesPerSecond: (writes.length - refused) / ((lastSeen - start) / 1000),
      serverCpuMs,
      serverCpuPerUpdateMs: serverCpuMs / writes.length,
      delivered,
      finished,
      waitedMs,
      serverBusyPercent:
        (100 * (after.loopActiveMs - before.loopActiveMs)) /
        (after.loopActiveMs - before.loopActiveMs + after.loopIdleMs - before.loopIdleMs),
      serverBusyPerUpdateMs: (after.loopActiveMs - before.loopActiveMs) / writes.length,
      serverRssMB: after.rssBytes / 1e6,
      clientsCpuMs: (clientsCpuUsed.user + clientsCpuUsed.system) / 1000,
      rowsAppended: after.updateSeq - before.updateSeq,
      yjsKBytes: after.yjsBytes / 1e3,
      fileKBytes: (after.fileBytes - before.fileBytes) / 1e3,
      refused,
      lost,
      // Refusals read `refused:<CODE>:<path>` (shared/protocol/documents.ts): another unit's row is FORBIDDEN.
      hostileRefused: hostile?.refusals.filter((r) => r.startsWith(`refused:FORBIDDEN:units.${victim}.`)).length ?? 0,
      hostileLeaked,
    };
  } finally {
    for (const f of lights) f.close();
    for (const c of clients) {
      c.provider.destroy();
      c.doc.destroy();
    }
    child.removeAllListeners("exit");
    child.send({ type: "stop" });
    await new Promise((r) => child.once("exit", r));
  }
}

export function formatYjsTable(
  opts: YjsBenchOptions,
  ours: YjsBenchResult,
  naive: YjsBenchResult,
  hostile: YjsBenchResult,
): string {
  const rows: [string, (r: YjsBenchResult) => number, number][] = [
    ["update → all followers p50 (ms)", (r) => r.latP50, 1],
    ["update → all followers p95 (ms)", (r) => r.latP95, 1],
    ["update → all followers p99 (ms)", (r) => r.latP99, 1],
    ["last update everywhere (ms)", (r) => r.allSeenMs, 0],
    ["updates accepted per second", (r) => r.updatesPerSecond, 0],
    ["server CPU during burst (ms)", (r) => r.serverCpuMs, 0],
    ["server CPU per update (ms)", (r) => r.serverCpuPerUpdateMs, 3],
    ["server event loop busy, burst (%)", (r) => r.serverBusyPercent, 0],
    ["server loop busy per update (ms)", (r) => r.serverBusyPerUpdateMs, 3],
    ["server RSS after burst (MB)", (r) => r.serverRssMB, 0],
    ["bench clients CPU (ms)", (r) => r.clientsCpuMs, 0],
    ["rows appended to yjs_updates", (r) => r.rowsAppended, 0],
    ["Yjs bytes in SQLite now (KB)", (r) => r.yjsKBytes, 1],
    ["SQLite files growth (KB)", (r) => r.fileKBytes, 1],
    ["refused updates (honest tablets)", (r) => r.refused, 0],
    ["lost updates", (r) => r.lost, 0],
    ["hostile writes refused", (r) => r.hostileRefused, 0],
    ["hostile writes seen or stored", (r) => r.hostileLeaked, 0],
  ];
  const ratio = (x: number, y: number) => (y === 0 ? (x === 0 ? "—" : "∞") : `${(x / y).toFixed(2)}×`);
  const lines = [
    `Yjs score burst: 16 tablets × ${opts.cellsPerDelegate} cells = ${ours.writes} updates within ${opts.burstMs} ms, ${opts.followers} followers; hostile run adds ${opts.hostileWrites} refused writes`,
    `${"metric".padEnd(36)}${"ours".padStart(10)}${"naive".padStart(10)}${"ours ÷ naive".padStart(14)}${"+hostile".padStart(10)}${"hostile ÷ ours".padStart(16)}`,
  ];
  for (const [name, get, digits] of rows) {
    const [a, b, c] = [get(ours), get(naive), get(hostile)];
    lines.push(
      `${name.padEnd(36)}${a.toFixed(digits).padStart(10)}${b.toFixed(digits).padStart(10)}${ratio(a, b).padStart(14)}${c.toFixed(digits).padStart(10)}${ratio(c, a).padStart(16)}`,
    );
  }
  return lines.join("\n");
}

const num = (name: string, fallback: number, max: number) =>
  Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));

/** Knobs: BENCH_YJS_CELLS (50), BENCH_YJS_FOLLOWERS (200), BENCH_YJS_BURST_MS (2000), BENCH_YJS_HOSTILE (200). */
export function yjsOptionsFromEnv(): YjsBenchOptions {
  return {
    cellsPerDelegate: num("BENCH_YJS_CELLS", 50, 200),
    followers: num("BENCH_YJS_FOLLOWERS", 200, 500),
    burstMs: num("BENCH_YJS_BURST_MS", 2000, 10_000),
    hostileWrites: num("BENCH_YJS_HOSTILE", 200, 1000),
    timeoutMs: 20_000,
  };
}

/**
 * The server closes a connection after MAX_REFUSALS refusals in a short window (each refusal rebuilds
 * its scratch copy), so the hostile tablet gets that many answers, then loses its socket.
 */
function expectedRefusals(opts: { hostileWrites: number }): number {
  return Math.min(opts.hostileWrites, MAX_REFUSALS + 1);
}

/** Runs ours, the naive relay and ours with a hostile tablet; prints the table. False if anything was refused, lost or leaked. */
export async function runYjsBench(opts: YjsBenchOptions): Promise<boolean> {
  process.stdout.write(
    `Running the Yjs score burst three times (ours, the naive relay, ours with a hostile tablet)…\n`,
  );
  const ours = await runYjsBurst("ours", false, opts);
  const naive = await runYjsBurst("naive", false, opts);
  const hostile = await runYjsBurst("ours", true, opts);
  process.stdout.write(`\n${formatYjsTable(opts, ours, naive, hostile)}\n`);

  const bad =
    [ours, naive, hostile].reduce((n, r) => n + r.refused + r.lost + r.hostileLeaked, 0) +
    (hostile.hostileRefused >= expectedRefusals(opts) ? 0 : 1);
  if (bad > 0) process.stderr.write("bench: Yjs updates were refused, lost or leaked\n");
  return bad === 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
  const deadline = setTimeout(() => {
    process.stderr.write("bench: not finished after 110 s, stopping\n");
    process.exit(1);
  }, 110_000);
  deadline.unref();
  runYjsBench(yjsOptionsFromEnv()).then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
