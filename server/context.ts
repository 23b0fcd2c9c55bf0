import type { Config } from "./config";
import type { MeetingEvents } from "./meetings/events";
import type { MeetingRegistry } from "./meetings/registry";
import type { MeetingService } from "./meetings/service";
import type { ConcordServer } from "./realtime/context";
import type { Store } from "./storage/store";
import type { YjsEndpoint } from "./yjs/endpoint";

/**
 * The store as the domains see it: the `Store` interface only (the storage boundary). The discussion's
 * storage comes from `meetingDocumentStoreOf(store)` (server/storage/open.ts); the organisers' archive and
 * cluster links (server/admin) still need the SQLite file and answer 503 in Redis mode.
 */
export type ContextStore = Store;
/** @deprecated the same as ContextStore, kept for existing imports. */
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
