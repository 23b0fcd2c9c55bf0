import { docShowSchema, speakGiveSchema, speakReorderSchema, speakRequestSchema } from "../../shared/protocol/discussion";
import { EVENTS } from "../../shared/protocol/events";
import { emptySchema } from "../../shared/protocol/meeting";
import { ORGANISER_ROLES } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import { withSchema, type ConcordSocket } from "../realtime/context";
import { installBeforeTheDayGate } from "./before-the-day";
import { discussionOf } from "./service";

/**
 * Requests to speak and the presented page (docs/protocol.md, "Discussion"). Delegates ask and
 * withdraw for their own unit; the chair and the secretary give, end and reorder, and show pages.
 */
export function registerDiscussionHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const d = discussionOf(ctx);
  installBeforeTheDayGate(socket);
  withSchema(socket, EVENTS.SPEAK_REQUEST, speakRequestSchema, ["delegate"], (input, { room, session }) => d.request(room, session, input));
  withSchema(socket, EVENTS.SPEAK_WITHDRAW, emptySchema, ["delegate"], (_input, { room, session }) => d.withdraw(room, session));
  withSchema(socket, EVENTS.SPEAK_GIVE, speakGiveSchema, ORGANISER_ROLES, (input, { room, session }) => d.give(room, session, input.requestId));
  withSchema(socket, EVENTS.SPEAK_END, emptySchema, ORGANISER_ROLES, (_input, { room, session }) => d.end(room, session));
  withSchema(socket, EVENTS.SPEAK_REORDER, speakReorderSchema, ORGANISER_ROLES, (input, { room, session }) => d.reorder(room, session, input.order));
  withSchema(socket, EVENTS.DOC_SHOW, docShowSchema, ORGANISER_ROLES, (input, { room, session }) => d.show(room, session, input.docId, input.page));

  // Load the meeting's queue and documents, so meeting:state carries them from the first connection.
  d.live(socket.data.room).catch((err: unknown) => log.error("discussion", "could not load the discussion", { meetingId: socket.data.session.meetingId, ...errorFields(err) }));
}
