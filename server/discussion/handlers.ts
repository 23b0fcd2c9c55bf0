import { EVENTS } from "../../shared/protocol/events";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import { handle, type ConcordSocket } from "../realtime/context";
import { installBeforeTheDayGate } from "./before-the-day";
import { discussionOf } from "./service";

/**
 * Requests to speak and the presented page (docs/protocol.md, "Discussion"). Delegates ask and
 * withdraw for their own unit; the chair and the secretary give, end and reorder, and show pages.
 * Who may send each event is the protocol table's (shared/protocol/table.ts): `handle` checks the role per
 * message and refuses in Vietnamese, before the payload is read.
 */
export function registerDiscussionHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const d = discussionOf(ctx);
  installBeforeTheDayGate(socket);
  handle(socket, EVENTS.SPEAK_REQUEST, (input, { room, session }) => d.request(room, session, input));
  handle(socket, EVENTS.SPEAK_WITHDRAW, (_input, { room, session }) => d.withdraw(room, session));
  handle(socket, EVENTS.SPEAK_GIVE, (input, { room, session }) => d.give(room, session, input.requestId));
  handle(socket, EVENTS.SPEAK_END, (_input, { room, session }) => d.end(room, session));
  handle(socket, EVENTS.SPEAK_REORDER, (input, { room, session }) => d.reorder(room, session, input.order));
  handle(socket, EVENTS.DOC_SHOW, (input, { room, session }) => d.show(room, session, input.docId, input.page));

  // Load the meeting's queue and documents, so meeting:state carries them from the first connection.
  d.live(socket.data.room).catch((err: unknown) => log.error("discussion", "could not load the discussion", { meetingId: socket.data.session.meetingId, ...errorFields(err) }));
}
