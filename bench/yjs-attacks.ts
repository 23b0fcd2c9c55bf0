/**
 * `npm run bench -- yjs-attacks`: what hostile Yjs messages cost the server, against the naive path.
 * - 100,000 content-less client ids in one ~900 kB message from the follow link, and 20,000 (under the
 *   size limit) from a delegate: time until the refusal, and /api/health latency meanwhile. Baseline:
 *   the old check's work on the same message (parse, apply to a scratch copy, one store lookup per id;
 *   the old path then also inserted one binding per id, timed here for 2,000 ids).
 * - 5,000 sync requests: bytes the abuser draws before it is closed, against 5,000 full replies.
 * - 2,000 awareness messages: how many the server applies and relays before it closes the abuser.
 * Runs the real server in this process (so a stalled event loop shows in /api/health).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import demo from "../shared/definition/demo-cum8-2021.json";
import { parseConfig } from "../server/config";
import { CLOSE_CODES } from "../shared/protocol/errors";
import { startServer, type RunningServer } from "../server/app";
import { log } from "../server/log";
import { newClientsIn } from "../server/yjs/changes";

const ADMIN = "bench-admin-token-0123456789";

interface Raw {
  ws: WebSocket;
  bytes: () => number;
  refusals: string[];
  awarenessIn: () => number;
  closed: Promise<{ code: number; at: number }>;
}

function connect(server: RunningServer, meetingId: string, doc: string, link: string): Promise<Raw> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/yjs/${meetingId}/${doc}?token=${link.split("/join/")[1]}`);
  ws.binaryType = "arraybuffer";
  let bytes = 0;
  let awareness = 0;
  const refusals: string[] = [];
  const closed = new Promise<{ code: number; at: number }>((resolve) => ws.on("close", (code) => resolve({ code, at: performance.now() })));
  ws.on("error", () => undefined);
  return new Promise((resolve) => {
    ws.on("message", (data: ArrayBuffer) => {
      const m = new Uint8Array(data);
      bytes += m.length;
      const d = decoding.createDecoder(m);
      const type = decoding.readVarUint(d);
      if (type === 1) awareness++;
      if (type === 2) {
        decoding.readVarUint(d);
        refusals.push(decoding.readVarString(d));
      }
      if (type === 0) resolve({ ws, bytes: () => bytes, refusals, awarenessIn: () => awareness, closed });
    });
  });
}

const frame = (type: number, sub: number | null, payload: Uint8Array) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, type);
    if (sub !== null) encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
  });

function contentless(n: number, seed: number): { update: Uint8Array; ids: number[] } {
  const ids: number[] = [];
  let x = seed >>> 0;
  const seen = new Set<number>();
  while (ids.length < n) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    const id = (x & 0x3fffffff) | 0x20000000;
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(id);
  }
  const update = encoding.encode((e) => {
    encoding.writeVarUint(e, n);
    for (const id of ids) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 0);
      encoding.writeVarUint(e, 1);
    }
    encoding.writeVarUint(e, 0);
  });
  return { update, ids };
}

/** Pings /api/health every 5 ms until `until` settles; the slowest answer. */
async function healthWhile(server: RunningServer, until: Promise<unknown>): Promise<number> {
  let done = false;
  void until.finally(() => (done = true));
  let worst = 0;
  do {
    const t = performance.now();
    const r = await fetch(`${server.url}/api/health`);
    await r.arrayBuffer();
    worst = Math.max(worst, performance.now() - t);
    await new Promise((r) => setTimeout(r, 5));
  } while (!done);
  return worst;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function runYjsAttackBench(): Promise<boolean> {
  log.setLevel("silent");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-attacks-"));
  const parsed = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", ADMIN_TOKEN: ADMIN });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = await startServer(parsed.config);
  try {
    const res = await fetch(`${server.url}/api/meetings`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(demo) });
    const m = (await res.json()) as { meetingId: string; links: { public: string; chair: string; delegates: Record<string, string[]> } };
    const rows: [string, string, string][] = [];

    // 1. 100,000 ids, ~900 kB, from the follow link (three times: the first run also warms up).
    const big = contentless(100_000, 3);
    const runs: { code: number; ms: number; worst: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const follower = await connect(server, m.meetingId, "scores", m.links.public);
      const t0 = performance.now();
      follower.ws.send(frame(0, 2, big.update));
      const closed = follower.closed.then((c) => ({ code: c.code, ms: c.at - t0 }));
      const worst = await healthWhile(server, closed);
      runs.push({ ...(await closed), worst });
    }
    const c1 = { code: runs[0]!.code, ms: [...runs].sort((a, b) => a.ms - b.ms)[1]!.ms };
    rows.push([
      `100,000 ids (${(big.update.length / 1000).toFixed(0)} kB), follow link`,
      `closed ${c1.code} after ${runs.map((r) => ms(r.ms)).join(", ")} (send included)`,
      `/api/health worst ${ms(Math.max(...runs.map((r) => r.worst)))}`,
    ]);

    // 2. 20,000 ids under the size limit, from a delegate: refused from the update's header.
    const mid = contentless(20_000, 5);
    const delegate = await connect(server, m.meetingId, "scores", m.links.delegates.STP![0]!);
    const t1 = performance.now();
    delegate.ws.send(frame(0, 2, mid.update));
    const refused = new Promise<number>((resolve) => {
      const poll = () => (delegate.refusals.length ? resolve(performance.now() - t1) : setImmediate(poll));
      poll();
    });
    const worst2 = await healthWhile(server, refused);
    rows.push([`20,000 ids (${(mid.update.length / 1000).toFixed(0)} kB), delegate`, `refused ${delegate.refusals[0]!.split("\n")[0]!.slice(0, 24)}… after ${ms(await refused)}`, `/api/health worst ${ms(worst2)}`]);
    delegate.ws.close();

    // Baseline: the old check on the 100,000-id message (parse, apply to a copy, a lookup per id), and inserts.
    const scratch = new Y.Doc();
    const tb = performance.now();
    const clients = newClientsIn(big.update, new Map());
    for (const id of clients) await server.store.clientBinding(m.meetingId, "scores", id);
    Y.applyUpdate(scratch, big.update);
    const naiveCheck = performance.now() - tb;
    const ti = performance.now();
    for (const id of big.ids.slice(0, 2000)) await server.store.bindClient("bench-baseline", "scores", id, "public");
    const insertPerId = (performance.now() - ti) / 2000;
    rows.push(["naive: old check of 100,000 ids", `${ms(naiveCheck)} (+ ${ms(insertPerId * 100_000)} of inserts at ${insertPerId.toFixed(3)} ms each)`, `ratio ≈ ${((naiveCheck + insertPerId * 100_000) / Math.max(c1.ms, 0.1)).toFixed(0)}×`]);

    // 3. 5,000 sync requests.
    const flooder = await connect(server, m.meetingId, "scores", m.links.public);
    const docBytes = frame(0, 1, Y.encodeStateAsUpdate(await loadLive(server, m.meetingId))).length;
    const start = flooder.bytes();
    const sv = frame(0, 0, new Uint8Array([0]));
    for (let i = 0; i < 5000 && flooder.ws.readyState === WebSocket.OPEN; i++) flooder.ws.send(sv);
    const c3 = await flooder.closed;
    const drawn = flooder.bytes() - start;
    rows.push(["5,000 sync requests, follow link", `closed ${c3.code}; ${(drawn / 1000).toFixed(1)} kB drawn`, `naive ${((5000 * docBytes) / 1e6).toFixed(1)} MB (${((5000 * docBytes) / Math.max(drawn, 1)).toFixed(0)}×)`]);

    // 4. 2,000 awareness messages, one watcher counting relays.
    const watcher = await connect(server, m.meetingId, "pledge", m.links.chair);
    const talker = await connect(server, m.meetingId, "pledge", m.links.delegates.DUK![0]!);
    const before = watcher.awarenessIn();
    for (let i = 1; i <= 2000 && talker.ws.readyState === WebSocket.OPEN; i++)
      talker.ws.send(
        frame(
          1,
          null,
          encoding.encode((e) => {
            encoding.writeVarUint(e, 1);
            encoding.writeVarUint(e, 99);
            encoding.writeVarUint(e, i);
            encoding.writeVarString(e, JSON.stringify({ user: { name: "Chủ trì", field: `f${i}` } }));
          }),
        ),
      );
    const c4 = await talker.closed;
    await new Promise((r) => setTimeout(r, 300));
    rows.push(["2,000 awareness messages, delegate", `closed ${c4.code}`, `${watcher.awarenessIn() - before} relayed to the chair (naive: 2,000)`]);
    watcher.ws.close();

    const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    process.stdout.write(`\nHostile Yjs messages (real server, this process)\n${rows.map((r) => r.map((c, i) => c.padEnd(width[i]!)).join(" | ")).join("\n")}\n`);
    return runs.every((r) => r.code === 1009) && c3.code === CLOSE_CODES.OVER_BUDGET && c4.code === CLOSE_CODES.OVER_BUDGET;
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The scores document as stored (what a sync request with an empty state vector draws). */
async function loadLive(server: RunningServer, meetingId: string): Promise<Y.Doc> {
  const stored = await server.store.loadDoc(meetingId, "scores");
  const doc = new Y.Doc();
  for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
  return doc;
}
