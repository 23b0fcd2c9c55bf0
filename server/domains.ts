import type { Router } from "express";
import type { ServerContext } from "./context";
import type { ConcordSocket } from "./realtime/context";
import type { MeetingRoom } from "./meetings/room";
import type { DocRoom } from "./yjs/doc-room";
import { scoresDomain } from "./scores/index";
import { minutesDomain } from "./minutes/index";
import { pledgeDomain } from "./pledge/index";
import { pollsDomain } from "./polls/index";
import { discussionDomain } from "./discussion/index";
import { archiveDomain } from "./admin/archive";
import { rehearsalDomain } from "./rehearsal/index";

/**
 * A domain of the meeting (scores, polls, pledge) plugs in its Socket.IO handlers and its HTTP
 * routes here; each lives in its own folder.
 */
export interface Domain {
  name: string;
  handlers?: (socket: ConcordSocket, ctx: ServerContext) => void;
  routes?: (ctx: ServerContext) => Router;
  /**
   * Runs when one of the meeting's Yjs documents is loaded, before any client sees it: the place to
   * bring the document's server-owned keys back in line with the database (which is the truth) after
   * a crash between the two writes.
   */
  onDocLoaded?: (ctx: ServerContext, room: MeetingRoom, doc: DocRoom) => Promise<void>;
}

export const DOMAINS: readonly Domain[] = [
  archiveDomain,
  scoresDomain,
  pledgeDomain,
  pollsDomain,
  discussionDomain,
  rehearsalDomain,
  minutesDomain,
];
