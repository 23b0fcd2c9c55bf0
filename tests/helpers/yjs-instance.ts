import http from "node:http";
import type { AddressInfo } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { MeetingRegistry } from "../../server/meetings/registry";
import { MeetingService, type CreatedMeeting } from "../../server/meetings/service";
import { MeetingEvents } from "../../server/meetings/events";
import { RedisStore } from "../../server/storage/redis/store";
import { YjsEndpoint, YJS_PATH } from "../../server/yjs/endpoint";
import { scoresDomain } from "../../server/scores/index";
import { copyIntoAgreed, lockTable, setStage } from "../../server/scores/workflow";
import type { ServerContext } from "../../server/context";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { ScoreStage } from "../../shared/protocol/scores";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { demoDefinitionCopy } from "./server";

/**
 * One Concord instance's Yjs endpoint on a Redis store — what `STORE=redis` will serve once the whole
 * server starts in Redis mode. Until polls are behind the Store (issue 9, phase 2), server/app.ts refuses
 * STORE=redis, so the Redis Yjs tests build the pieces the Yjs path uses, exactly as app.ts wires them:
 * the store, the meeting registry, the Yjs endpoint on an HTTP server's upgrade, and the scores domain's
 * load hook; stage changes go through the scores domain's own functions (setStage, lockTable).
 */
export interface YjsInstance {
  url: string;
  port: number;
  store: RedisStore;
  registry: MeetingRegistry;
  yjs: YjsEndpoint;
  /** The chair moves the score table (the scores domain's code, on this instance). */
  stage(meetingId: string, stage: Exclude<ScoreStage, "locked"> | "locked"): Promise<void>;
  /** The chair copies a layer into the agreed one (before a lock). */
  copyIntoAgreed(meetingId: string, from: "self" | "cross"): Promise<void>;
  close(): Promise<void>;
}

export async function startYjsInstance(redisUrl: string, opts: { compactAfter?: number } = {}): Promise<YjsInstance> {
  const store = await RedisStore.open(redisUrl);
  const registry = new MeetingRegistry(store);
  const yjs = new YjsEndpoint(registry, store, { maxPayloadBytes: 1_000_000, compactAfter: opts.compactAfter ?? 300 });
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  server.on("upgrade", (req, socket, head) => {
    if (YJS_PATH.test((req.url ?? "").split("?")[0] ?? "")) void yjs.handleUpgrade(req, socket, head).catch(() => socket.destroy());
    else socket.destroy();
  });
  // Only what setStage / lockTable / the scores load hook use.
  const ctx = { store, registry, yjs, events: new MeetingEvents() } as unknown as ServerContext;
  yjs.onDocLoaded((room, doc) => scoresDomain.onDocLoaded!(ctx, room, doc));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store,
    registry,
    yjs,
    async stage(meetingId, stage) {
      const room = (await registry.get(meetingId))!;
      if (stage === "locked") await lockTable(ctx, room, chairOf(meetingId));
      else await setStage(ctx, room, chairOf(meetingId), stage);
    },
    async copyIntoAgreed(meetingId, from) {
      await copyIntoAgreed(ctx, (await registry.get(meetingId))!, chairOf(meetingId), { from, overwrite: true });
    },
    async close() {
      await yjs.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}

const chairOf = (meetingId: string): SessionInfo => ({ meetingId, role: "chair", unit: null, linkId: "chair", label: "Chủ trì" });

/** Creates a meeting in Redis, as POST /api/meetings would, and returns its join links. */
export async function createRedisMeeting(store: RedisStore, definition: MeetingDefinition = demoDefinitionCopy() as unknown as MeetingDefinition): Promise<CreatedMeeting> {
  // Tokens are derived from this secret; only their hashes are stored, so any instance authenticates them.
  const service = new MeetingService(store, Buffer.alloc(32, 7), "http://127.0.0.1");
  return service.create(definition);
}

/** The same instance as a separate process (tests/helpers/yjs-instance-main.ts), so a test can SIGKILL it. */
export interface YjsChild {
  url: string;
  port: number;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startYjsChild(redisUrl: string, opts: { compactAfter?: number } = {}): Promise<YjsChild> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/helpers/yjs-instance-main.ts")], {
    env: { ...process.env, REDIS_URL: redisUrl, YJS_COMPACT_UPDATES: String(opts.compactAfter ?? 300) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`instance did not start: ${out}`)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^listening (\d+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}: ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    kill: (signal = "SIGKILL") =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
