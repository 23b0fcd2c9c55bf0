import type { Domain } from "../domains";
import { registerPollHandlers } from "./handlers";
import { pollRoutes } from "./routes";

/** Live votes (issue 4): polls, ballots, receipts, coalesced tallies and results. */
export const pollsDomain: Domain = {
  name: "polls",
  handlers: registerPollHandlers,
  routes: pollRoutes,
};

export { pollsOf } from "./service";
export { publishedPolls, type PublishedPoll } from "./results";
