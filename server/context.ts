import type { Config } from "./config";
import type { MeetingEvents } from "./meetings/events";
import type { MeetingRegistry } from "./meetings/registry";
import type { MeetingService } from "./meetings/service";
import type { ConcordServer } from "./realtime/context";
import type { SqliteStore } from "./storage/sqlite";
import type { Store } from "./storage/store";
import type { YjsEndpoint } from "./yjs/endpoint";

/**
 * The store as the domains see it. Every domain but polls uses only the `Store` interface; polls still
 * take the SQLite handle (`database`, `journalInTransaction`) and their PollStore wants the SqliteStore
 * class itself. Issue 9, phase 2 moves polls behind Store; then this becomes plain `Store`.
 */
export type ContextStore = SqliteStore;
/** What a domain other than polls may rely on (the boundary). */
export type DomainStore = Store;

/** What the domain modules (meetings, scores, polls, pledge) get from the server. */
export interface ServerContext {
  config: Config;
  store: ContextStore;
  registry: MeetingRegistry;
  service: MeetingService;
  yjs: YjsEndpoint;
  io: ConcordServer;
  adminToken: string;
  /** Facts one domain tells another (poll published, scores locked). */
  events: MeetingEvents;
}
