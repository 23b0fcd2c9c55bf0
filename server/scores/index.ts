import type { Domain } from "../domains";
import { scoreRoutes } from "./export";
import { registerScoreHandlers } from "./handlers";

/** The live score table: stages, lock, copy between layers, exports. */
export const scoresDomain: Domain = { name: "scores", handlers: registerScoreHandlers, routes: scoreRoutes };
