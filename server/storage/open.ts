import type { Config } from "../config";
import { loadLinkSecret } from "../meetings/tokens";
import { BallotSeal } from "./ballot-seal";
import { RedisStore } from "./redis/store";
import { SqliteStore } from "./sqlite";
import type { Store } from "./store";

/**
 * Redis mode cannot serve meetings yet: everything the server writes must go through the Store, and
 * the discussion domain (meeting documents, speaker turns: server/discussion/service.ts on
 * server/storage/meeting-documents.ts) still takes the SQLite handle. Polls, the pledge, scores, links,
 * the meeting state, the journal and Yjs are behind the Store. The refusal goes when the discussion is.
 */
export const REDIS_MODE_INCOMPLETE =
  "STORE=redis: chế độ Redis chưa dùng được — phần thảo luận (tài liệu, lượt phát biểu) vẫn ghi thẳng vào SQLite. (Redis mode is not complete: the discussion still uses the SQLite handle; issue 9.)";

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
  if (config.STORE === "redis") return RedisStore.open(config.REDIS_URL!, { ballotSeal: new BallotSeal(resolveLinkSecret(config)) });
  return new SqliteStore(config.dataDir);
}
