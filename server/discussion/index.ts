import type { Domain } from "../domains";
import { registerDiscussionHandlers } from "./handlers";
import { discussionRoutes } from "./routes";

/**
 * The discussion half of the morning (issue 15): meeting documents on every tablet, requests to speak
 * with a queue and a timer on the big screen, invitations and the conclusion notice.
 */
export const discussionDomain: Domain = {
  name: "discussion",
  handlers: registerDiscussionHandlers,
  routes: discussionRoutes,
};

export { discussionOf } from "./service";
export { discussionSummary } from "./summary";
