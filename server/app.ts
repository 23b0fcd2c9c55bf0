import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { defaultPublicUrl, type Config } from "./config";
import { createHttpApp } from "./http/app";
import { MeetingRegistry } from "./meetings/registry";
import { MeetingService } from "./meetings/service";
import { loadAdminToken } from "./meetings/tokens";
import { createSocketServer } from "./realtime/io";
import { SqliteStore } from "./storage/sqlite";
import { openStore, resolveLinkSecret } from "./storage/open";
import { YjsEndpoint, YJS_PATH } from "./yjs/endpoint";
import { errorFields, log } from "./log";
import type { ServerContext } from "./context";
import { DOMAINS } from "./domains";
import { MeetingEvents } from "./meetings/events";
import { acquireDataDirLock, type DataDirLock } from "./storage/lock";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface RunningServer {
  ctx: ServerContext;
  url: string;
  port: number;
  adminToken: string;
  adminTokenGenerated: boolean;
  /** The SQLite store, for tests and tools that inspect the file; throws in Redis mode (use ctx.store). */
  readonly store: SqliteStore;
  registry: MeetingRegistry;
  service: MeetingService;
  yjs: YjsEndpoint;
  /** Stops accepting, stores every document and closes the database. */
  close(): Promise<void>;
}

/** One HTTP server carrying the API, Socket.IO and the Yjs endpoint. */
export async function startServer(config: Config): Promise<RunningServer> {
  // Before anything in the folder is opened: a second process on the same folder stops here (it throws
  // DataDirLockedError naming the holder) and has touched nothing. In Redis mode several instances
  // share the state by design; the folder then holds no meeting state, so it is not locked.
  const lock: DataDirLock = config.STORE === "sqlite" ? acquireDataDirLock(config.dataDir, "server") : NO_LOCK;
  try {
    return await startLocked(config, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

const NO_LOCK: DataDirLock = { file: "", info: null as never, setUrl: () => undefined, release: () => undefined };

async function startLocked(config: Config, lock: DataDirLock): Promise<RunningServer> {
  // Everything the server writes goes through the Store (issue 9): SQLite in DATA_DIR, or Redis shared by instances.
  const store = await openStore(config);
  const secret = resolveLinkSecret(config);
  const admin = loadAdminToken(config.dataDir, config.ADMIN_TOKEN);
  const registry = new MeetingRegistry(store);

  const httpServer = http.createServer();
  // Redis mode: room broadcasts travel on a Redis stream to every instance, and presence and meeting-state
  // commits are shared (server/realtime/cluster.ts). SQLite mode: one process, the in-memory adapter.
  const socketAdapter = config.STORE === "redis" ? await (await import("./realtime/adapter")).createSocketAdapter(config.REDIS_URL!) : null; // loaded only in Redis mode (idle RSS)
  const { io, handlers } = createSocketServer(
    httpServer,
    registry,
    { perLink: config.SOCKET_MAX_CONNECTIONS_PER_LINK, perPublicLink: config.SOCKET_MAX_CONNECTIONS_PUBLIC_LINK },
    socketAdapter?.adapter,
  );
  const cluster = config.STORE === "redis" ? await (await import("./realtime/cluster")).InstanceCluster.start(config.REDIS_URL!, io, registry) : null;
  const yjs = new YjsEndpoint(registry, store, { maxPayloadBytes: config.YJS_MAX_PAYLOAD_BYTES, compactAfter: config.YJS_COMPACT_UPDATES, slowConsumerBytes: config.YJS_SLOW_CONSUMER_BYTES });

  // Route WebSocket upgrades by path: Socket.IO handles its own; /yjs/ goes to the Yjs endpoint;
  // anything else is destroyed.
  httpServer.on("upgrade", (req, socket, head) => {
    const pathname = (req.url ?? "").split("?")[0] ?? "";
    if (pathname.startsWith("/socket.io/")) return;
    if (YJS_PATH.test(pathname)) {
      yjs.handleUpgrade(req, socket, head).catch((err) => {
        log.error("yjs", "upgrade failed", errorFields(err));
        socket.destroy();
      });
      return;
    }
    socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.PORT, config.HOST, resolve);
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  const port = (httpServer.address() as AddressInfo).port;
  lock.setUrl(`http://${config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST}:${port}`);
  // With PORT=0 (tests) the real port is only known now.
  const publicUrl = config.PUBLIC_URL ? config.publicUrl : defaultPublicUrl(config.HOST, port);
  const service = new MeetingService(store, secret, publicUrl);
  const ctx: ServerContext = { config, store, registry, service, yjs, io, adminToken: admin.token, events: new MeetingEvents() };
  for (const domain of DOMAINS) {
    const register = domain.handlers;
    if (register) handlers.push((socket) => register(socket, ctx));
    const onLoaded = domain.onDocLoaded;
    if (onLoaded) yjs.onDocLoaded((room, doc) => onLoaded(ctx, room, doc));
  }
  httpServer.on("request", createHttpApp(ctx, DOMAINS, path.join(ROOT, "dist")));

  let closing: Promise<void> | null = null;
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    port,
    adminToken: admin.token,
    adminTokenGenerated: admin.generated,
    get store(): SqliteStore {
      if (store instanceof SqliteStore) return store;
      throw new Error("RunningServer.store is the SQLite store; this server runs on Redis (use ctx.store)");
    },
    registry,
    service,
    yjs,
    close() {
      closing ??= (async () => {
        await yjs.closeAll();
        await cluster?.close();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await socketAdapter?.close();
        httpServer.closeAllConnections();
        await store.close();
        lock.release();
      })();
      return closing;
    },
  };
}
