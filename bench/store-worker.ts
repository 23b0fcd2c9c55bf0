/**
 * Item 2 of issue 12 (`npm run bench -- store-worker`): does moving the SQLite writes of Yjs updates to a
 * worker thread pay? One meeting floods its score document (drains of 8 updates appended back to back,
 * each awaited before the next, as a document's queue does) while another meeting commits a small write
 * every 20 ms on the main thread (standing for its ballots: a SQLite transaction with its WAL sync, then
 * the acknowledgement) and a 10 ms timer measures the event loop's lag. Three runs in one process on one
 * data folder: no flood (the floor), the flood inline (SqliteStore.appendDocUpdates, what the server
 * does), and the flood in a worker thread holding its own connection to the same file (same pragmas,
 * same transaction; the reply comes after the commit, so acknowledged = durable would still hold).
 * The other meeting's writes stay on the main connection in every run: with two connections the WAL's
 * single writer lock is shared between them, which is the cost the worker cannot hide.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { SqliteStore } from "../server/storage/sqlite";

const FLOOD_MS = Number(process.env.BENCH_STORE_FLOOD_MS ?? 5000);
const DRAIN = 8;
const UPDATE_BYTES = 120;
const BALLOT_EVERY_MS = 20;
const LAG_EVERY_MS = 10;

const WORKER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("INSERT INTO yjs_updates (meeting_id, doc, data) VALUES (?, ?, ?)");
const append = db.transaction((meetingId, doc, updates) => {
  let last = 0;
  for (const u of updates) last = Number(insert.run(meetingId, doc, Buffer.from(u.buffer, u.byteOffset, u.byteLength)).lastInsertRowid);
  return last;
});
parentPort.on("message", (m) => {
  try { parentPort.postMessage({ id: m.id, seq: append(m.meetingId, m.doc, m.updates) }); }
  catch (err) { parentPort.postMessage({ id: m.id, error: String(err) }); }
});
`;

interface RunResult {
  mode: string;
  drainsPerSecond: number;
  drainMs: number[];
  ballotMs: number[];
  lagMs: number[];
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const drain = () => Array.from({ length: DRAIN }, () => new Uint8Array(randomBytes(UPDATE_BYTES)));

async function run(mode: "none" | "inline" | "worker", store: SqliteStore, file: string): Promise<RunResult> {
  let worker: Worker | null = null;
  const pending = new Map<number, (v: number) => void>();
  let nextId = 0;
  if (mode === "worker") {
    worker = new Worker(WORKER_CODE, { eval: true, workerData: { file, sqlite: createRequire(import.meta.url).resolve("better-sqlite3") } });
    worker.on("message", (m: { id: number; seq?: number; error?: string }) => {
      if (m.error) throw new Error(m.error);
      pending.get(m.id)!(m.seq!);
      pending.delete(m.id);
    });
    await new Promise((r) => worker!.once("online", r));
  }
  const appendInWorker = (updates: Uint8Array[]) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker!.postMessage({ id, meetingId: "flooding", doc: "scores", updates });
    });

  const result: RunResult = { mode, drainsPerSecond: 0, drainMs: [], ballotMs: [], lagMs: [] };
  const start = performance.now();
  const end = start + FLOOD_MS;
  let drains = 0;
  const flood = (async () => {
    if (mode === "none") return;
    while (performance.now() < end) {
      const t = performance.now();
      const updates = drain();
      if (mode === "inline") await store.appendDocUpdates("flooding", "scores", updates);
      else await appendInWorker(updates);
      result.drainMs.push(performance.now() - t);
      drains++;
      // The queue's next drain starts on a later turn (what DocRoom does after a broadcast).
      await new Promise((r) => setImmediate(r));
    }
  })();
  // The other meeting: a write every 20 ms, timed from when it was due (waiting for the loop counts).
  const ballots = (async () => {
    for (let due = start + BALLOT_EVERY_MS; due < end; due += BALLOT_EVERY_MS) {
      await sleep(Math.max(0, due - performance.now()));
      await store.appendDocUpdates("other", "scores", [new Uint8Array(randomBytes(40))]);
      result.ballotMs.push(performance.now() - due);
    }
  })();
  const lag = (async () => {
    for (let due = start + LAG_EVERY_MS; due < end; due += LAG_EVERY_MS) {
      await sleep(Math.max(0, due - performance.now()));
      result.lagMs.push(Math.max(0, performance.now() - due));
    }
  })();
  await Promise.all([flood, ballots, lag]);
  result.drainsPerSecond = drains / ((performance.now() - start) / 1000);
  await worker?.terminate();
  return result;
}

export async function runStoreWorkerBench(): Promise<boolean> {
  process.stdout.write(`Store on the event loop vs in a worker: one meeting floods (drains of ${DRAIN} updates) for ${FLOOD_MS} ms, another writes every ${BALLOT_EVERY_MS} ms…\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-storeworker-"));
  const store = new SqliteStore(dataDir);
  const file = path.join(dataDir, "concord.sqlite");
  try {
    const rows: RunResult[] = [];
    for (const mode of ["none", "inline", "worker", "inline", "worker", "inline", "worker", "none"] as const) rows.push(await run(mode, store, file));
    const f = (n: number) => (Number.isNaN(n) ? "—" : n.toFixed(1));
    const lines = [
      `${"flood".padEnd(8)}${"drains/s".padStart(10)}${"drain p50/p99 ms".padStart(18)}${"other write p50/p99 ms".padStart(24)}${"loop lag p50/p99 ms".padStart(21)}`,
    ];
    for (const r of rows)
      lines.push(
        `${r.mode.padEnd(8)}${r.drainsPerSecond.toFixed(0).padStart(10)}${`${f(pct(r.drainMs, 50))} / ${f(pct(r.drainMs, 99))}`.padStart(18)}${`${f(pct(r.ballotMs, 50))} / ${f(pct(r.ballotMs, 99))}`.padStart(24)}${`${f(pct(r.lagMs, 50))} / ${f(pct(r.lagMs, 99))}`.padStart(21)}`,
      );
    process.stdout.write(`\n${lines.join("\n")}\n`);
    return true;
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
