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
  async onDocLoaded(_ctx, room, doc) {
    if (doc.name !== "scores") return;
    const stage = room.scoreState.stage;
    if (doc.doc.getMap("meta").get("stage") !== stage) await doc.serverTransact((d) => d.getMap("meta").set("stage", stage));
  },
};
