import type { Config } from "../config";
import { RedisStore } from "./redis/store";
import { SqliteStore } from "./sqlite";
import type { Store } from "./store";

/**
 * Redis mode cannot serve meetings yet: polls (and the meeting documents) still reach the SQLite
 * handle directly. Issue 9, phase 2 moves them behind Store; then this refusal goes.
 */
export const REDIS_MODE_INCOMPLETE =
  "STORE=redis: chế độ Redis chưa dùng được — phần biểu quyết vẫn ghi thẳng vào SQLite. (Redis mode is not complete: polls still use the SQLite handle; issue 9, phase 2.)";

/** The store the settings name: SQLite in DATA_DIR (default) or the Redis at REDIS_URL. */
export async function openStore(config: Pick<Config, "STORE" | "REDIS_URL" | "dataDir">): Promise<Store> {
  if (config.STORE === "redis") return RedisStore.open(config.REDIS_URL!);
  return new SqliteStore(config.dataDir);
}
