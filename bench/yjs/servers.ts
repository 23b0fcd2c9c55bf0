import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket, { WebSocketServer } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  type ChildReady,
  type ChildStored,
  type ChildUsage,
  type ServerKind,
  DEFINITION,
  MESSAGE_SYNC,
  loopTime,
  selfLayer,
} from "./common";
import { forkHocuspocus } from "./peers";

/** The servers under test (ours, the reference y-websocket server, the naive relay), each run in a forked child (this file) so its CPU and memory are its own. */
const HERE = fileURLToPath(import.meta.url);

/** Our server with the demo meeting, a temp data folder and a read-only look at its database. */
async function serveOurs(): Promise<void> {
  const [{ parseConfig }, { startServer }, { log }, { default: Database }] = await Promise.all([
    import("../../server/config"),
    import("../../server/app"),
    import("../../server/log"),
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
  const { initialScoresUpdate } = await import("../../server/yjs/structure");
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
  answerAsRelay("naive", httpServer, wss);
}

/**
 * The reference y-websocket server (`@y/websocket-server` 0.1.1, what `npx y-websocket` runs): its own
 * `setupWSConnection` (one WSSharedDoc per room, every update encoded and sent to every connection,
 * awareness relayed, a ping every 30 s), behind the same `ws` server its `server.js` builds (resolved from
 * its package, as `server.js` would), no persistence (YPERSISTENCE unset). The only addition: the room's
 * document is seeded with the structure our server creates (its content initialiser, called synchronously
 * when the document is made, before the first client syncs), so the bench's writers find the score table.
 */
async function serveReference(): Promise<void> {
  const { createRequire } = await import("node:module");
  const [{ initialScoresUpdate }, utils] = await Promise.all([
    import("../../server/yjs/structure"),
    import("@y/websocket-server/utils"),
  ]);
  const seed = initialScoresUpdate(DEFINITION);
  utils.setContentInitializor(async (doc: Y.Doc) => Y.applyUpdate(doc, seed));
  // server.js does `import WebSocket from 'ws'` from its own folder: the same module here.
  const requireThere = createRequire(createRequire(import.meta.url).resolve("@y/websocket-server/package.json"));
  const RefWebSocket = requireThere("ws") as { Server: typeof WebSocketServer };
  const wss = new RefWebSocket.Server({ noServer: true });
  const httpServer = http.createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end("okay");
  });
  wss.on("connection", utils.setupWSConnection);
  httpServer.on("upgrade", (req, socket, head) =>
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req)),
  );
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  answerAsRelay("reference", httpServer, wss);
}

/**
 * A relay without meetings (naive, reference) tells the bench it is ready with fake links (every client joins
 * the one room) and answers its usage and stop requests.
 */
function answerAsRelay(name: string, httpServer: http.Server, wss: { clients: Set<{ terminate(): void }> }): void {
  const fake = `http://${name}/join/none`;
  const ready: ChildReady = {
    type: "ready",
    port: (httpServer.address() as AddressInfo).port,
    meetingId: name,
    chair: fake,
    followers: [fake],
    delegates: Object.fromEntries(DEFINITION.units.map((u) => [u.code, [fake, fake]])),
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

/** Hocuspocus runs under Node 22 from .tmp/peers (bench/yjs/peers.ts, bench/yjs/hocuspocus-server.mjs); the others are this file. */
export async function startChild(kind: ServerKind): Promise<{
  child: ChildProcess;
  ready: ChildReady;
  ask: <T extends { type: string }>(type: T["type"]) => Promise<T>;
}> {
  const child =
    kind === "hocuspocus"
      ? await forkHocuspocus()
      : fork(HERE, [], {
          // BENCH_PROFILE_DIR: the server's CPU profile of each burst is written there (bench/profile-preload.mjs).
          execArgv: ["--import", "tsx", ...(process.env.BENCH_PROFILE_DIR ? ["--import", "./bench/profile-preload.mjs"] : [])],
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

if (process.env.BENCH_YJS_SERVER) {
  const serve = { ours: serveOurs, reference: serveReference, naive: serveNaive }[process.env.BENCH_YJS_SERVER as Exclude<ServerKind, "hocuspocus">];
  (serve ?? serveNaive)().catch((err) => {
    process.stderr.write(`bench server failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
