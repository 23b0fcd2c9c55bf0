import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as ioClient, type Socket } from "socket.io-client";
import WebSocket from "ws";
import * as Y from "yjs";
import { YjsConnection } from "../../client/realtime/yjs-connection";
import { yjsDocUrl } from "../../client/realtime/useYDoc";
import demoDefinition from "../../shared/definition/demo-cum8-2021.json";
import { parseConfig } from "../../server/config";
import { startServer, type RunningServer } from "../../server/app";
import { log } from "../../server/log";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/protocol/socket";
import { applyMeetingDelta, isMeetingDelta, type MeetingState } from "../../shared/protocol/meeting";
import { EVENTS } from "../../shared/protocol/events";
import type { LinksByRole, IssuedLink } from "../../server/meetings/links";

log.setLevel(process.env.TEST_LOG === "1" ? "debug" : "silent");

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "concord-test-"));
}

/** Starts the real server on port 0 with its own data folder (kept across restarts when given). */
export async function startTestServer(dataDir = tempDataDir(), env: Record<string, string> = {}): Promise<RunningServer & { dataDir: string }> {
  const parsed = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", ADMIN_TOKEN: "test-admin-token-0123456789", ...env });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = await startServer(parsed.config);
  return Object.assign(server, { dataDir });
}

export function demoDefinitionCopy(): typeof demoDefinition {
  return structuredClone(demoDefinition);
}

export interface CreatedTestMeeting {
  meetingId: string;
  links: LinksByRole;
  all: IssuedLink[];
}

export async function createMeeting(server: RunningServer, definition: unknown = demoDefinitionCopy()): Promise<CreatedTestMeeting> {
  const res = await fetch(`${server.url}/api/meetings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify(definition),
  });
  if (res.status !== 201) throw new Error(`create meeting failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedTestMeeting;
}

/** The token at the end of a join link. */
export function tokenOf(link: string): string {
  return link.split("/join/")[1]!;
}

/** Listeners of each joined socket's full states (deltas already applied). */
const fullStateListeners = new WeakMap<TestSocket, Set<(s: MeetingState) => void>>();

/**
 * Connects a Socket.IO client with a join link's token; resolves once the first meeting state arrives.
 * `states` holds full states: each delta is applied to the one before, as the client does (a delta that
 * finds the holder behind asks meeting:resync, as the client does).
 */
export async function joinWith(server: RunningServer, link: string): Promise<{ socket: TestSocket; states: MeetingState[]; latest: () => MeetingState }> {
  const socket: TestSocket = ioClient(server.url, { transports: ["websocket"], auth: { token: tokenOf(link) }, reconnection: false, forceNew: true });
  const states: MeetingState[] = [];
  const listeners = new Set<(s: MeetingState) => void>();
  fullStateListeners.set(socket, listeners);
  const push = (s: MeetingState) => {
    states.push(s);
    for (const l of [...listeners]) l(s);
  };
  let haveFull = false;
  const first = new Promise<void>((resolve, reject) => {
    socket.on(EVENTS.MEETING_STATE, (m) => {
      if (!isMeetingDelta(m)) {
        haveFull = true;
        push(m);
        resolve();
        return;
      }
      // Sent before this connection's full state: the full state already has it.
      if (!haveFull) return;
      const next = applyMeetingDelta(states.at(-1)!, m);
      if (next === "behind") {
        void emitAck<{ ok: boolean; state?: MeetingState }>(socket, EVENTS.MEETING_RESYNC, {}).then((r) => r.ok && r.state && push(r.state));
        return;
      }
      if (next !== "stale") push(next);
    });
    socket.on("connect_error", (err) => reject(err));
  });
  await first;
  return { socket, states, latest: () => states.at(-1)! };
}

/** Resolves when `predicate` holds for a meeting state the socket receives (or already received). */
export function waitForState(client: { socket: TestSocket; states: MeetingState[] }, predicate: (s: MeetingState) => boolean, timeoutMs = 5000): Promise<MeetingState> {
  const seen = client.states.find(predicate);
  if (seen && client.states.at(-1) === seen) return Promise.resolve(seen);
  const listeners = fullStateListeners.get(client.socket);
  if (!listeners) throw new Error("waitForState needs a client from joinWith");
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listeners.delete(onState);
      reject(new Error("timed out waiting for a meeting state"));
    }, timeoutMs);
    const onState = (s: MeetingState) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      listeners.delete(onState);
      resolve(s);
    };
    listeners.add(onState);
  });
}

/** Emits with an acknowledgement and resolves with the server's answer. */
export function emitAck<T = unknown>(socket: TestSocket, event: string, payload: unknown): Promise<T> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<T> }).emitWithAck(event, payload);
}

export interface TestProvider {
  doc: Y.Doc;
  provider: YjsConnection;
  /** Reasons of refusals the server sent (`refused:<CODE>:<path>\n<message>`). */
  refusals: string[];
  /** The server's acknowledgements of stored updates: per client id, the clock they end at. */
  acks: Map<number, number>[];
  destroy(): void;
}

/** The client's own Yjs connection (client/realtime/yjs-connection.ts, with the `ws` WebSocket) to a meeting document. */
export async function connectDoc(server: RunningServer, meetingId: string, docName: "scores" | "pledge", link: string, opts: { connect?: boolean } = {}): Promise<TestProvider> {
  const doc = new Y.Doc();
  const provider = new YjsConnection(yjsDocUrl(`ws://127.0.0.1:${server.port}`, meetingId, docName, tokenOf(link)), doc, {
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    connect: opts.connect ?? true,
  });
  const refusals: string[] = [];
  const acks: Map<number, number>[] = [];
  provider.on("refused", (_parsed, reason) => void refusals.push(reason));
  provider.on("acked", (clocks) => void acks.push(clocks));
  if (opts.connect ?? true) await waitUntil(() => provider.synced, 5000, "provider sync");
  return { doc, provider, refusals, acks, destroy: () => { provider.destroy(); doc.destroy(); } };
}

/** Polls a condition (for state held by third-party objects that emit no promise-friendly event). */
export async function waitUntil(cond: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The document as stored: loaded from the database alone, not from memory. */
export async function storedDoc(server: RunningServer, meetingId: string, docName: "scores" | "pledge"): Promise<Y.Doc> {
  const stored = await server.store.loadDoc(meetingId, docName);
  const doc = new Y.Doc();
  for (const u of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) Y.applyUpdate(doc, u);
  return doc;
}
