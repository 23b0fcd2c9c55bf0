import type { Config } from "../config";
import { loadLinkSecret } from "../meetings/tokens";
import { BallotSeal } from "./ballot-seal";
import { SqliteMeetingDocumentStore, type MeetingDocumentStore } from "./meeting-documents";
import type { RedisStore } from "./redis/store";
import { SqliteStore } from "./sqlite";
import type { Store } from "./store";

/**
 * The discussion's storage (meeting documents, speaker turns, the queue) on the store the settings
 * chose: the SQLite file's tables, or the Redis store's keys (server/storage/redis/meeting-documents.ts).
 */
export function meetingDocumentStoreOf(store: Store): MeetingDocumentStore {
  if (store instanceof SqliteStore) return new SqliteMeetingDocumentStore(store.database, (meetingId, input) => store.journalInTransaction(meetingId, input));
  // Redis mode's class is loaded only in Redis mode (idle RSS), so it is recognised by its member.
  if ("meetingDocuments" in store) return (store as RedisStore).meetingDocuments;
  throw new Error("the discussion has no storage on this store");
}

/**
 * The link secret: LINK_SECRET when set (required in Redis mode, so every instance derives the same
 * join tokens), else DATA_DIR/link-secret, created at the first start (one process per folder). 64 hex
 * digits are read as the 32 bytes they spell (the file's format), anything else as its UTF-8 bytes.
 */
export function resolveLinkSecret(config: Pick<Config, "LINK_SECRET" | "dataDir">): Buffer {
  const v = config.LINK_SECRET;
  if (!v) return loadLinkSecret(config.dataDir);
  return /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, "hex") : Buffer.from(v, "utf8");
}

/**
 * The store the settings name: SQLite in DATA_DIR (default) or the Redis at REDIS_URL. In Redis mode
 * secret ballots are sealed with a key derived from the link secret, which is in each instance's
 * configuration and never in Redis (docs/architecture.md, "Secret ballots in Redis").
 */
export async function openStore(config: Pick<Config, "STORE" | "REDIS_URL" | "dataDir" | "LINK_SECRET">): Promise<Store> {
  if (config.STORE === "redis") return (await import("./redis/store")).RedisStore.open(config.REDIS_URL!, { ballotSeal: new BallotSeal(resolveLinkSecret(config)) });
  return new SqliteStore(config.dataDir);
}
