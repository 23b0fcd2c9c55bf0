/**
 * Yjs in Redis mode against SQLite mode, same run: one writer's edits, one at a time, each timed from the local
 * change until a follower's document shows it — on the same instance (the ack path: check, store, broadcast) and,
 * in Redis mode, on a second instance (stream, XREAD, apply, broadcast). Servers and clients share this process, so
 * the CPU figure is the whole process per update (clients included). Redis is started here (AOF always).
 * Knob: BENCH_YJS_REDIS_UPDATES (300).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as Y from "yjs";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import { parseConfig } from "../server/config";
import { startServer } from "../server/app";
import { log } from "../server/log";
import { MeetingService } from "../server/meetings/service";
import type { MeetingDefinition } from "../shared/definition/schema";
import { unitNotes } from "../shared/documents/layout";
import demoDefinition from "../shared/definition/demo-cum8-2021.json";
import { startRedis } from "../tests/helpers/redis";
import { startYjsInstance } from "../tests/helpers/yjs-instance";
import type { Store } from "../server/storage/store";

/** Writers the edits rotate over: each stays well inside its connection's update budget. */
const WRITERS = 12;

interface Figures {
  label: string;
  sameMs: number[];
  otherMs: number[];
  cpuMsPerUpdate: number;
}

async function provider(port: number, meetingId: string, token: string): Promise<{ doc: Y.Doc; destroy: () => void }> {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs/${meetingId}`, "scores", doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const start = Date.now();
  while (!p.synced) {
    if (Date.now() - start > 10_000) throw new Error("provider did not sync");
    await new Promise((r) => setTimeout(r, 5));
  }
  return { doc, destroy: () => (p.destroy(), doc.destroy()) };
}

const notesOf = (doc: Y.Doc) => unitNotes(doc, "BDT")!;

/** Resolves when `key` appears in the follower's notes. */
function arrival(doc: Y.Doc, key: string): Promise<number> {
  const map = notesOf(doc);
  if (map.has(key)) return Promise.resolve(performance.now());
  return new Promise((resolve) => {
    const on = (e: Y.YMapEvent<string>) => {
      if (!e.keysChanged.has(key)) return;
      map.unobserve(on);
      resolve(performance.now());
    };
    map.observe(on);
  });
}

async function measure(label: string, ports: { writer: number; same: number; other: number | null }, meetingId: string, chairToken: string, publicToken: string, n: number): Promise<Figures> {
  const writers = await Promise.all(Array.from({ length: WRITERS }, () => provider(ports.writer, meetingId, chairToken)));
  const same = await provider(ports.same, meetingId, publicToken);
  const other = ports.other === null ? null : await provider(ports.other, meetingId, publicToken);
  const sameMs: number[] = [];
  const otherMs: number[] = [];
  // Warm-up: first writes bind client ids and load code paths.
  for (let i = 0; i < WRITERS; i++) {
    const key = `warm${i}`;
    const seen = arrival(same.doc, key);
    notesOf(writers[i]!.doc).set(key, "warm");
    await seen;
  }
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const key = `k${i}`;
    const seenSame = arrival(same.doc, key);
    const seenOther = other ? arrival(other.doc, key) : null;
    const t0 = performance.now();
    notesOf(writers[i % WRITERS]!.doc).set(key, `value ${i}`);
    sameMs.push((await seenSame) - t0);
    if (seenOther) otherMs.push((await seenOther) - t0);
  }
  const used = process.cpuUsage(cpu);
  for (const c of [...writers, same, ...(other ? [other] : [])]) c.destroy();
  return { label, sameMs, otherMs, cpuMsPerUpdate: (used.user + used.system) / 1000 / n };
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => (Number.isNaN(x) ? "—" : `${x.toFixed(2)} ms`);

async function createIn(store: Store): Promise<{ meetingId: string; chair: string; pub: string }> {
  const created = await new MeetingService(store, Buffer.alloc(32, 7), "http://127.0.0.1").create(structuredClone(demoDefinition) as unknown as MeetingDefinition);
  const token = (link: string) => link.split("/join/")[1]!;
  return { meetingId: created.meetingId, chair: token(created.links.chair), pub: token(created.links.public) };
}

export async function runYjsRedisBench(): Promise<boolean> {
  process.setMaxListeners(Math.max(process.getMaxListeners(), 64));
  log.setLevel("silent");
  const n = Math.min(2000, Math.max(10, Number(process.env.BENCH_YJS_REDIS_UPDATES ?? 300) || 300));
  process.stdout.write(`Yjs: ${n} sequential edits, SQLite mode then Redis mode (two instances)…\n`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-"));
  const parsed = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", ADMIN_TOKEN: "bench-admin-token-0123456789", LOG_LEVEL: "silent" });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const sqlite = await startServer(parsed.config);
  let sqliteFigures: Figures;
  try {
    const m = await createIn(sqlite.store);
    sqliteFigures = await measure("SQLite, one process", { writer: sqlite.port, same: sqlite.port, other: null }, m.meetingId, m.chair, m.pub, n);
  } finally {
    await sqlite.close();
  }

  const redis = await startRedis();
  const a = await startYjsInstance(redis.url);
  const b = await startYjsInstance(redis.url);
  let redisFigures: Figures;
  try {
    const m = await createIn(a.store);
    redisFigures = await measure("Redis, two instances", { writer: a.port, same: a.port, other: b.port }, m.meetingId, m.chair, m.pub, n);
  } finally {
    await a.close();
    await b.close();
    await redis.stop();
  }

  const rows = [sqliteFigures, redisFigures].map((f) =>
    [f.label.padEnd(22), ms(pct(f.sameMs, 50)).padStart(10), ms(pct(f.sameMs, 95)).padStart(10), ms(pct(f.otherMs, 50)).padStart(10), ms(pct(f.otherMs, 95)).padStart(10), ms(f.cpuMsPerUpdate).padStart(10)].join(" "),
  );
  process.stdout.write(
    [
      "",
      `${"mode".padEnd(22)} ${"same p50".padStart(10)} ${"same p95".padStart(10)} ${"other p50".padStart(10)} ${"other p95".padStart(10)} ${"CPU/upd".padStart(10)}`,
      ...rows,
      `Redis / SQLite, same-instance p50: ${(pct(redisFigures.sameMs, 50) / pct(sqliteFigures.sameMs, 50)).toFixed(2)}× (Redis minus SQLite: ${ms(pct(redisFigures.sameMs, 50) - pct(sqliteFigures.sameMs, 50))} per update; SQLite fsyncs on the event loop, Redis in its own process)`,
      "(same: a follower on the writer's instance; other: on the second instance; CPU: this whole process, clients included)",
      "",
    ].join("\n"),
  );
  return redisFigures.sameMs.length === n && redisFigures.otherMs.length === n;
}
