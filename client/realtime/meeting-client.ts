import { io, type Socket } from "socket.io-client";
import { ERROR_CODES, type Ack, type ErrorBody } from "../../shared/protocol/errors";
import { EVENTS } from "../../shared/protocol/events";
import type { MeetingState, MeetingStateMessage } from "../../shared/protocol/meeting";
import { applyMeetingDelta, isMeetingDelta } from "../../shared/protocol/meeting-delta";
import type { Role } from "../../shared/protocol/roles";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/protocol/socket";
import type { ClientEventName, EventsFor, PayloadIn, ReplyOf } from "../../shared/protocol/table";

export type ConnectionState = "connected" | "reconnecting" | "offline";

/** Why the server will not let this device in; showing the error page is the only way on. */
export type FatalError = { code: ErrorBody["code"]; message: string };

// Types only (the protocol table carries the zod schemas, which stay out of the tablet's first load).
export type EventName = ClientEventName;
/** What an event takes, as the table's schema accepts it (before defaults). */
export type PayloadOf<E extends EventName> = PayloadIn<E>;
/** The event's acknowledgement: `{ ok: true, …reply }` from the table, or the server's refusal. */
export type AckOf<E extends EventName> = Ack<ReplyOf<E>>;
/** A refusal produced on this side: never sent (offline) or never acknowledged (timeout). */
export type LocalRefusal = { ok: false; error: { code: "OFFLINE" | "TIMEOUT"; message: string } };
export type SendResult<E extends EventName> = AckOf<E> | LocalRefusal;
export type Send = <E extends EventName>(event: E, payload: PayloadOf<E>) => Promise<SendResult<E>>;
/**
 * `send` for a view that knows its role: only the events the table lets that role send compile (a delegate's
 * tablet cannot be written to send poll:open). Any `Send` is one.
 */
export type SendAs<R extends Role> = <E extends EventsFor<R>>(event: E, payload: PayloadOf<E>) => Promise<SendResult<E>>;

export interface MeetingSnapshot {
  connection: ConnectionState;
  /** The latest meeting state; null until the first one arrives. Kept (stale) while disconnected. */
  state: MeetingState | null;
  fatal: FatalError | null;
}

/** An acknowledgement that does not come within this time is reported as TIMEOUT. */
export const ACK_TIMEOUT_MS = 8000;
/** Disconnected this long (while the browser thinks it is online) reads as "offline", not "reconnecting". */
export const OFFLINE_AFTER_MS = 10_000;
const FATAL_CODES: readonly string[] = [
  ERROR_CODES.UNAUTHENTICATED,
  ERROR_CODES.TOKEN_REVOKED,
  ERROR_CODES.NOT_FOUND,
];

type ConcordClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ServerEventName = keyof ServerToClientEvents;

// The open client of each token, so a panel that only has the token (the big screen's) can listen
// to server events on the view's own connection instead of opening a second one (useServerEvent.ts).
const OPEN_CLIENTS = new Map<string, MeetingClient>();
const openClientListeners = new Set<() => void>();
const openClientsChanged = () => openClientListeners.forEach((l) => l());

/** The connection a mounted view holds for this token, if any. */
export function openClientFor(token: string): MeetingClient | null {
  return OPEN_CLIENTS.get(token) ?? null;
}

export function subscribeOpenClients(listener: () => void): () => void {
  openClientListeners.add(listener);
  return () => openClientListeners.delete(listener);
}

/**
 * One Socket.IO connection for one join token, as an external store for React. Socket.IO
 * reconnects by itself with backoff; this adds what it does not do: retry after a refusal from the
 * auth middleware that is not final, reconnect at once when the browser comes back online or the
 * tablet wakes, and drop meeting states older than the one shown.
 */
export class MeetingClient {
  private readonly socket: ConcordClientSocket;
  private snapshot: MeetingSnapshot = { connection: "reconnecting", state: null, fatal: null };
  private readonly listeners = new Set<() => void>();
  // After a (re)connect the server sends its current state first; accept it whatever its version
  // (a restarted server counts versions from 0 again).
  private acceptAnyVersion = true;
  /** Deltas apply only on top of this connection's full state; until it arrives they are dropped. */
  private awaitingFull = true;
  private resyncing = false;
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the connection was lost (or first attempted); null while connected. */
  private disconnectedSince: number | null = Date.now();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelayMs = 1000;
  private closed = false;

  constructor(token: string, url: string = location.origin) {
    this.socket = io(url, {
      path: "/socket.io",
      transports: ["websocket"],
      auth: { token },
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
    });
    this.socket.on("connect", this.onConnect);
    this.socket.on("disconnect", this.onDisconnect);
    this.socket.on("connect_error", this.onConnectError);
    this.socket.on(EVENTS.MEETING_STATE, this.onState);
    window.addEventListener("online", this.onBrowserOnline);
    window.addEventListener("offline", this.updateConnection);
    document.addEventListener("visibilitychange", this.onBrowserOnline);
    this.armOfflineTimer();
    this.token = token;
    OPEN_CLIENTS.set(token, this);
    openClientsChanged();
  }

  private readonly token: string;

  /** Listens to a server event on this connection; returns the unsubscribe. */
  readonly on = <E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): (() => void) => {
    const listen = this.socket.on.bind(this.socket) as (e: E, h: ServerToClientEvents[E]) => void;
    const unlisten = this.socket.off.bind(this.socket) as (e: E, h: ServerToClientEvents[E]) => void;
    listen(event, handler);
    return () => unlisten(event, handler);
  };

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): MeetingSnapshot => this.snapshot;

  /** Emits with an acknowledgement. Never queues while offline: a stale command is worse than a refusal. */
  readonly send: Send = <E extends EventName>(event: E, payload: PayloadOf<E>): Promise<SendResult<E>> => {
    if (!this.socket.connected)
      return Promise.resolve<LocalRefusal>({
        ok: false,
        error: { code: "OFFLINE", message: "Mất kết nối với máy chủ. (Not connected to the server.)" },
      });
    return new Promise<SendResult<E>>((resolve) => {
      const emit = this.socket.timeout(ACK_TIMEOUT_MS).emit as unknown as (
        e: E,
        p: PayloadOf<E>,
        cb: (err: Error | null, res: AckOf<E>) => void,
      ) => void;
      emit.call(this.socket, event, payload, (err, res) => {
        if (err)
          resolve({ ok: false, error: { code: "TIMEOUT", message: "Máy chủ không trả lời kịp; hãy thử lại. (The server did not answer in time.)" } });
        else resolve(res);
      });
    });
  };

  /** Asks for the full state again (after a refused action, or when the view doubts what it shows). */
  readonly resync = async (): Promise<void> => {
    const res = await this.send(EVENTS.MEETING_RESYNC, {});
    if (res.ok) {
      this.acceptAnyVersion = true;
      this.onState(res.state);
    }
    this.resyncing = false;
  };

  close(): void {
    this.closed = true;
    if (OPEN_CLIENTS.get(this.token) === this) {
      OPEN_CLIENTS.delete(this.token);
      openClientsChanged();
    }
    this.clearTimers();
    window.removeEventListener("online", this.onBrowserOnline);
    window.removeEventListener("offline", this.updateConnection);
    document.removeEventListener("visibilitychange", this.onBrowserOnline);
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.listeners.clear();
  }

  private set(patch: Partial<MeetingSnapshot>): void {
    const next = { ...this.snapshot, ...patch };
    if (
      next.connection === this.snapshot.connection &&
      next.state === this.snapshot.state &&
      next.fatal === this.snapshot.fatal
    )
      return;
    this.snapshot = next;
    for (const l of this.listeners) l();
  }

  private readonly onConnect = () => {
    this.acceptAnyVersion = true;
    this.awaitingFull = true;
    this.disconnectedSince = null;
    this.retryDelayMs = 1000;
    this.clearTimers();
    this.updateConnection();
  };

  private readonly onDisconnect = (reason: Socket.DisconnectReason) => {
    if (this.closed) return;
    this.armOfflineTimer();
    this.updateConnection();
    // The server closed us on purpose (a revoked or re-issued link). Socket.IO does not retry
    // this; one more attempt lets the auth middleware tell us why (or let us back in).
    if (reason === "io server disconnect") this.scheduleRetry();
  };

  private readonly onConnectError = (err: Error & { data?: { code?: string; message?: string } }) => {
    const code = err.data?.code;
    if (code && FATAL_CODES.includes(code)) {
      this.clearTimers();
      this.socket.disconnect();
      this.set({
        fatal: { code: code as ErrorBody["code"], message: err.data?.message ?? err.message },
        connection: "offline",
      });
      return;
    }
    this.armOfflineTimer();
    // A refusal from the middleware (socket inactive) is not retried by Socket.IO itself.
    if (!this.socket.active) this.scheduleRetry();
    this.updateConnection();
  };

  private readonly onState = (message: MeetingStateMessage) => {
    if (isMeetingDelta(message)) {
      const current = this.snapshot.state;
      if (this.awaitingFull || !current) return;
      const next = applyMeetingDelta(current, message);
      if (next === "stale") return;
      if (next === "behind") {
        // A change was missed: ask for the whole state once.
        if (!this.resyncing) {
          this.resyncing = true;
          void this.resync();
        }
        return;
      }
      this.set({ state: next });
      return;
    }
    this.awaitingFull = false;
    const state = message;
    const current = this.snapshot.state;
    if (
      !this.acceptAnyVersion &&
      current &&
      current.meetingId === state.meetingId &&
      state.version < current.version
    )
      return;
    this.acceptAnyVersion = false;
    this.set({ state });
  };

  private readonly onBrowserOnline = () => {
    if (document.visibilityState === "hidden") return;
    if (!this.closed && !this.snapshot.fatal && !this.socket.connected) {
      // Skip the backoff wait: the network is back, try now.
      this.socket.disconnect().connect();
    }
    this.updateConnection();
  };

  private readonly updateConnection = () => {
    if (this.snapshot.fatal) return;
    let connection: ConnectionState;
    if (this.socket.connected) connection = "connected";
    else if (!navigator.onLine || Date.now() - (this.disconnectedSince ?? Date.now()) >= OFFLINE_AFTER_MS)
      connection = "offline";
    else connection = "reconnecting";
    this.set({ connection });
  };

  /** Starts the "disconnected since" clock (once per outage) and re-reads the state when it runs out. */
  private armOfflineTimer(): void {
    this.disconnectedSince ??= Date.now();
    if (this.offlineTimer !== null) return;
    const left = Math.max(0, OFFLINE_AFTER_MS - (Date.now() - this.disconnectedSince));
    this.offlineTimer = setTimeout(() => {
      this.offlineTimer = null;
      this.updateConnection();
    }, left + 50);
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.socket.connected && !this.snapshot.fatal) this.socket.connect();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 10_000);
  }

  private clearTimers(): void {
    if (this.offlineTimer !== null) clearTimeout(this.offlineTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.offlineTimer = null;
    this.retryTimer = null;
  }
}
