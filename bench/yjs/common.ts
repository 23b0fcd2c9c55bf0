import { performance as nodePerformance } from "node:perf_hooks";
import * as Y from "yjs";
import demoDefinition from "../../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { scoreLayer } from "../../shared/documents/layout";
import { YJS_MESSAGE } from "../../shared/protocol/yjs-messages";

/** Types, constants and small helpers shared by the Yjs bench's servers, clients and runner. */
export interface YjsBenchOptions {
  cellsPerDelegate: number;
  followers: number;
  burstMs: number;
  hostileWrites: number;
  /** Per run: a stuck run ends with an error instead of hanging. */
  timeoutMs: number;
  /** Pause between the last follower joining and the first write (1,000 ms unless set). */
  settleMs?: number;
}

/**
 * ours; the reference y-websocket server (@y/websocket-server); the naive relay (bench/yjs/servers.ts);
 * Hocuspocus 4.7 under Node 22 from .tmp/peers (bench/yjs/peers.ts; the scale group only).
 */
export type ServerKind = "ours" | "reference" | "naive" | "hocuspocus";

export interface YjsBenchResult {
  server: ServerKind;
  hostile: boolean;
  writes: number;
  latP50: number;
  latP95: number;
  latP99: number;
  latP90: number;
  slowestSentAtMs: number;
  allSeenMs: number;
  updatesPerSecond: number;
  serverCpuMs: number;
  serverCpuPerUpdateMs: number;
  /** Write × follower deliveries seen (writes × followers when every follower got every write). */
  delivered: number;
  /** False: stopped at burst + timeout with deliveries missing. */
  finished: boolean;
  /** From the first write to the last delivery or the stop. */
  waitedMs: number;
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

export interface ChildReady {
  type: "ready";
  port: number;
  meetingId: string;
  chair: string;
  followers: string[];
  delegates: Record<string, string[]>;
  /** How the server frames y-websocket's messages (clients.ts, Framing); y-websocket's own unless said. */
  framing?: "y-websocket" | "hocuspocus";
}
export interface ChildUsage {
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
export interface ChildStored {
  type: "stored";
  /** unit → self-layer cells, as loaded from the database alone. */
  self: Record<string, Record<string, unknown>>;
  clients: number[];
}

export const DEFINITION = demoDefinition as unknown as MeetingDefinition;
/** The hostile tablet's Yjs client id: fixed, so "nothing it sent was stored" can be looked up. */
export const HOSTILE_CLIENT = 0x7eadbeef;
export const MESSAGE_SYNC = YJS_MESSAGE.SYNC;
export const MESSAGE_AUTH = YJS_MESSAGE.AUTH;

export const tokenOf = (link: string) => link.split("/join/")[1]!;
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
export const loopTime = () => {
  const { active, idle } = nodePerformance.eventLoopUtilization();
  return { loopActiveMs: active, loopIdleMs: idle };
};
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const selfLayer = (doc: Y.Doc, unit: string) => scoreLayer(doc, unit, "self")!;

export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`bench: timed out: ${what}`);
    await sleep(10);
  }
}

// ---------------------------------------------------------------- servers (child process)
