import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "../../shared/protocol/socket";
import { CLIENT_EVENTS, type ClientEventName, type ClientEventSpec, type PayloadOut, type ReplyOf, type SendersOf } from "../../shared/protocol/table";
import type { SessionInfo } from "../../shared/protocol/meeting";
import { ERROR_CODES, type Ack } from "../../shared/protocol/errors";
import { ROLE_WORDS, type Role } from "../../shared/protocol/roles";
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

/** What a handler gets beside its input: the session's role is one of the event's senders. */
export interface HandlerContext<E extends ClientEventName = ClientEventName> {
  socket: ConcordSocket;
  session: SessionInfo & { role: SendersOf<E> };
  room: MeetingRoom;
}

/** A handler: the event's parsed payload in, the ok branch of its reply out (both from the table). */
export type Handler<E extends ClientEventName> = (input: PayloadOut<E>, ctx: HandlerContext<E>) => Promise<ReplyOf<E>> | ReplyOf<E>;

/** The events registered on each socket, so a second registration of one is a programming error, found at once. */
const registered = new WeakMap<ConcordSocket, Set<ClientEventName>>();

/** "Chủ trì, Thư ký" — the roles that may send an event, as a refusal names them. */
const sendersWords = (senders: readonly Role[]) => senders.map((r) => ROLE_WORDS[r]).join(", ");

/**
 * Registers the handler of one client event. Validates at the edge, once (STYLE.md, point 4): the schema,
 * the roles that may send it and the reply's type all come from the protocol table (shared/protocol/table.ts),
 * so a handler cannot be paired with another event's schema or answer with another shape. Per message: the
 * link is re-checked (a revoked one is refused and disconnected), then the role, then the payload is parsed;
 * every path acknowledges, and a Refusal the handler throws is acknowledged as { ok: false }.
 */
export function handle<E extends ClientEventName>(socket: ConcordSocket, event: E, handler: Handler<E>): void {
  const done = registered.get(socket) ?? new Set<ClientEventName>();
  if (done.has(event)) throw new Error(`${event} is registered twice on one socket`);
  done.add(event);
  registered.set(socket, done);
  const spec: ClientEventSpec = CLIENT_EVENTS[event];
  const listener = async (payload: unknown, ack: unknown) => {
    const reply = (res: Ack<ReplyOf<E>>) => {
      if (typeof ack === "function") (ack as (r: Ack<ReplyOf<E>>) => void)(res);
    };
    const { session, room, tokenHash } = socket.data;
    try {
      if (!room.isSessionValid(session, tokenHash)) {
        reply({ ok: false, error: { code: ERROR_CODES.TOKEN_REVOKED, message: "Liên kết tham dự này đã bị thu hồi. (This join link was revoked.)" } });
        socket.disconnect(true);
        return;
      }
      if (!spec.senders.includes(session.role)) {
        reply({
          ok: false,
          error: {
            code: ERROR_CODES.FORBIDDEN,
            message: `${ROLE_WORDS[session.role]} không được làm việc này (${event}); chỉ ${sendersWords(spec.senders)}. (The ${session.role} role may not send ${event}; only ${spec.senders.join(", ")}.)`,
          },
        });
        return;
      }
      const parsed = spec.payload.safeParse(payload ?? {});
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
      // The role was checked just above against the same senders the context's type names.
      const sender = session as SessionInfo & { role: SendersOf<E> };
      const result: unknown = await handler(parsed.data as PayloadOut<E>, { socket, session: sender, room });
      reply({ ok: true, ...(result as object) } as Ack<ReplyOf<E>>);
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
