import type http from "node:http";
import { Server } from "socket.io";
import { EVENTS } from "../../shared/protocol/events";
import type { MeetingState } from "../../shared/protocol/meeting";
import type { MeetingRegistry } from "../meetings/registry";
import type { MeetingRoom } from "../meetings/room";
import { errorFields, log } from "../log";
import { meetingChannel, roleChannel, unitChannel, type ConcordServer, type ConcordSocket } from "./context";
import { registerMeetingHandlers } from "./meeting-handlers";

/** At most this often is the meeting state broadcast: 400 tablets joining at once cause a few broadcasts, not 400. */
export const STATE_FLUSH_MS = 150;

/** Registers one domain's event handlers on a new socket. */
export type HandlerRegistration = (socket: ConcordSocket) => void;

export function createSocketServer(httpServer: http.Server, registry: MeetingRegistry): {
  io: ConcordServer;
  /** Domains add their handlers here before the first connection. */
  handlers: HandlerRegistration[];
} {
  const handlers: HandlerRegistration[] = [registerMeetingHandlers];
  const io: ConcordServer = new Server(httpServer, {
    path: "/socket.io",
    transports: ["websocket"],
    serveClient: false,
    maxHttpBufferSize: 1_000_000,
  });

  // Authenticate at connect; every handler re-checks the link per message (context.ts).
  io.use(async (socket, next) => {
    try {
      const auth = await registry.authenticate((socket.handshake.auth as { token?: unknown } | undefined)?.token);
      if (!auth.ok) {
        const err = new Error(auth.message) as Error & { data?: unknown };
        err.data = { code: auth.code, message: auth.message };
        return next(err);
      }
      socket.data = { session: auth.session, room: auth.room, tokenHash: auth.tokenHash };
      next();
    } catch (err) {
      log.error("realtime", "authentication failed", errorFields(err));
      next(new Error("The server could not check the join link."));
    }
  });

  // One coalescing broadcaster per loaded meeting: the latest state, at most every STATE_FLUSH_MS.
  const broadcasting = new Set<string>();
  const broadcastChanges = (room: MeetingRoom) => {
    if (broadcasting.has(room.id)) return;
    broadcasting.add(room.id);
    let timer: NodeJS.Timeout | null = null;
    let latest: MeetingState | null = null;
    room.onChange((state) => {
      latest = state;
      timer ??= setTimeout(() => {
        timer = null;
        if (latest) io.to(meetingChannel(room.id)).emit(EVENTS.MEETING_STATE, latest);
      }, STATE_FLUSH_MS);
    });
  };

  io.on("connection", async (socket) => {
    const { session, room } = socket.data;
    broadcastChanges(room);
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
    // The joiner gets the state at once; everyone else through the coalesced broadcast.
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

  return { io, handlers };
}
