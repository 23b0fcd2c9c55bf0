import type { Domain } from "../domains";
import { registerPledgeHandlers } from "./handlers";
import { pledgeRoutes } from "./routes";

/** The pledge: adoption, freeze, proposals, signing, its PDF and the public verification. */
export const pledgeDomain: Domain = { name: "pledge", handlers: registerPledgeHandlers, routes: pledgeRoutes };
