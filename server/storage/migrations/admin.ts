import type { Migration } from "./index";

/**
 * The organisers' side: the archive flag and the cluster organisers' links (only the SHA-256 of each
 * token). The id is the one server/admin/store.ts used when it created these tables itself, so a data
 * folder that already has them is not migrated twice.
 */
export const adminMigrations: Migration[] = [
  {
    id: "admin_0001",
    sql: `
  CREATE TABLE IF NOT EXISTS meeting_archive (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
    archived_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS organiser_links (
    link_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL,
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
`,
  },
];
