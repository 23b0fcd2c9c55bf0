import { EVENTS } from "../../shared/protocol/events";
import { ORGANISER_ROLES } from "../../shared/protocol/roles";
import {
  scoresCopyLayerSchema,
  scoresLockSchema,
  scoresStageSchema,
  scoresUnlockSchema,
} from "../../shared/protocol/scores";
import type { ServerContext } from "../context";
import { withSchema, type ConcordSocket } from "../realtime/context";
import { copyIntoAgreed, lockTable, setStage, unlockTable } from "./workflow";

/** The chair and the secretary drive the score table; the cells themselves are written over Yjs. */
export function registerScoreHandlers(socket: ConcordSocket, ctx: ServerContext): void {
  withSchema(
    socket,
    EVENTS.SCORES_STAGE,
    scoresStageSchema,
    ORGANISER_ROLES,
    async (input, { room, session }) => {
      await room.exclusive(() => setStage(ctx, room, session, input.stage));
      return {};
    },
  );
  withSchema(socket, EVENTS.SCORES_LOCK, scoresLockSchema, ORGANISER_ROLES, (_input, { room, session }) =>
    room.exclusive(() => lockTable(ctx, room, session)),
  );
  withSchema(
    socket,
    EVENTS.SCORES_UNLOCK,
    scoresUnlockSchema,
    ORGANISER_ROLES,
    async (input, { room, session }) => {
      await room.exclusive(() => unlockTable(ctx, room, session, input.reason));
      return {};
    },
  );
  withSchema(
    socket,
    EVENTS.SCORES_COPY,
    scoresCopyLayerSchema,
    ORGANISER_ROLES,
    async (input, { room, session }) => ({
      copied: await room.exclusive(() => copyIntoAgreed(ctx, room, session, input)),
    }),
  );
}
