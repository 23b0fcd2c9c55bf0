import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { ObservableV2 } from "lib0/observable";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as authProtocol from "y-protocols/auth";
import { YJS_MESSAGE } from "../../shared/protocol/yjs-messages";
import { parseYjsRefusal, type YjsRefusal } from "../../shared/protocol/documents";

/** A close the server meant as final (4400–4499, shared/protocol/errors.ts CLOSE_CODES): reconnecting cannot help. */
export const isFinalClose = (code: number) => code >= 4400 && code < 4500;

/** Back-off between attempts: 100 ms doubled per failed attempt, at most this. */
const MAX_BACKOFF_MS = 2500;
/**
 * A socket that has said nothing for this long is taken for dead and replaced (a tablet's own
 * awareness comes back every 15 s; the browser may not notice a vanished network for minutes).
 */
const SILENCE_MS = 30_000;

export type YjsRefusalEvent = YjsRefusal & { message: string };

export interface YjsConnectionEvents {
  status: (e: { status: "connecting" | "connected" | "disconnected" }) => void;
  /** The document holds the server's state (true), or no longer knows it does (false, disconnected). */
  sync: (synced: boolean) => void;
  /** The server refused an update or an awareness state; null for a reason in no known format. */
  refused: (refusal: YjsRefusalEvent | null, reason: string) => void;
  /**
   * The server has stored everything of these client ids below these clocks: after each stored update
   * of ours (YJS_MESSAGE.ACK), and at every connect (its sync step 1's state vector).
   */
  acked: (clocks: Map<number, number>) => void;
  /** Every close of the socket (null: closed by us, or for silence). */
  "connection-close": (e: { code: number; reason: string } | null) => void;
  /** The server closed with a final code: this connection stops until connect() is called. */
  closed: (e: { code: number; reason: string }) => void;
}

/** What of the WebSocket class is used; the browser's, or `ws` in Node tests. */
type SocketClass = new (url: string) => WebSocket;

export interface YjsConnectionOptions {
  /** Connect at once (default true). */
  connect?: boolean;
  /** The WebSocket class (default the global one); Node tests pass `ws`. */
  WebSocket?: SocketClass;
}

/**
 * One Yjs document kept in sync with Concord's endpoint (/yjs/<meetingId>/<doc>), on public Yjs,
 * y-protocols and lib0 API only: sync step 1/2 and updates, awareness, refusals read by code, and
 * the server's acknowledgements of stored updates (YJS_MESSAGE.ACK), which the stock y-websocket
 * provider cannot hand to its user. Reconnects with back-off after any close but a final one; drops
 * the socket at once when the browser goes offline and reconnects when it is back.
 */
export class YjsConnection extends ObservableV2<YjsConnectionEvents> {
  readonly awareness: awarenessProtocol.Awareness;
  ws: WebSocket | null = null;
  wsconnected = false;
  /** False after disconnect(), destroy() or a final close: no reconnecting. */
  shouldConnect: boolean;
  private syncedNow = false;
  private failedAttempts = 0;
  private lastMessageAt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly silenceTimer: ReturnType<typeof setInterval>;
  private readonly Socket: SocketClass;

  constructor(
    /**
     * The socket's address, or a function that gives it: called at every (re)connect, so the address
     * can say what the copy is at that moment (useYDoc: its `epoch`).
     */
    private readonly address: string | (() => string),
    readonly doc: Y.Doc,
    opts: YjsConnectionOptions = {},
  ) {
    super();
    this.Socket = opts.WebSocket ?? WebSocket;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.shouldConnect = opts.connect ?? true;
    doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.silenceTimer = setInterval(() => {
      if (this.wsconnected && Date.now() - this.lastMessageAt > SILENCE_MS) this.dropSocket(null);
    }, SILENCE_MS / 10);
    if (typeof window !== "undefined" && typeof window.addEventListener === "function") {
      window.addEventListener("offline", this.onOffline);
      window.addEventListener("online", this.onOnline);
    }
    if (this.shouldConnect) this.open();
  }

  /** The address the next (re)connect opens. */
  get url(): string {
    return typeof this.address === "function" ? this.address() : this.address;
  }

  get synced(): boolean {
    return this.syncedNow;
  }

  private setSynced(value: boolean): void {
    if (this.syncedNow === value) return;
    this.syncedNow = value;
    if (value) this.failedAttempts = 0; // a connection that synced did useful work
    this.emit("sync", [value]);
  }

  /** Connects (again), also after a final close or disconnect(). */
  connect(): void {
    this.shouldConnect = true;
    if (!this.ws) this.open();
  }

  /** Closes the socket and stays closed until connect(). */
  disconnect(): void {
    this.shouldConnect = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.ws && this.wsconnected)
      // Others see this device's cursor go at once rather than after the awareness timeout.
      this.send(encodeAwareness(this.awareness, [this.doc.clientID], new Map()));
    if (this.ws) this.dropSocket(null);
  }

  override destroy(): void {
    this.disconnect();
    clearInterval(this.silenceTimer);
    if (typeof window !== "undefined" && typeof window.removeEventListener === "function") {
      window.removeEventListener("offline", this.onOffline);
      window.removeEventListener("online", this.onOnline);
    }
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    super.destroy();
  }

  private readonly onOffline = () => {
    if (this.ws) this.dropSocket(null);
  };

  private readonly onOnline = () => {
    if (this.shouldConnect && !this.ws) {
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.failedAttempts = 0;
      this.open();
    }
  };

  private open(): void {
    if (!this.shouldConnect || this.ws) return;
    const ws = new this.Socket(this.url);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.wsconnected = false;
    this.setSynced(false);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.lastMessageAt = Date.now();
      this.wsconnected = true;
      this.emit("status", [{ status: "connected" }]);
      this.send(
        encoding.encode((e) => {
          encoding.writeVarUint(e, YJS_MESSAGE.SYNC);
          syncProtocol.writeSyncStep1(e, this.doc);
        }),
      );
      if (this.awareness.getLocalState() !== null)
        this.send(encodeAwareness(this.awareness, [this.doc.clientID]));
    };
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws) return;
      this.lastMessageAt = Date.now();
      this.receive(new Uint8Array(event.data as ArrayBuffer));
    };
    ws.onerror = () => undefined; // a close follows; Node's `ws` throws an error event nobody listens to
    ws.onclose = (event: CloseEvent) => {
      if (this.ws === ws) this.dropSocket({ code: event.code, reason: event.reason });
    };
    this.emit("status", [{ status: "connecting" }]);
  }

  /** Forgets the socket; reconnects with back-off unless the close was final or we were told to stop. */
  private dropSocket(close: { code: number; reason: string } | null): void {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    ws.onmessage = null;
    ws.onopen = null;
    ws.onclose = null;
    if (ws.readyState === ws.CONNECTING || ws.readyState === ws.OPEN) ws.close();
    this.emit("connection-close", [close]);
    if (this.wsconnected) {
      this.wsconnected = false;
      this.setSynced(false);
      const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID);
      awarenessProtocol.removeAwarenessStates(this.awareness, others, this);
      this.emit("status", [{ status: "disconnected" }]);
    }
    this.failedAttempts++;
    if (close && isFinalClose(close.code)) {
      this.shouldConnect = false;
      this.emit("closed", [close]);
      return;
    }
    // Offline (the browser knows): wait for its "online" event rather than fail attempt after attempt.
    if (!this.shouldConnect || (typeof navigator !== "undefined" && navigator.onLine === false)) return;
    this.reconnectTimer = setTimeout(
      () => {
        this.reconnectTimer = null;
        this.open();
      },
      Math.min(2 ** this.failedAttempts * 100, MAX_BACKOFF_MS),
    );
  }

  private send(message: Uint8Array): void {
    const ws = this.ws;
    if (this.wsconnected && ws && ws.readyState === ws.OPEN) ws.send(message);
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case YJS_MESSAGE.SYNC: {
        // The server's sync step 1 (on every connect) carries the state vector of what it has stored:
        // as good as an acknowledgement of everything below it, also of updates whose ack was lost
        // with the previous socket.
        const peek = decoding.clone(decoder);
        if (decoding.readVarUint(peek) === syncProtocol.messageYjsSyncStep1)
          this.emit("acked", [Y.decodeStateVector(decoding.readVarUint8Array(peek))]);
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, YJS_MESSAGE.SYNC);
        const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
        if (encoding.length(reply) > 1) this.send(encoding.toUint8Array(reply));
        if (syncType === syncProtocol.messageYjsSyncStep2) this.setSynced(true);
        return;
      }
      case YJS_MESSAGE.AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
        return;
      case YJS_MESSAGE.QUERY_AWARENESS:
        this.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case YJS_MESSAGE.AUTH:
        authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) =>
          this.emit("refused", [parseYjsRefusal(reason), reason]),
        );
        return;
      case YJS_MESSAGE.ACK:
        this.emit("acked", [Y.decodeStateVector(decoding.readVarUint8Array(decoder))]);
        return;
      default:
        // A newer server's message this client does not know: nothing to do with it.
        return;
    }
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return; // what the server sent us
    this.send(
      encoding.encode((e) => {
        encoding.writeVarUint(e, YJS_MESSAGE.SYNC);
        syncProtocol.writeUpdate(e, update);
      }),
    );
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    // Only this device's own state: relayed peers' states (and the peers the awareness timed out) are
    // the server's business, and it drops entries for ids another connection announced anyway.
    if (origin === this || ![...added, ...updated, ...removed].includes(this.doc.clientID)) return;
    this.send(encodeAwareness(this.awareness, [this.doc.clientID]));
  };
}

function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
  states?: Map<number, { [key: string]: unknown }>,
): Uint8Array {
  return encoding.encode((e) => {
    encoding.writeVarUint(e, YJS_MESSAGE.AWARENESS);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients, states));
  });
}
