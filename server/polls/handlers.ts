import { EVENTS } from "../../shared/protocol/events";
import { pollActionSchema, pollCastSchema, pollCreateSchema, pollSyncSchema, pollVoidSchema } from "../../shared/protocol/polls";
import { ORGANISER_ROLES } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import { withSchema, type ConcordSocket } from "../realtime/context";
import { pollsOf } from "./service";

/**
 * Poll events (docs/protocol.md, "Votes"). Organisers drive the life cycle; delegates cast. Every
 * check-and-write is one atomic store operation, so messages that interleave (or arrive at another
 * instance) cannot both pass a check.
 */
export function registerPollHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const polls = pollsOf(ctx);

  withSchema(socket, EVENTS.POLL_CREATE, pollCreateSchema, ORGANISER_ROLES, async (input, { room, session }) => ({ poll: await polls.create(room, session, input) }));
  withSchema(socket, EVENTS.POLL_OPEN, pollActionSchema, ORGANISER_ROLES, async (input, { room, session }) => ({ poll: await polls.open(room, session, input.pollId) }));
  withSchema(socket, EVENTS.POLL_CLOSE, pollActionSchema, ORGANISER_ROLES, async (input, { room, session }) => ({ poll: await polls.close(room, session, input.pollId) }));
  withSchema(socket, EVENTS.POLL_PUBLISH, pollActionSchema, ORGANISER_ROLES, async (input, { room, session }) => ({ poll: await polls.publish(room, session, input.pollId) }));
  withSchema(socket, EVENTS.POLL_VOID, pollVoidSchema, ORGANISER_ROLES, async (input, { room, session }) => ({ poll: await polls.void(room, session, input.pollId, input.reason) }));
  withSchema(socket, EVENTS.POLL_RUNOFF, pollActionSchema, ORGANISER_ROLES, async (input, { room, session }) => ({ poll: await polls.runoff(room, session, input.pollId) }));
  // Only delegates cast: the screen, followers and organisers are refused by role before anything else.
  withSchema(socket, EVENTS.POLL_CAST, pollCastSchema, ["delegate"], (input, { room, session }) => polls.cast(room, session, input));
  withSchema(socket, EVENTS.POLL_SYNC, pollSyncSchema, "any", (_input, { room, session }) => polls.sync(room, session));

  // Every poll at connect; later changes come as poll:state (and poll:pending for organisers).
  const failed = (err: unknown) => log.error("polls", "could not send the poll list", { meetingId: socket.data.session.meetingId, ...errorFields(err) });
  try {
    // From memory when the meeting's polls are loaded (at once, as before); else once the store answers.
    const now = polls.syncNow(socket.data.room, socket.data.session);
    if (now) socket.emit(EVENTS.POLL_LIST, now);
    else polls.sync(socket.data.room, socket.data.session).then((list) => socket.connected && socket.emit(EVENTS.POLL_LIST, list), failed);
  } catch (err) {
    failed(err);
  }
}
