import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/protocol/socket";
import type { SessionInfo } from "../../shared/protocol/meeting";
import { ERROR_CODES, type Ack } from "../../shared/protocol/errors";
import type { Role } from "../../shared/protocol/roles";
import type { MeetingRoom } from "../meetings/room";
import { errorFields, log } from "../log";
import { DomainError as Refusal } from "../errors";

export interface SocketData {
  session: SessionInfo;
  tokenHash: string;
  room: MeetingRoom;
}

/**
 * Between instances (Redis mode, through the adapter's stream): a meeting's stored state changed on the
 * sender ("state": reload it) or its connections there changed ("presence": read the presence hash).
 */
export interface InterServerEvents {
  "concord:meeting": (notice: { meetingId: string; what: "state" | "presence"; from: string }) => void;
}

export type ConcordServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ConcordSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** A refusal the handler throws; becomes { ok: false, error } in the acknowledgement. It is the domain error type (server/errors.ts), which no transport owns. */
export { Refusal };

export const meetingChannel = (meetingId: string) => `meeting:${meetingId}`;
/** Sockets of one role in a meeting (e.g. organisers get who-has-not-voted). */
export const roleChannel = (meetingId: string, role: Role) => `meeting:${meetingId}:role:${role}`;
/** Sockets of one unit's delegates in a meeting. */
export const unitChannel = (meetingId: string, unit: string) => `meeting:${meetingId}:unit:${unit}`;

interface HandlerContext {
  socket: ConcordSocket;
  session: SessionInfo;
  room: MeetingRoom;
}

/**
 * Validates at the edge, once (STYLE.md, point 4): parses the payload with the event's schema,
 * re-checks the link and the role on every message, and acknowledges every path. The handler sees
 * typed input only; a Refusal it throws is acknowledged as { ok: false }.
 */
export function withSchema<S extends z.ZodTypeAny, R extends object>(
  socket: ConcordSocket,
  event: keyof ClientToServerEvents,
  schema: S,
  roles: readonly Role[] | "any",
  handler: (input: z.output<S>, ctx: HandlerContext) => Promise<R> | R,
): void {
  const listener = async (payload: unknown, ack: unknown) => {
    const reply = (res: Ack<R>) => {
      if (typeof ack === "function") (ack as (r: Ack<R>) => void)(res);
    };
    const { session, room, tokenHash } = socket.data;
    try {
      if (!room.isSessionValid(session, tokenHash)) {
        reply({ ok: false, error: { code: ERROR_CODES.TOKEN_REVOKED, message: "Liên kết tham dự này đã bị thu hồi. (This join link was revoked.)" } });
        socket.disconnect(true);
        return;
      }
      if (roles !== "any" && !roles.includes(session.role)) {
        reply({ ok: false, error: { code: ERROR_CODES.FORBIDDEN, message: `Vai trò của liên kết này không được làm việc này. (The ${session.role} role may not do ${event}.)` } });
        return;
      }
      const parsed = schema.safeParse(payload ?? {});
      if (!parsed.success) {
        reply({
          ok: false,
          error: {
            code: ERROR_CODES.BAD_REQUEST,
            message: `Dữ liệu gửi lên không hợp lệ. (Malformed ${event}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "payload"} ${i.message}`).join("; ")})`,
          },
        });
        return;
      }
      const result = await handler(parsed.data, { socket, session, room });
      reply({ ok: true, ...result });
    } catch (err) {
      if (err instanceof Refusal) {
        reply({ ok: false, error: { code: err.code, message: err.message } });
        return;
      }
      log.error("realtime", "handler failed", { event, meetingId: session.meetingId, ...errorFields(err) });
      reply({ ok: false, error: { code: ERROR_CODES.INTERNAL, message: "Máy chủ không thực hiện được việc này; chưa có gì thay đổi. (The server could not do this; nothing was changed.)" } });
    }
  };
  (socket.on as (e: string, l: typeof listener) => void)(event, listener);
}
