import { scoresStage, setScoresStage } from "../../shared/documents/layout";
import type { Domain } from "../domains";
import { scoreRoutes } from "./export";
import { registerScoreHandlers } from "./handlers";

/** The live score table: stages, lock, copy between layers, exports. */
export const scoresDomain: Domain = {
  name: "scores",
  handlers: registerScoreHandlers,
  routes: scoreRoutes,
  // The stage is written to the document, then to the database; a crash in between leaves the
  // document ahead. The database is the truth.
  async onDocLoaded(ctx, room, doc) {
    if (doc.name !== "scores") return;
    // The stored state, not this instance's copy: in Redis mode another instance may have moved the stage (a lock)
    // since this one loaded the meeting, and writing the old stage back would undo it for everyone.
    const stored = await ctx.store.getMeetingState(room.id);
    const stage = (stored?.scores ?? room.scoreState).stage;
    if (scoresStage(doc.doc) !== stage) await doc.serverTransact((d) => setScoresStage(d, stage));
  },
};
