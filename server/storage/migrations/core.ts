import type { Migration } from "./index";

/** Meetings, links, meeting state, journal and Yjs storage. */
export const coreMigrations: Migration[] = [
  {
    id: "0001_core",
    sql: `
  CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE links (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    link_id TEXT NOT NULL,
    role TEXT NOT NULL,
    unit TEXT,
    label TEXT NOT NULL,
    generation INTEGER NOT NULL DEFAULT 1,
    token_hash TEXT NOT NULL UNIQUE,
    revoked_at INTEGER,
    first_seen_at INTEGER,
    PRIMARY KEY (meeting_id, link_id)
  );
  CREATE TABLE meeting_state (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
    state TEXT NOT NULL
  );
  CREATE TABLE journal (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    seq INTEGER NOT NULL,
    ts INTEGER NOT NULL,
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (meeting_id, seq)
  );
  CREATE TABLE yjs_updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX yjs_updates_doc ON yjs_updates (meeting_id, doc, seq);
  CREATE TABLE yjs_snapshots (
    meeting_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    upto_seq INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, doc)
  );
  CREATE TABLE yjs_clients (
    meeting_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    client_id INTEGER NOT NULL,
    link_id TEXT NOT NULL,
    PRIMARY KEY (meeting_id, doc, client_id)
  );
  `,
  },
  {
    // The register of issued final PDFs (server/documents/issued.ts created it on first use; IF NOT EXISTS
    // keeps those files as they are). Written through Store.recordIssuedDocument.
    id: "0005_issued_documents",
    sql: `
  CREATE TABLE IF NOT EXISTS issued_documents (
    meeting_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    issued_at INTEGER NOT NULL,
    signer TEXT,
    PRIMARY KEY (meeting_id, sha256)
  );
  `,
  },
];
