import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { HocuspocusWebSocket, HP_SYNC_REPLY, authFrame, namePrefix, prefixed, skipName } from "./hocuspocus-wire";
import {
  DEFINITION,
  HOSTILE_CLIENT,
  MESSAGE_AUTH,
  MESSAGE_SYNC,
  selfLayer,
  tokenOf,
  waitFor,
} from "./common";

/** The bench's clients: stock providers (tablets, a few followers) and light followers. */
// ---------------------------------------------------------------- clients (this process)

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  refusals: string[];
}

/** How a server frames y-websocket's messages: as they are, or Hocuspocus's way (bench/yjs/hocuspocus-wire.ts). */
export type Framing = "y-websocket" | "hocuspocus";

/** A stock y-websocket provider, as a tablet or a big screen would open it (tests/helpers/server.ts). */
export async function connectClient(port: number, meetingId: string, link: string, framing: Framing = "y-websocket"): Promise<Client> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs/${meetingId}`, "scores", doc, {
    params: { token: tokenOf(link) },
    WebSocketPolyfill: (framing === "hocuspocus" ? HocuspocusWebSocket : WebSocket) as unknown as typeof globalThis.WebSocket,
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

export async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
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
export class LightFollower {
  readonly updates: Uint8Array[] = [];
  private ws: WebSocket | null = null;
  private keepalive: NodeJS.Timeout | null = null;

  /**
   * keep = false: count arrivals only (the scale group rebuilds a sample of the followers' documents).
   * framing "hocuspocus": frames carry the document name, the connection authenticates first, and the
   * follower sends an empty update every 20 s, because Hocuspocus closes a connection it has heard nothing
   * from for 60 s (its `timeout`; a HocuspocusProvider's awareness renewals keep it open every 15 s).
   */
  constructor(
    private readonly onUpdate: (update: Uint8Array) => void,
    private readonly keep = true,
    private readonly framing: Framing = "y-websocket",
  ) {}

  connect(port: number, meetingId: string, link: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/yjs/${meetingId}/scores?token=${tokenOf(link)}`);
      this.ws = ws;
      ws.binaryType = "arraybuffer";
      const hp = this.framing === "hocuspocus";
      const prefix = namePrefix("scores");
      const send = (frame: Uint8Array) => ws.send(hp ? prefixed(prefix, frame) : frame);
      ws.on("error", reject);
      ws.on("open", () => {
        if (hp) {
          ws.send(authFrame("scores", tokenOf(link)));
          const empty = syncMessage(syncProtocol.messageYjsUpdate, EMPTY_UPDATE);
          this.keepalive = setInterval(() => ws.readyState === WebSocket.OPEN && send(empty), 20_000);
          this.keepalive.unref();
        }
        send(syncMessage(syncProtocol.messageYjsSyncStep1, EMPTY_STATE_VECTOR));
      });
      ws.on("message", (data: ArrayBuffer) => {
        const d = decoding.createDecoder(new Uint8Array(data));
        if (hp) skipName(d);
        const kind = decoding.readVarUint(d);
        // awareness: a screen shows no cursors; Hocuspocus's auth answers and SyncStatus: nothing to do
        if (kind !== MESSAGE_SYNC && !(hp && kind === HP_SYNC_REPLY)) return;
        const type = decoding.readVarUint(d);
        if (type === syncProtocol.messageYjsSyncStep1)
          return send(syncMessage(syncProtocol.messageYjsSyncStep2, EMPTY_UPDATE));
        const update = decoding.readVarUint8Array(d);
        if (this.keep || type === syncProtocol.messageYjsSyncStep2) this.updates.push(update);
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
    if (this.keepalive) clearInterval(this.keepalive);
    this.ws?.terminate();
  }
}

export const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());
export const syncMessage = (type: number, payload: Uint8Array) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, type);
    encoding.writeVarUint8Array(e, payload);
  });

/** "client:clock" of an update's first struct: one cell write is one struct from its tablet's client. */
export function firstStructId(update: Uint8Array): string | null {
  const d = decoding.createDecoder(update);
  if (decoding.readVarUint(d) === 0) return null;
  decoding.readVarUint(d); // number of structs
  return `${decoding.readVarUint(d)}:${decoding.readVarUint(d)}`;
}

export interface PlannedWrite {
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
export function planWrites(writers: { unit: string; tablet: number }[], cells: number): PlannedWrite[] {
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
export function hostileUpdate(base: Y.Doc, unit: string, key: string, value: number): Uint8Array {
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
