import { docShowSchema, speakGiveSchema, speakReorderSchema, speakRequestSchema } from "../../shared/protocol/discussion";
import { EVENTS } from "../../shared/protocol/events";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { emptySchema, type SessionInfo } from "../../shared/protocol/meeting";
import { isOrganiser } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { DomainError } from "../errors";
import { errorFields, log } from "../log";
import { withSchema, type ConcordSocket } from "../realtime/context";
import { installBeforeTheDayGate } from "./before-the-day";
import { discussionOf } from "./service";

const ROLE_WORDS: Record<SessionInfo["role"], string> = {
  chair: "Chủ trì",
  secretary: "Thư ký",
  delegate: "Đại biểu",
  screen: "Màn hình chiếu",
  observer: "Người theo dõi",
};

/** Only a member unit's delegate asks for (or withdraws) the floor; refused in Vietnamese with the code. */
function delegatesOnly(session: SessionInfo): void {
  if (session.role !== "delegate")
    throw new DomainError(ERROR_CODES.FORBIDDEN, `${ROLE_WORDS[session.role]} không đăng ký phát biểu; chỉ đại biểu các đơn vị. (Only delegates ask for the floor.)`);
}

/** Only the chair and the secretary run the queue and the screen. */
function organisersOnly(session: SessionInfo): void {
  if (!isOrganiser(session.role))
    throw new DomainError(ERROR_CODES.FORBIDDEN, `${ROLE_WORDS[session.role]} không điều hành phát biểu, trình chiếu; chỉ Chủ trì và Thư ký. (Only the chair and the secretary do this.)`);
}

/**
 * Requests to speak and the presented page (docs/protocol.md, "Discussion"). Delegates ask and
 * withdraw for their own unit; the chair and the secretary give, end and reorder, and show pages.
 * The role is checked here, per message, so its refusal is in Vietnamese like every other of this
 * domain (withSchema still re-checks the link and parses the payload first).
 */
export function registerDiscussionHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const d = discussionOf(ctx);
  installBeforeTheDayGate(socket);
  withSchema(socket, EVENTS.SPEAK_REQUEST, speakRequestSchema, "any", (input, { room, session }) => (delegatesOnly(session), d.request(room, session, input)));
  withSchema(socket, EVENTS.SPEAK_WITHDRAW, emptySchema, "any", (_input, { room, session }) => (delegatesOnly(session), d.withdraw(room, session)));
  withSchema(socket, EVENTS.SPEAK_GIVE, speakGiveSchema, "any", (input, { room, session }) => (organisersOnly(session), d.give(room, session, input.requestId)));
  withSchema(socket, EVENTS.SPEAK_END, emptySchema, "any", (_input, { room, session }) => (organisersOnly(session), d.end(room, session)));
  withSchema(socket, EVENTS.SPEAK_REORDER, speakReorderSchema, "any", (input, { room, session }) => (organisersOnly(session), d.reorder(room, session, input.order)));
  withSchema(socket, EVENTS.DOC_SHOW, docShowSchema, "any", (input, { room, session }) => (organisersOnly(session), d.show(room, session, input.docId, input.page)));

  // Load the meeting's queue and documents, so meeting:state carries them from the first connection.
  d.live(socket.data.room).catch((err: unknown) => log.error("discussion", "could not load the discussion", { meetingId: socket.data.session.meetingId, ...errorFields(err) }));
}
