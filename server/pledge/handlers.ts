import { ERROR_CODES } from "../../shared/protocol/errors";
import { EVENTS } from "../../shared/protocol/events";
import type { ServerContext } from "../context";
import { errorFields, log } from "../log";
import { actorOf } from "../meetings/room";
import { handle, Refusal, type ConcordSocket } from "../realtime/context";
import { pledgeService } from "./service";

/**
 * The pledge's commands (docs/protocol.md, "Pledge"). Drafting itself happens in the `pledge` Yjs
 * document; these move the pledge through its stages and collect the signatures.
 */
export function registerPledgeHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  const pledge = pledgeService(ctx);

  handle(socket, EVENTS.PLEDGE_GET, async (_input, { room }) => ({ state: await pledge.state(room) }));

  handle(socket, EVENTS.PLEDGE_ADOPT, async (_input, { room, session }) => {
    if (!room.definition.rules.chairMayAdoptPledge)
      throw new Refusal(ERROR_CODES.FORBIDDEN, "Theo quy chế của hội nghị, giao ước được thông qua bằng biểu quyết, không do chủ trì quyết định. (The rules adopt the pledge by a vote, not by the chair.)");
    return { state: await pledge.adopt(room, actorOf(session), "chair") };
  });

  handle(socket, EVENTS.PLEDGE_FREEZE, async (_input, { room, session }) => ({
    state: await pledge.freeze(room, session),
  }));

  handle(socket, EVENTS.PLEDGE_UNFREEZE, async (input, { room, session }) => ({
    state: await pledge.unfreeze(room, session, input.reason),
  }));

  handle(socket, EVENTS.PLEDGE_PROPOSAL_ACCEPT, async (input, { room, session }) => ({
    state: await pledge.decideProposal(room, session, input.key, true),
  }));

  handle(socket, EVENTS.PLEDGE_PROPOSAL_REJECT, async (input, { room, session }) => ({
    state: await pledge.decideProposal(room, session, input.key, false),
  }));

  handle(socket, EVENTS.PLEDGE_SIGN, async (input, { room, session }) => {
    const userAgent = socket.handshake.headers["user-agent"] ?? "";
    return pledge.sign(room, session, input, { userAgent, address: socket.handshake.address ?? "" });
  });

  // Every view gets the wall at once on connect; later changes come as pledge:state broadcasts.
  pledge.state(socket.data.room).then(
    (state) => socket.emit(EVENTS.PLEDGE_STATE, state),
    (err: unknown) => log.error("pledge", "could not send the pledge state", { meetingId: socket.data.session.meetingId, ...errorFields(err) }),
  );
}
