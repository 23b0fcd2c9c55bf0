import type { Config } from "./config";
import type { MeetingEvents } from "./meetings/events";
import type { MeetingRegistry } from "./meetings/registry";
import type { MeetingService } from "./meetings/service";
import type { ConcordServer } from "./realtime/context";
import type { SqliteStore } from "./storage/sqlite";
import type { YjsEndpoint } from "./yjs/endpoint";

/** What the domain modules (meetings, scores, polls, pledge) get from the server. */
export interface ServerContext {
  config: Config;
  store: SqliteStore;
  registry: MeetingRegistry;
  service: MeetingService;
  yjs: YjsEndpoint;
  io: ConcordServer;
  adminToken: string;
  /** Facts one domain tells another (poll published, scores locked). */
  events: MeetingEvents;
}
