import { EVENTS } from "../../shared/protocol/events";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import { handle, type ConcordSocket } from "../realtime/context";
import { pollsOf } from "./service";

/**
 * Poll events (docs/protocol.md, "Votes"). Organisers drive the life cycle; delegates cast. Every
 * check-and-write is one atomic store operation, so messages that interleave (or arrive at another
 * instance) cannot both pass a check.
 */
export function registerPollHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const polls = pollsOf(ctx);

  handle(socket, EVENTS.POLL_CREATE, async (input, { room, session }) => ({ poll: await polls.create(room, session, input) }));
  handle(socket, EVENTS.POLL_OPEN, async (input, { room, session }) => ({ poll: await polls.open(room, session, input.pollId) }));
  handle(socket, EVENTS.POLL_CLOSE, async (input, { room, session }) => ({ poll: await polls.close(room, session, input.pollId) }));
  handle(socket, EVENTS.POLL_PUBLISH, async (input, { room, session }) => ({ poll: await polls.publish(room, session, input.pollId) }));
  handle(socket, EVENTS.POLL_VOID, async (input, { room, session }) => ({ poll: await polls.void(room, session, input.pollId, input.reason) }));
  handle(socket, EVENTS.POLL_RUNOFF, async (input, { room, session }) => ({ poll: await polls.runoff(room, session, input.pollId) }));
  // Only delegates cast (the table's senders): the screen, followers and organisers are refused by role before anything else.
  handle(socket, EVENTS.POLL_CAST, (input, { room, session }) => polls.cast(room, session, input));
  handle(socket, EVENTS.POLL_SYNC, (_input, { room, session }) => polls.sync(room, session));

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
