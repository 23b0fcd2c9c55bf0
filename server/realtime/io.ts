import type http from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { EVENTS } from "../../shared/protocol/events";
import type { MeetingRegistry } from "../meetings/registry";
import type { MeetingRoom } from "../meetings/room";
import { errorFields, log } from "../log";
import { meetingChannel, roleChannel, unitChannel, type ConcordServer, type ConcordSocket } from "./context";
import { registerMeetingHandlers } from "./meeting-handlers";
import { installBudgets, LinkBudgets, MAX_SOCKET_MESSAGE_BYTES, type LinkLimits } from "./budget";

/** At most this often is the meeting state broadcast: 400 tablets joining at once cause a few broadcasts, not 400. */
export const STATE_FLUSH_MS = 150;
/**
 * When only who is connected changed (a device came or went, another instance's count moved), the delta waits
 * this long: a storm of thousands of followers joining sends every socket a delta a second, not seven. Any
 * other change (a check-in, roll call, agenda, screen, journal) brings it forward to STATE_FLUSH_MS.
 */
export const PRESENCE_FLUSH_MS = 1_000;

/**
 * How joins are told to the others. "naive" is the bench's baseline only (bench/vote-server.ts): the check-in
 * is recorded and the joiner gets the state, but no other socket hears of the join.
 */
export const joining: { mode: "coalesced" | "naive" } = { mode: "coalesced" };

/** What coalesceWrites reads of an Engine.IO connection (engine.io 6's Socket, its WebSocket transport and ws's socket). */
interface EngineConnection {
  flush(): void;
  transport?: { name?: string; send?(packets: unknown[]): void; socket?: { _socket?: { cork?(): void; uncork?(): void } } };
}

/**
 * One write per socket per turn of the event loop. Engine.IO writes each message as its own WebSocket frame
 * with its own system call (ws: cork, header, payload, uncork) as soon as it is emitted; in a flush tick a
 * socket gets several (the tally, the meeting-state delta, poll:pending), and each call costs more than
 * building the message. Here a connection's flush waits for the end of the current tick (process.nextTick:
 * after every synchronous emit and every promise continuation of this turn), and its transport sends the
 * frames of one flush under one cork of the TCP socket: one writev for all of them. Frames, their order,
 * Engine.IO's buffering while a write is pending and its close-after-drain are unchanged. Feature-checked:
 * on another transport or a version without these fields the connection is left as it is.
 * A turn writes at most WRITES_PER_TURN connections, this turn's first: the rest of a large fan-out waits
 * for the next turns (setImmediate), and a connection written to again meanwhile (an ack, poll:voted)
 * goes out at the end of that turn with everything it had waiting, in order.
 */
export function coalesceWrites(conn: EngineConnection): boolean {
  const transport = conn.transport;
  const tcp = transport?.socket?._socket;
  if (transport?.name !== "websocket" || typeof transport.send !== "function" || typeof tcp?.cork !== "function" || typeof tcp.uncork !== "function") return false;
  const send = transport.send.bind(transport);
  transport.send = (packets) => {
    tcp.cork!();
    try {
      send(packets);
    } finally {
      tcp.uncork!();
    }
  };
  const flush = conn.flush.bind(conn);
  const entry: Waiting = { due: false, turn: 0, run: () => {} };
  entry.run = () => {
    if (!entry.due) return;
    entry.due = false;
    flush();
  };
  conn.flush = () => {
    if (entry.due) {
      // Queued in an earlier turn (a fan-out still going out) and now written to again (an ack): it goes now.
      if (entry.turn !== turn) {
        fresh.push(entry);
        entry.turn = turn;
        scheduleTurnEnd();
      }
      return;
    }
    entry.due = true;
    entry.turn = turn;
    fresh.push(entry);
    scheduleTurnEnd();
  };
  return true;
}

interface Waiting {
  due: boolean;
  turn: number;
  run: () => void;
}
/**
 * At most this many connections are written at the end of a turn; a larger fan-out (a tally to a room of
 * 4,000 sockets: 80–140 ms of writes in one turn) goes out over the next turns, so a ballot that arrives
 * meanwhile is read, stored and acknowledged between them instead of after all of them.
 */
export const WRITES_PER_TURN = 100;
let turn = 1;
let fresh: Waiting[] = [];
const backlog: Waiting[] = [];
let turnEndQueued = false;
let backlogQueued = false;
function scheduleTurnEnd(): void {
  if (turnEndQueued) return;
  turnEndQueued = true;
  process.nextTick(turnEnd);
}
/** End of a turn: this turn's writes first (an ack is never behind a fan-out), up to the budget; the rest wait. */
function turnEnd(): void {
  turnEndQueued = false;
  turn++;
  const now = fresh;
  fresh = [];
  const first = now.length > WRITES_PER_TURN ? now.slice(0, WRITES_PER_TURN) : now;
  if (first !== now) backlog.push(...now.slice(WRITES_PER_TURN));
  for (const w of first) w.run();
  scheduleBacklog();
}
function scheduleBacklog(): void {
  if (backlogQueued || backlog.length === 0) return;
  backlogQueued = true;
  setImmediate(() => {
    backlogQueued = false;
    const now = backlog.splice(0, WRITES_PER_TURN);
    for (const w of now) w.run();
    scheduleBacklog();
  });
}

/** Registers one domain's event handlers on a new socket. */
export type HandlerRegistration = (socket: ConcordSocket) => void;

export function createSocketServer(
  httpServer: http.Server,
  registry: MeetingRegistry,
  limits: LinkLimits = { perLink: 10, perPublicLink: 500 },
  /** Redis mode: the streams adapter (server/realtime/adapter.ts), so room broadcasts reach every instance's sockets. */
  adapter?: ServerOptions["adapter"],
): {
  io: ConcordServer;
  /** Domains add their handlers here before the first connection. */
  handlers: HandlerRegistration[];
  /** Open connections and shared message budgets per link. */
  links: LinkBudgets;
} {
  const handlers: HandlerRegistration[] = [registerMeetingHandlers];
  const links = new LinkBudgets(limits);
  const io: ConcordServer = new Server(httpServer, {
    path: "/socket.io",
    transports: ["websocket"],
    serveClient: false,
    // Above this engine.io closes the connection (the largest event, a signature, takes 256 kB).
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    ...(adapter ? { adapter } : {}),
  });

  io.engine.on("connection", (conn: EngineConnection) => coalesceWrites(conn));

  // Authenticate at connect; every handler re-checks the link per message (context.ts).
  io.use(async (socket, next) => {
    try {
      const auth = await registry.authenticate((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (!auth.ok) {
        const err = new Error(auth.message) as Error & { data?: unknown };
        err.data = { code: auth.code, message: auth.message };
        return next(err);
      }
      // A leaked link opened a thousand times gets its first few connections, not a thousand.
      const full = links.admit(auth.session.meetingId, auth.session.linkId, auth.session.role, socket.id);
      if (full) {
        log.warn("realtime", "connection refused: link full", { meetingId: auth.session.meetingId, linkId: auth.session.linkId });
        const err = new Error(full.message) as Error & { data?: unknown };
        err.data = full;
        return next(err);
      }
      const release = () => links.release(auth.session.meetingId, auth.session.linkId, socket.id);
      socket.conn.once("close", release);
      socket.once("disconnect", release);
      socket.data = { session: auth.session, room: auth.room, tokenHash: auth.tokenHash };
      next();
    } catch (err) {
      log.error("realtime", "authentication failed", errorFields(err));
      next(new Error("The server could not check the join link."));
    }
  });

  // One coalescing broadcaster per loaded meeting: what changed (a delta), at most every STATE_FLUSH_MS. The
  // delta is built once and Socket.IO encodes a broadcast once for all the meeting's sockets.
  const broadcasting = new Set<string>();
  const broadcastChanges = (room: MeetingRoom) => {
    if (broadcasting.has(room.id)) return;
    broadcasting.add(room.id);
    let timer: NodeJS.Timeout | null = null;
    let dueAt = 0;
    const flush = () => {
      timer = null;
      // Local: every instance holds the meeting's state (shared through the store and presence hash) and
      // sends it to its own sockets, so each socket gets one message per change, with its own instance's version.
      // After a definition edit every socket needs the units and agenda again: a full state, then deltas from it.
      const full = room.takeStaticChanged();
      const delta = room.takeDelta();
      io.local.to(meetingChannel(room.id)).emit(EVENTS.MEETING_STATE, full ? room.snapshot() : delta);
    };
    // A tally flush sends a waiting delta first, in the same turn: one write per socket for both (coalesceWrites).
    room.setSender(() => {
      if (!timer) return;
      clearTimeout(timer);
      flush();
    });
    room.onChange((_version, presenceOnly) => {
      const due = Date.now() + (presenceOnly ? PRESENCE_FLUSH_MS : STATE_FLUSH_MS);
      if (timer && dueAt <= due) return;
      if (timer) clearTimeout(timer);
      dueAt = due;
      timer = setTimeout(flush, due - Date.now());
    });
  };

  io.on("connection", async (socket) => {
    const { session, room } = socket.data;
    if (joining.mode === "coalesced") broadcastChanges(room);
    // Before any handler: every message of every kind spends its budget first.
    installBudgets(socket, links);
    for (const register of handlers) register(socket);
    const channels = [meetingChannel(session.meetingId), roleChannel(session.meetingId, session.role)];
    if (session.unit) channels.push(unitChannel(session.meetingId, session.unit));
    await socket.join(channels);
    socket.on("disconnect", () => room.disconnect(socket.id));
    try {
      await room.connect(socket.id, session);
    } catch (err) {
      log.error("realtime", "could not record the join", { meetingId: session.meetingId, ...errorFields(err) });
    }
    // The joiner gets the full state (with the definition) at once; everyone else the change, coalesced.
    socket.emit(EVENTS.MEETING_STATE, room.snapshot());
    log.debug("realtime", "connected", { meetingId: session.meetingId, role: session.role, unit: session.unit });
  });

  // A revoked or re-issued link: its open sockets used the old token and are closed.
  registry.onLinkChanged((meetingId, link) => {
    for (const [, s] of io.of("/").sockets) {
      const d = s.data;
      if (d.session?.meetingId !== meetingId || d.session.linkId !== link.linkId) continue;
      if (link.revokedAt !== null || d.tokenHash !== link.tokenHash) s.disconnect(true);
    }
  });

  return { io, handlers, links };
}
