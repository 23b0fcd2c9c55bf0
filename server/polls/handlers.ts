import { EVENTS } from "../../shared/protocol/events";
import { pollActionSchema, pollCastSchema, pollCreateSchema, pollSyncSchema, pollVoidSchema } from "../../shared/protocol/polls";
import { ORGANISER_ROLES } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import { withSchema, type ConcordSocket } from "../realtime/context";
import { pollsOf } from "./service";

/**
 * Poll events (docs/protocol.md, "Votes"). Organisers drive the life cycle; delegates cast. Every
 * handler is synchronous from the check to the commit, so no other message interleaves with it.
 */
export function registerPollHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const polls = pollsOf(ctx);

  withSchema(socket, EVENTS.POLL_CREATE, pollCreateSchema, ORGANISER_ROLES, (input, { room, session }) => ({ poll: polls.create(room, session, input) }));
  withSchema(socket, EVENTS.POLL_OPEN, pollActionSchema, ORGANISER_ROLES, (input, { room, session }) => ({ poll: polls.open(room, session, input.pollId) }));
  withSchema(socket, EVENTS.POLL_CLOSE, pollActionSchema, ORGANISER_ROLES, (input, { room, session }) => ({ poll: polls.close(room, session, input.pollId) }));
  withSchema(socket, EVENTS.POLL_PUBLISH, pollActionSchema, ORGANISER_ROLES, (input, { room, session }) => ({ poll: polls.publish(room, session, input.pollId) }));
  withSchema(socket, EVENTS.POLL_VOID, pollVoidSchema, ORGANISER_ROLES, (input, { room, session }) => ({ poll: polls.void(room, session, input.pollId, input.reason) }));
  withSchema(socket, EVENTS.POLL_RUNOFF, pollActionSchema, ORGANISER_ROLES, (input, { room, session }) => ({ poll: polls.runoff(room, session, input.pollId) }));
  // Only delegates cast: the screen, followers and organisers are refused by role before anything else.
  withSchema(socket, EVENTS.POLL_CAST, pollCastSchema, ["delegate"], (input, { room, session }) => polls.cast(room, session, input));
  withSchema(socket, EVENTS.POLL_SYNC, pollSyncSchema, "any", (_input, { room, session }) => polls.sync(room, session));

  // Every poll at connect; later changes come as poll:state (and poll:pending for organisers).
  try {
    socket.emit(EVENTS.POLL_LIST, polls.sync(socket.data.room, socket.data.session));
  } catch (err) {
    log.error("polls", "could not send the poll list", { meetingId: socket.data.session.meetingId, ...errorFields(err) });
  }
}
