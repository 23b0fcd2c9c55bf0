import { fork, type ChildProcess } from "node:child_process";
import { MAX_REFUSALS } from "../server/yjs/endpoint";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { io as ioClient } from "socket.io-client";
import WebSocket, { WebSocketServer } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import demoDefinition from "../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../shared/definition/schema";
import { EVENTS } from "../shared/protocol/events";

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
export interface YjsBenchOptions {
  cellsPerDelegate: number;
  followers: number;
  burstMs: number;
  hostileWrites: number;
  /** Per run: a stuck run ends with an error instead of hanging. */
  timeoutMs: number;
}

type ServerKind = "ours" | "naive";

export interface YjsBenchResult {
  server: ServerKind;
  hostile: boolean;
  writes: number;
  latP50: number;
  latP95: number;
  latP99: number;
  allSeenMs: number;
  updatesPerSecond: number;
  serverCpuMs: number;
  serverCpuPerUpdateMs: number;
  serverBusyPercent: number;
  serverBusyPerUpdateMs: number;
  serverRssMB: number;
  clientsCpuMs: number;
  rowsAppended: number;
  yjsKBytes: number;
  fileKBytes: number;
  refused: number;
  lost: number;
  hostileRefused: number;
  hostileLeaked: number;
}

interface ChildReady {
  type: "ready";
  port: number;
  meetingId: string;
  chair: string;
  followers: string[];
  delegates: Record<string, string[]>;
}
interface ChildUsage {
  type: "usage";
  cpuMicros: number;
  /** Event-loop time so far: busy (including synchronous SQLite calls and fsync) and idle. */
  loopActiveMs: number;
  loopIdleMs: number;
  rssBytes: number;
  /** concord.sqlite plus its write-ahead log. */
  fileBytes: number;
  /** Rows ever appended to yjs_updates (AUTOINCREMENT counter; compaction deletes rows). */
  updateSeq: number;
  /** Yjs bytes held now: update rows plus snapshots. */
  yjsBytes: number;
}
interface ChildStored {
  type: "stored";
  /** unit → self-layer cells, as loaded from the database alone. */
  self: Record<string, Record<string, unknown>>;
  clients: number[];
}

const HERE = fileURLToPath(import.meta.url);
const DEFINITION = demoDefinition as unknown as MeetingDefinition;
/** The hostile tablet's Yjs client id: fixed, so "nothing it sent was stored" can be looked up. */
const HOSTILE_CLIENT = 0x7eadbeef;
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;

const tokenOf = (link: string) => link.split("/join/")[1]!;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const loopTime = () => {
  const { active, idle } = nodePerformance.eventLoopUtilization();
  return { loopActiveMs: active, loopIdleMs: idle };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const selfLayer = (doc: Y.Doc, unit: string) =>
  (doc.getMap("units").get(unit) as Y.Map<Y.Map<unknown>>).get("self") as Y.Map<unknown>;

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`bench: timed out: ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------- servers (child process)

/** Our server with the demo meeting, a temp data folder and a read-only look at its database. */
async function serveOurs(): Promise<void> {
  const [{ parseConfig }, { startServer }, { log }, { default: Database }] = await Promise.all([
    import("../server/config"),
    import("../server/app"),
    import("../server/log"),
    import("better-sqlite3"),
  ]);
  log.setLevel("warn"); // refusals log at info: 200 hostile lines are not the measurement
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-yjs-"));
  const parsed = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    DEMO: "0",
    LOG_LEVEL: "warn",
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = await startServer(parsed.config);
  const created = await server.service.create(structuredClone(DEFINITION));
  const dbFile = path.join(dataDir, "concord.sqlite");
  const db = new Database(dbFile, { readonly: true });
  const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0);
  const ready: ChildReady = {
    type: "ready",
    port: server.port,
    meetingId: created.meetingId,
    chair: created.links.chair,
    followers: [created.links.screen, created.links.public],
    delegates: created.links.delegates,
  };
  process.send!(ready);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      db.close();
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    })());
  // A bench that dies mid-run must not leave this server or its folder behind.
  process.once("disconnect", () => void stop());
  process.on("message", async (msg: { type: string }) => {
    if (msg.type === "usage") {
      const cpu = process.cpuUsage();
      const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'yjs_updates'").get() as
        { seq: number } | undefined;
      const bytes = db
        .prepare(
          "SELECT (SELECT COALESCE(SUM(length(data)), 0) FROM yjs_updates) + (SELECT COALESCE(SUM(length(data)), 0) FROM yjs_snapshots) AS n",
        )
        .get() as { n: number };
      const usage: ChildUsage = {
        type: "usage",
        cpuMicros: cpu.user + cpu.system,
        ...loopTime(),
        rssBytes: process.memoryUsage().rss,
        fileBytes: size(dbFile) + size(`${dbFile}-wal`),
        updateSeq: seq?.seq ?? 0,
        yjsBytes: bytes.n,
      };
      process.send!(usage);
    } else if (msg.type === "stored") {
      const stored = await server.store.loadDoc(created.meetingId, "scores");
      const doc = new Y.Doc();
      for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates)
        Y.applyUpdate(doc, u);
      const self = Object.fromEntries(
        DEFINITION.units.map((u) => [u.code, selfLayer(doc, u.code).toJSON() as Record<string, unknown>]),
      );
      const reply: ChildStored = { type: "stored", self, clients: [...doc.store.clients.keys()] };
      process.send!(reply);
    } else if (msg.type === "stop") await stop();
  });
}

/**
 * The naive baseline: what y-websocket's reference server does. One Y.Doc per room (seeded with the
 * structure our server creates), every update applied and sent to every connection, awareness
 * relayed; no authentication, no scratch copy, no policy, no storage.
 */
async function serveNaive(): Promise<void> {
  const { initialScoresUpdate } = await import("../server/yjs/structure");
  const seed = initialScoresUpdate(DEFINITION);
  interface Room {
    doc: Y.Doc;
    awareness: awarenessProtocol.Awareness;
    conns: Map<WebSocket, Set<number>>;
  }
  const rooms = new Map<string, Room>();
  const send = (ws: WebSocket, m: Uint8Array) => ws.readyState === WebSocket.OPEN && ws.send(m);
  const roomOf = (name: string): Room => {
    let room = rooms.get(name);
    if (room) return room;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null);
    const conns = new Map<WebSocket, Set<number>>();
    room = { doc, awareness, conns };
    doc.on("update", (update: Uint8Array) => {
      const m = encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeUpdate(e, update);
      });
      for (const ws of conns.keys()) send(ws, m);
    });
    awareness.on("update", ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const ids = conns.get(origin as WebSocket);
      if (ids) {
        for (const id of added!) ids.add(id);
        for (const id of removed!) ids.delete(id);
      }
      const m = encoding.encode((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(
          e,
          awarenessProtocol.encodeAwarenessUpdate(awareness, [...added!, ...updated!, ...removed!]),
        );
      });
      for (const ws of conns.keys()) send(ws, m);
    });
    rooms.set(name, room);
    return room;
  };
  const wss = new WebSocketServer({ noServer: true });
  const httpServer = http.createServer();
  httpServer.on("upgrade", (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)),
  );
  wss.on("connection", (ws: WebSocket, req: http.IncomingMessage) => {
    const room = roomOf((req.url ?? "/").split("?")[0]!);
    room.conns.set(ws, new Set());
    ws.binaryType = "arraybuffer";
    ws.on("message", (data: ArrayBuffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.readSyncMessage(decoder, encoder, room.doc, ws);
        if (encoding.length(encoder) > 1) send(ws, encoding.toUint8Array(encoder));
      } else if (type === 1)
        awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), ws);
    });
    ws.on("close", () => {
      const ids = room.conns.get(ws);
      room.conns.delete(ws);
      if (ids?.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...ids], null);
    });
    send(
      ws,
      encoding.encode((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, room.doc);
      }),
    );
  });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const fake = "http://naive/join/none";
  const delegates = Object.fromEntries(DEFINITION.units.map((u) => [u.code, [fake, fake]]));
  const ready: ChildReady = {
    type: "ready",
    port: (httpServer.address() as AddressInfo).port,
    meetingId: "naive",
    chair: fake,
    followers: [fake],
    delegates,
  };
  process.send!(ready);
  process.once("disconnect", () => process.exit(0));
  process.on("message", (msg: { type: string }) => {
    if (msg.type === "usage") {
      const cpu = process.cpuUsage();
      const usage: ChildUsage = {
        type: "usage",
        cpuMicros: cpu.user + cpu.system,
        ...loopTime(),
        rssBytes: process.memoryUsage().rss,
        fileBytes: 0,
        updateSeq: 0,
        yjsBytes: 0,
      };
      process.send!(usage);
    } else if (msg.type === "stop") {
      for (const ws of wss.clients) ws.terminate();
      httpServer.close(() => process.exit(0));
    }
  });
}

function startChild(
  kind: ServerKind,
): Promise<{
  child: ChildProcess;
  ready: ChildReady;
  ask: <T extends { type: string }>(type: T["type"]) => Promise<T>;
}> {
  const child = fork(HERE, [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_YJS_SERVER: kind },
  });
  const ask = <T extends { type: string }>(type: T["type"]) =>
    new Promise<T>((resolve) => {
      const on = (m: { type: string }) => {
        if (m.type !== type) return;
        child.off("message", on);
        resolve(m as T);
      };
      child.on("message", on);
      child.send({ type });
    });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench ${kind} server exited with ${code}`)));
    child.once("message", (m: ChildReady) => resolve({ child, ready: m, ask }));
  });
}

// ---------------------------------------------------------------- clients (this process)

interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  refusals: string[];
}

/** A stock y-websocket provider, as a tablet or a big screen would open it (tests/helpers/server.ts). */
async function connectClient(port: number, meetingId: string, link: string): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs/${meetingId}`, "scores", doc, {
    params: { token: tokenOf(link) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const refusals: string[] = [];
  // The stock handler only console.warns a refusal (message type 2); count them instead.
  (provider as unknown as { messageHandlers: unknown[] }).messageHandlers[MESSAGE_AUTH] = (
    _e: unknown,
    d: decoding.Decoder,
  ) => {
    decoding.readVarUint(d); // 0 = permission denied
    refusals.push(decoding.readVarString(d));
  };
  await waitFor(() => provider.synced, 10_000, "provider sync");
  return { doc, provider, refusals };
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

/**
 * A big-screen follower that speaks just enough y-websocket to receive the document: it records
 * each update's arrival and keeps the bytes, and builds its Y.Doc only after the burst. Two hundred
 * stock providers applying every update live would make this process, not the server, the
 * bottleneck on two cores (the same reason bench/raw-follower.ts exists for votes).
 */
class LightFollower {
  readonly updates: Uint8Array[] = [];
  private ws: WebSocket | null = null;

  constructor(private readonly onUpdate: (update: Uint8Array) => void) {}

  connect(port: number, meetingId: string, link: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/yjs/${meetingId}/scores?token=${tokenOf(link)}`);
      this.ws = ws;
      ws.binaryType = "arraybuffer";
      ws.on("error", reject);
      ws.on("open", () => ws.send(syncMessage(syncProtocol.messageYjsSyncStep1, EMPTY_STATE_VECTOR)));
      ws.on("message", (data: ArrayBuffer) => {
        const d = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(d) !== MESSAGE_SYNC) return; // awareness: a screen shows no cursors
        const type = decoding.readVarUint(d);
        if (type === syncProtocol.messageYjsSyncStep1)
          return ws.send(syncMessage(syncProtocol.messageYjsSyncStep2, EMPTY_UPDATE));
        const update = decoding.readVarUint8Array(d);
        this.updates.push(update);
        if (type === syncProtocol.messageYjsSyncStep2) resolve();
        else this.onUpdate(update);
      });
    });
  }

  doc(): Y.Doc {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates(this.updates));
    return doc;
  }

  close(): void {
    this.ws?.terminate();
  }
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
const syncMessage = (type: number, payload: Uint8Array) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, payload);
  });

/** "client:clock" of an update's first struct: one cell write is one struct from its tablet's client. */
function firstStructId(update: Uint8Array): string | null {
  const d = decoding.createDecoder(update);
  if (decoding.readVarUint(d) === 0) return null;
  decoding.readVarUint(d); // number of structs
  return `${decoding.readVarUint(d)}:${decoding.readVarUint(d)}`;
}

interface PlannedWrite {
  writer: number;
  unit: string;
  key: string;
  value: number;
  sentAt: number;
  /** Followers that have it; when the last one got it. */
  seenBy: number;
  allSeenAt: number;
}

/**
 * Each tablet of a unit owns half of the criteria groups, so the two never race on a cell and every
 * cell's final value is the last one its writer set.
 */
function planWrites(writers: { unit: string; tablet: number }[], cells: number): PlannedWrite[] {
  const groups = DEFINITION.criteria.groups;
  const half = Math.ceil(groups.length / 2);
  return writers.flatMap((w, writer) => {
    const mine = w.tablet === 0 ? groups.slice(0, half) : groups.slice(half);
    return Array.from({ length: cells }, (_, k) => {
      const g = mine[k % mine.length]!;
      const step = (Math.floor(k / mine.length) + writer) % (g.max * 10 + 1);
      return { writer, unit: w.unit, key: g.id, value: step / 10, sentAt: NaN, seenBy: 0, allSeenAt: NaN };
    });
  });
}

/** A write to another unit's row from a fresh client id: refused by the policy, never by chance. */
function hostileUpdate(base: Y.Doc, unit: string, key: string, value: number): Uint8Array {
  const scratch = new Y.Doc();
  scratch.clientID = HOSTILE_CLIENT;
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(base));
  const before = Y.encodeStateVector(scratch);
  selfLayer(scratch, unit).set(key, value);
  const update = Y.encodeStateAsUpdate(scratch, before);
  scratch.destroy();
  return encoding.encode((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
  });
}

/** Of the followers, this many are stock providers applying every update live; the rest are light. */
const STOCK_FOLLOWERS = 10;

export async function runYjsBurst(
  server: ServerKind,
  withHostile: boolean,
  opts: YjsBenchOptions,
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
    const writers = await inBatches(tablets, 50, (t) => connectClient(ready.port, ready.meetingId, t.link));
    clients.push(...writers);

    // Every follower reports each write it receives, by the write's first struct id.
    const byId = new Map<string, PlannedWrite>();
    const received = (update: Uint8Array) => {
      const id = firstStructId(update);
      const w = id === null ? undefined : byId.get(id);
      if (w && ++w.seenBy === opts.followers) w.allSeenAt = performance.now();
    };
    const followerLinks = Array.from(
      { length: opts.followers },
      (_, i) => ready.followers[i % ready.followers.length]!,
    );
    const stock = await inBatches(followerLinks.slice(0, STOCK_FOLLOWERS), 50, (link) =>
      connectClient(ready.port, ready.meetingId, link),
    );
    clients.push(...stock);
    for (const f of stock)
      f.doc.on("update", (update: Uint8Array, origin: unknown) => origin === f.provider && received(update));
    lights.push(...followerLinks.slice(STOCK_FOLLOWERS).map(() => new LightFollower(received)));
    await inBatches(
      lights.map((f, i) => ({ f, link: followerLinks[STOCK_FOLLOWERS + i]! })),
      50,
      ({ f, link }) => f.connect(ready.port, ready.meetingId, link),
    );
    // The hostile one is a second device on the first unit's first tablet link, writing the next unit's row.
    const hostile = withHostile ? await connectClient(ready.port, ready.meetingId, tablets[0]!.link) : null;
    if (hostile) clients.push(hostile);
    const victim = DEFINITION.units[1]!.code;
    const writes = planWrites(tablets, opts.cellsPerDelegate);
    // Let the connection storm (sync, awareness) drain before measuring.
    await sleep(1000);

    const before = await ask<ChildUsage>("usage");
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
            hostile.provider.ws?.send(hostileUpdate(hostile.doc, victim, g.id, 1));
          },
          (i * opts.burstMs) / opts.hostileWrites,
        );

    const everywhere = () => writes.every((w) => w.seenBy === opts.followers);
    await waitFor(
      () => everywhere() && (!hostile || hostile.refusals.length >= expectedRefusals(opts)),
      opts.burstMs + opts.timeoutMs,
      "every follower seeing every write",
    ).catch((err: Error) => process.stderr.write(`${err.message}\n`));
    const lastSeen = Math.max(...writes.map((w) => w.allSeenAt));
    const after = await ask<ChildUsage>("usage");
    const clientsCpuUsed = process.cpuUsage(clientsCpu);

    // Lost: a write some follower never got, or a final cell (on any follower's document or, for
    // ours, in the database) that is not the last value its writer set.
    const finalOf = new Map<string, number>();
    for (const w of writes) finalOf.set(`${w.unit}/${w.key}`, w.value);
    const wrongCells = (self: (unit: string) => Record<string, unknown> | undefined) =>
      [...finalOf].filter(([cell, v]) => self(cell.split("/")[0]!)?.[cell.split("/")[1]!] !== v).length;
    let lost = writes.filter((w) => w.seenBy < opts.followers).length;
    let hostileLeaked = 0;
    for (const doc of [...stock.map((f) => f.doc), ...lights.map((f) => f.doc())]) {
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
    const refused = writers.reduce((n, c) => n + c.refusals.length, 0);
    const serverCpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
    return {
      server,
      hostile: withHostile,
      writes: writes.length,
      latP50: percentile(latencies, 50),
      latP95: percentile(latencies, 95),
      latP99: percentile(latencies, 99),
      allSeenMs: lastSeen - start,
      updatesPerSecond: (writes.length - refused) / ((lastSeen - start) / 1000),
      serverCpuMs,
      serverCpuPerUpdateMs: serverCpuMs / writes.length,
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
      hostileRefused: hostile?.refusals.filter((r) => r.includes("self-assessment")).length ?? 0,
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

if (process.env.BENCH_YJS_SERVER) {
  (process.env.BENCH_YJS_SERVER === "ours" ? serveOurs() : serveNaive()).catch((err) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
} else if (process.argv[1] && path.resolve(process.argv[1]) === HERE) {
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
