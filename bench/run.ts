/**
 * `npm run bench`: measurements against a naive baseline in the same run, printed as ratios
 * (DESIGN.md, "Tests and measurements"). Loopback only; bounded in count and time.
 * Knobs: BENCH_UNITS (160, ≤ 500: two tablets each), BENCH_FOLLOWERS (1500), BENCH_BURST_MS (1000), BENCH_VOTES_NAIVE=0 (ours only,
 * one JSON line), BENCH_DEADLINE_SECONDS; the Yjs knobs are in bench/yjs.ts.
 * `npm run bench -- <name>` runs one of them (see BENCHES; `redis`: Redis mode vs SQLite mode, one instance vs two, bench/redis.ts).
 */
import { formatVoteTable, runVoteBurst, type VoteBenchOptions } from "./votes";
import { runYjsBench, yjsOptionsFromEnv } from "./yjs";
import { runYjsScaleBench } from "./yjs/scale";
import { runYjsAttackBench } from "./yjs-attacks";
import { runYjsRedisBench } from "./yjs-redis";
import { runYjsLoadBench } from "./yjs-load";
import { runRssBench } from "./rss";
import { runRedisBench } from "./redis";
import { runStoreWorkerBench } from "./store-worker";
import { runMeetingsBench } from "./meetings";

const BENCHES = ["votes", "yjs", "yjs-attacks", "yjs-redis", "yjs-load", "rss", "scale", "redis", "store-worker", "meetings"] as const;

/** The whole run ends by itself within four minutes (the scale group: fifteen), or fails loudly. */
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? 0) * 1000 || (process.argv[2] === "scale" ? 900_000 * Math.max(1, Number(process.env.BENCH_SCALE_REPEAT ?? 1) || 1) : 240_000);

const num = (name: string, fallback: number, max: number) => Math.min(max, Math.max(1, Number(process.env[name] ?? fallback) || fallback));

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    process.stderr.write(`bench: not finished after ${DEADLINE_MS / 1000} s, stopping\n`);
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();
  const only = process.argv[2];
  if (only !== undefined && !(BENCHES as readonly string[]).includes(only)) throw new Error(`unknown bench ${only}; one of ${BENCHES.join(", ")}`);
  let ok = true;
  if (only === undefined || only === "votes") ok = (await runVotes()) && ok;
  if (only === undefined || only === "yjs") ok = (await runYjsBench(yjsOptionsFromEnv())) && ok;
  if (only === undefined || only === "yjs-attacks") ok = (await runYjsAttackBench()) && ok;
  if (only === undefined || only === "yjs-redis") ok = (await runYjsRedisBench()) && ok;
  if (only === undefined || only === "yjs-load") ok = (await runYjsLoadBench()) && ok;
  if (only === undefined || only === "rss") ok = (await runRssBench()) && ok;
  // Minutes long: only when asked for.
  if (only === "scale") ok = (await runYjsScaleBench()) && ok;
  if (only === undefined || only === "redis") ok = (await runRedisBench()) && ok;
  if (only === undefined || only === "store-worker") ok = (await runStoreWorkerBench()) && ok;
  if (only === undefined || only === "meetings") ok = (await runMeetingsBench()) && ok;
  process.exit(ok ? 0 : 1);
}

async function runVotes(): Promise<boolean> {
  const opts: VoteBenchOptions = {
    units: num("BENCH_UNITS", 160, 500),
    followers: num("BENCH_FOLLOWERS", 1500, 3000),
    burstMs: num("BENCH_BURST_MS", 1000, 5000),
    timeoutMs: 40_000,
  };
  if (process.env.BENCH_VOTES_NAIVE === "0") {
    // Ours only, one JSON line: for before/after runs of two trees, alternated by a script.
    const r = await runVoteBurst("coalesced", opts);
    process.stdout.write(`JSON ${JSON.stringify(r)}\n`);
    return r.lost + r.duplicated === 0;
  }
  process.stdout.write(`Running the vote burst twice (coalesced, then the naive baseline)…\n`);
  const coalesced = await runVoteBurst("coalesced", opts);
  const naive = await runVoteBurst("naive", opts);
  process.stdout.write(`\n${formatVoteTable(opts, coalesced, naive)}\n`);
  if (coalesced.lost + coalesced.duplicated + naive.lost + naive.duplicated > 0) {
    process.stderr.write("bench: ballots were lost or duplicated\n");
    return false;
  }
  return true;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
