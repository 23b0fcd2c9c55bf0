import { EVENTS } from "../../shared/protocol/events";
import type { ServerContext } from "../context";
import { handle, type ConcordSocket } from "../realtime/context";
import { copyIntoAgreed, lockTable, setStage, unlockTable } from "./workflow";

/** The chair and the secretary drive the score table; the cells themselves are written over Yjs. */
export function registerScoreHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  handle(socket, EVENTS.SCORES_STAGE, async (input, { room, session }) => {
    await room.exclusive(() => setStage(ctx, room, session, input.stage));
    return {};
  });
  handle(socket, EVENTS.SCORES_LOCK, (_input, { room, session }) => room.exclusive(() => lockTable(ctx, room, session)));
  handle(socket, EVENTS.SCORES_UNLOCK, async (input, { room, session }) => {
    await room.exclusive(() => unlockTable(ctx, room, session, input.reason));
    return {};
  });
  handle(socket, EVENTS.SCORES_COPY, async (input, { room, session }) => ({
    copied: await room.exclusive(() => copyIntoAgreed(ctx, room, session, input)),
  }));
}
