/**
 * What storing secret ballots safely costs per cast (docs/architecture.md, "Secret ballots on disk"):
 * each secret cast rewrites the poll's ballot set and checkpoints + truncates the WAL before the ack;
 * a show-of-hands cast rewrites the set but leaves the WAL to SQLite's auto-checkpoint (the baseline).
 * Measured on the store, in this process, on a real data folder: `npx tsx bench/secret-ballots.ts`
 * (knob: BENCH_SECRET_UNITS, default "60,200").
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import demoDefinition from "../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../shared/definition/schema";
import { parseConfig } from "../server/config";
import { startServer } from "../server/app";
import { log } from "../server/log";
import type { PollRecord } from "../server/storage/polls";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main(): Promise<void> {
  log.setLevel("warn");
  const sizes = (process.env.BENCH_SECRET_UNITS ?? "60,200").split(",").map(Number);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-secret-"));
  const parsed = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", LOG_LEVEL: "warn" });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = await startServer(parsed.config);
  const store = server.ctx.store;
  const rows: string[] = [];
  try {
    for (const units of sizes) {
      const def = structuredClone(demoDefinition) as unknown as MeetingDefinition;
      const codes = Array.from({ length: units }, (_, i) => `U${String(i + 1).padStart(3, "0")}`);
      def.units = codes.map((code, i) => ({ code, name: `Đơn vị ${i + 1}`, shortName: `ĐV ${i + 1}`, headTitle: "Giám đốc", role: i === 0 ? "head" : i === 1 ? "deputy" : "member" }));
      def.scores = [];
      const { meetingId } = await server.service.create(def);
      // Every unit recorded present (the store refuses a ballot from a unit that is not: NOT_PRESENT).
      const state = (await store.getMeetingState(meetingId))!;
      await store.commitMeetingState(meetingId, { ...state, marks: Object.fromEntries(codes.map((c) => [c, "present" as const])) }, { actor: "bench", type: "rollcall.marked", data: { unit: codes[0]!, mark: "present" } });
      const perCast: Record<string, number[]> = {};
      for (const visibility of ["open", "secret"] as const) {
        const poll: PollRecord = {
          meetingId, id: `bench-${visibility}`, kind: "motion", visibility, subject: "other", title: "Bench", candidates: [], excluded: [],
          threshold: def.rules.threshold, base: def.rules.base, state: "draft", round: 1, createdAt: Date.now(), openedAt: null, closedAt: null,
          publishedAt: null, voidedAt: null, voidReason: null, membersAtClose: null, presentAtClose: null, presentUnitsAtOpen: null,
          presentUnitsAtClose: null, stateChanges: 0, published: null,
        };
        const { meetingId: _m, createdAt: _c, published: _p, stateChanges: _s, ...described } = poll;
        await store.createPoll(poll, { actor: "bench", type: "poll.created", data: described });
        await store.updatePoll(meetingId, poll.id, ({ poll: p }) => ({
          result: null,
          poll: { ...p, state: "open", openedAt: Date.now(), stateChanges: p.stateChanges + 1 },
          journal: [{ actor: "bench", type: "poll.opened", data: { pollId: poll.id, present: codes.length, members: codes.length, presentUnits: codes } }],
        }));
        const times: number[] = [];
        for (const unit of codes) {
          const t0 = performance.now();
          const out = await store.castBallot(meetingId, poll.id, { unit, linkId: "bench", opId: randomUUID(), ballot: { choice: ["for", "against", "abstain"][Math.floor(Math.random() * 3)] }, actor: "bench", now: Date.now() });
          times.push(performance.now() - t0);
          if (out.kind !== "cast") throw new Error(`cast refused: ${out.kind}`);
        }
        perCast[visibility] = times.sort((a, b) => a - b);
      }
      const o = perCast.open!;
      const s = perCast.secret!;
      rows.push(
        `| ${units} | ${percentile(o, 50).toFixed(2)} / ${percentile(o, 95).toFixed(2)} | ${percentile(s, 50).toFixed(2)} / ${percentile(s, 95).toFixed(2)} | ${(percentile(s, 50) / percentile(o, 50)).toFixed(1)}× |`,
      );
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(["Store cast time, ms (median / p95), one poll of N units cast in turn:", "| units | show of hands (baseline) | secret (set + WAL truncate) | median ratio |", "|---|---|---|---|", ...rows, ""].join("\n"));
}

void main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
