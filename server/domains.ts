import type { Router } from "express";
import type { ServerContext } from "./context";
import type { ConcordSocket } from "./realtime/context";
import { scoresDomain } from "./scores/index";
import { minutesDomain } from "./minutes/index";
import { pledgeDomain } from "./pledge/index";
import { pollsDomain } from "./polls/index";

/**
 * A domain of the meeting (scores, polls, pledge) plugs in its Socket.IO handlers and its HTTP
 * routes here; each lives in its own folder.
 */
export interface Domain {
  name: string;
  handlers?: (socket: ConcordSocket, ctx: ServerContext) => void;
  routes?: (ctx: ServerContext) => Router;
}

export const DOMAINS: readonly Domain[] = [
  scoresDomain,
  pledgeDomain,
  pollsDomain,
  minutesDomain,
];
