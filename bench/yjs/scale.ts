import { runYjsBurst } from "../yjs";
import type { ServerKind, YjsBenchOptions, YjsBenchResult } from "./common";
import { provisionHocuspocus } from "./peers";

const num = (name: string, fallback: number, max: number) =>
  Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));

const KINDS = ["ours", "reference", "hocuspocus", "naive"] as const satisfies readonly ServerKind[];

/**
 * The `scale` group (`npm run bench -- scale`, minutes): BENCH_SCALE_FOLLOWERS (1,000) followers of one
 * score table, the demo meeting's 16 tablets writing at 20 and at 200 edits/s for BENCH_SCALE_SECONDS (10),
 * ours, the reference y-websocket server (@y/websocket-server), Hocuspocus 4.7 (under Node 22, both
 * installed into .tmp/peers at bench time by bench/yjs/peers.ts; skipped, saying why, when that fails)
 * and the naive relay in the same run, BENCH_SCALE_REPEAT (1) rounds alternating them, with medians and
 * ratios. BENCH_SCALE_SERVERS (ours,reference,hocuspocus,naive) picks some of them. Each row is printed
 * as its run ends; each run is bounded (burst + BENCH_SCALE_GRACE_SECONDS, 30): a server that cannot keep
 * up is stopped and reported as "did not finish in N s, X of Y delivered". CPU per delivery is the server
 * process's own CPU during the run (process.cpuUsage in the forked server) divided by the deliveries made.
 * The documents of 10 stock and 20 light followers (and, for ours, the database) are checked for the last
 * value of every cell.
 */
export async function runYjsScaleBench(): Promise<boolean> {
  const seconds = num("BENCH_SCALE_SECONDS", 10, 60);
  const followers = num("BENCH_SCALE_FOLLOWERS", 1000, 2000);
  const grace = num("BENCH_SCALE_GRACE_SECONDS", 30, 300);
  const rates = (process.env.BENCH_SCALE_RATES ?? "20,200").split(",").map(Number).filter((n) => n > 0);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const asked = (process.env.BENCH_SCALE_SERVERS ?? KINDS.join(",")).split(",");
  let servers: ServerKind[] = KINDS.filter((k) => asked.includes(k));
  if (servers.includes("hocuspocus")) {
    const peers = await provisionHocuspocus();
    if (!peers.ok) {
      out(`Hocuspocus skipped: ${peers.why}`);
      servers = servers.filter((k) => k !== "hocuspocus");
    }
  }
  out(`Yjs at scale: ${followers} followers of one score table, 16 writers, ${seconds} s per run, stopped ${grace} s after the burst, writes start ${num("BENCH_SCALE_SETTLE_SECONDS", 5, 60)} s after the last follower joined`);
  out(`${"rate".padEnd(8)}${"server".padEnd(11)}${"edits".padStart(7)}${"p50 ms".padStart(9)}${"p90 ms".padStart(9)}${"p99 ms".padStart(9)}${"worst sent at s".padStart(16)}${"undelivered".padStart(13)}${"CPU/delivery µs".padStart(17)}${"RSS MB".padStart(8)}${"bench CPU s".padStart(13)}  finished`);
  const repeat = num("BENCH_SCALE_REPEAT", 1, 9);
  let ok = true;
  for (const rate of rates) {
    const opts: YjsBenchOptions = { cellsPerDelegate: Math.max(1, Math.round((rate * seconds) / 16)), followers, burstMs: seconds * 1000, hostileWrites: 0, timeoutMs: grace * 1000, settleMs: num("BENCH_SCALE_SETTLE_SECONDS", 5, 60) * 1000 };
    const runs: Record<ServerKind, YjsBenchResult[]> = { ours: [], reference: [], hocuspocus: [], naive: [] };
    // Rounds alternate the servers, so a busy minute on the shared machine falls on all of them alike.
    for (let round = 0; round < repeat; round++)
      for (const kind of servers) {
        const r = await runYjsBurst(kind, false, opts, 20);
        runs[kind].push(r);
        const perDelivery = r.delivered ? (r.serverCpuMs * 1000) / r.delivered : NaN;
        const expected = r.writes * followers;
        const state = r.finished
          ? "yes"
          : `did not finish in ${(r.waitedMs / 1000).toFixed(0)} s, ${r.delivered} of ${expected} delivered`;
        out(`${`${rate}/s`.padEnd(8)}${r.server.padEnd(11)}${String(r.writes).padStart(7)}${r.latP50.toFixed(0).padStart(9)}${r.latP90.toFixed(0).padStart(9)}${r.latP99.toFixed(0).padStart(9)}${(r.slowestSentAtMs / 1000).toFixed(1).padStart(16)}${String(r.lost).padStart(13)}${perDelivery.toFixed(2).padStart(17)}${r.serverRssMB.toFixed(0).padStart(8)}${(r.clientsCpuMs / 1000).toFixed(1).padStart(13)}  ${state}`);
        if (r.server === "ours" && (r.lost > 0 || r.refused > 0)) ok = false;
      }
    const cpu = (r: YjsBenchResult) => r.serverCpuMs / Math.max(1, r.delivered);
    const medCpu = (rs: YjsBenchResult[]) => rs.map(cpu).sort((a, b) => a - b)[Math.floor(rs.length / 2)]!;
    // The median run of each server, field by field (one run: that run).
    const median = (rs: YjsBenchResult[]): YjsBenchResult => {
      const mid = <K extends keyof YjsBenchResult>(k: K) => {
        const xs = rs.map((r) => r[k] as number).sort((a, b) => a - b);
        return xs[Math.floor(xs.length / 2)]!;
      };
      return { ...rs[0]!, latP50: mid("latP50"), latP90: mid("latP90"), latP99: mid("latP99"), serverRssMB: mid("serverRssMB"), serverCpuMs: mid("serverCpuMs"), delivered: mid("delivered"), finished: rs.every((r) => r.finished) };
    };
    const med = new Map(servers.map((k) => [k, median(runs[k])]));
    if (repeat > 1)
      for (const r of med.values())
        out(`${`${rate}/s`.padEnd(8)}${r.server.padEnd(11)} median of ${repeat}: p50 / p90 / p99 ${r.latP50.toFixed(0)} / ${r.latP90.toFixed(0)} / ${r.latP99.toFixed(0)} ms, CPU per delivery ${(medCpu(runs[r.server]) * 1000).toFixed(2)} µs, RSS ${r.serverRssMB.toFixed(0)} MB${r.finished ? "" : " (some runs did not finish)"}`);
    const ours = med.get("ours");
    if (!ours) continue;
    for (const [name, peer] of med)
      if (name !== "ours")
        out(`${"".padEnd(8)}ours ÷ ${name}${repeat > 1 ? " (medians)" : ""}: p50 ${(ours.latP50 / peer.latP50).toFixed(2)}×, p99 ${(ours.latP99 / peer.latP99).toFixed(2)}×, CPU per delivery ${(medCpu(runs.ours) / medCpu(runs[name])).toFixed(2)}×, RSS ${(ours.serverRssMB / peer.serverRssMB).toFixed(2)}×${peer.finished ? "" : ` (${name} stopped early: its p50/p99 are of the edits it delivered to everyone)`}`);
  }
  return ok;
}
