/**
 * What one ballot costs at the storage boundary, SQLite against Redis (appendfsync always, a Redis this
 * script starts in a temporary folder), for a show of hands and a secret poll: `npx tsx bench/poll-store.ts`
 * (knob: BENCH_POLL_UNITS, default 60). Each cast is the whole atomic operation (retry check, open,
 * present, one per unit, ballot, journal entry; SQLite also truncates the WAL after a secret cast,
 * Redis seals the secret ballot). Also: two store instances casting for the same unit at once.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import demo from "../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../shared/definition/schema";
import { log } from "../server/log";
import { BallotSeal } from "../server/storage/ballot-seal";
import type { PollRecord } from "../server/storage/polls";
import { RedisStore } from "../server/storage/redis/store";
import { SqliteStore } from "../server/storage/sqlite";
import type { Store } from "../server/storage/store";
import { startRedis } from "../tests/helpers/redis";
import { tempDataDir } from "../tests/helpers/server";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (t: number[]) => `${percentile(t, 50).toFixed(2)} / ${percentile(t, 95).toFixed(2)}`;

async function meeting(store: Store, units: string[]): Promise<string> {
  const id = `bench${randomUUID().slice(0, 8)}`;
  const def = structuredClone(demo) as unknown as MeetingDefinition;
  def.units = units.map((code, i) => ({ code, name: `Đơn vị ${i + 1}`, shortName: `ĐV ${i + 1}`, headTitle: "Giám đốc", role: i === 0 ? "head" : i === 1 ? "deputy" : "member" }));
  await store.createMeeting({
    meeting: { id, definition: def, isDemo: false, createdAt: Date.now() },
    links: [],
    state: { agendaIndex: 0, screen: "welcome", marks: Object.fromEntries(units.map((u) => [u, "present" as const])) },
    docs: [],
    journal: { actor: "bench", type: "meeting.created", data: { title: def.conference.title, units, links: 0 } },
  });
  return id;
}

async function openPoll(store: Store, meetingId: string, id: string, visibility: "open" | "secret"): Promise<void> {
  const poll: PollRecord = {
    meetingId, id, kind: "motion", visibility, subject: "other", title: "Bench", candidates: [], excluded: [],
    threshold: { comparison: "gt", numerator: 1, denominator: 2 }, base: "members", state: "draft", round: 1, createdAt: Date.now(), openedAt: null,
    closedAt: null, publishedAt: null, voidedAt: null, voidReason: null, membersAtClose: null, presentAtClose: null, presentUnitsAtOpen: null,
    presentUnitsAtClose: null, stateChanges: 0, published: null,
  };
  const { meetingId: _m, createdAt: _c, published: _p, stateChanges: _s, ...described } = poll;
  await store.createPoll(poll, { actor: "bench", type: "poll.created", data: described });
  // The entry's attendance is not read by the store; the bench measures the write.
  const attendance = { pollId: id, present: 0, members: 0, presentUnits: [] };
  await store.updatePoll(meetingId, id, ({ poll: p }) => ({ result: null, poll: { ...p, state: "open", stateChanges: p.stateChanges + 1 }, journal: [{ actor: "bench", type: "poll.opened", data: attendance }] }));
}

async function measure(name: string, a: Store, b: Store, units: string[]): Promise<string[]> {
  const rows: string[] = [];
  const id = await meeting(a, units);
  for (const visibility of ["open", "secret"] as const) {
    await openPoll(a, id, `p-${visibility}`, visibility);
    const times: number[] = [];
    for (const unit of units) {
      const t0 = performance.now();
      const out = await a.castBallot(id, `p-${visibility}`, { unit, linkId: "bench", opId: randomUUID(), ballot: { choice: "for" }, actor: "bench", now: Date.now() });
      times.push(performance.now() - t0);
      if (out.kind !== "cast") throw new Error(`refused: ${out.kind}`);
    }
    const t0 = performance.now();
    await a.updatePoll(id, `p-${visibility}`, ({ poll: p }) => ({ result: null, poll: { ...p, state: "closed", stateChanges: p.stateChanges + 1 }, journal: [{ actor: "bench", type: "poll.closed", data: { pollId: `p-${visibility}`, present: units.length, members: units.length, presentUnits: units } }] }));
    const closeMs = performance.now() - t0;
    rows.push(`| ${name} | ${visibility} | ${fmt(times.sort((x, y) => x - y))} | ${closeMs.toFixed(2)} |`);
  }
  // A unit's two tablets on two instances at the same moment: one ballot each round.
  const races: number[] = [];
  for (let r = 0; r < 50; r++) {
    await openPoll(a, id, `race${r}`, "open");
    const t0 = performance.now();
    const outs = await Promise.all([a, b].map((s, i) => s.castBallot(id, `race${r}`, { unit: units[0]!, linkId: "bench", opId: `o${r}-${i}`, ballot: { choice: "for" }, actor: "bench", now: Date.now() })));
    races.push(performance.now() - t0);
    if (outs.filter((o) => o.kind === "cast").length !== 1) throw new Error("race: not exactly one ballot");
  }
  rows.push(`| ${name} | race (2 instances, same unit, 50×) | ${fmt(races.sort((x, y) => x - y))} | – |`);
  return rows;
}

async function main(): Promise<void> {
  log.setLevel("warn");
  const n = Number(process.env.BENCH_POLL_UNITS ?? 60);
  const units = Array.from({ length: n }, (_, i) => `U${String(i + 1).padStart(3, "0")}`);
  const rows: string[] = [];
  const dir = tempDataDir();
  const sa = new SqliteStore(dir);
  const sb = new SqliteStore(dir);
  try {
    rows.push(...(await measure("SQLite", sa, sb, units)));
  } finally {
    await sa.close();
    await sb.close();
  }
  const redis = await startRedis();
  const seal = new BallotSeal(Buffer.from("bench-link-secret-0123456789abcdef0123"));
  const ra = await RedisStore.open(redis.url, { ballotSeal: seal });
  const rb = await RedisStore.open(redis.url, { ballotSeal: seal });
  try {
    rows.push(...(await measure("Redis (AOF always)", ra, rb, units)));
  } finally {
    await ra.close();
    await rb.close();
    await redis.stop();
  }
  process.stdout.write([`Store cast time, ms (median / p95), ${n} units cast in turn; close of that poll, ms:`, "| store | poll | cast | close |", "|---|---|---|---|", ...rows, ""].join("\n"));
}

void main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
