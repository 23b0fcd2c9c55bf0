import type { Migration } from "./index";

/**
 * Meeting documents and the discussion (issue 15). PDFs are stored once per content (document_blobs,
 * keyed by SHA-256) and listed per meeting (meeting_documents); the live queue of requests to speak and
 * the page on the big screen are one JSON row per meeting (discussion_state); every turn that ended is a
 * row of speaker_turns (who, kind, start, end, duration), written with its journal entry.
 */
export const discussionMigrations: Migration[] = [
  {
    id: "0004_discussion",
    sql: `
  CREATE TABLE document_blobs (
    sha256 TEXT PRIMARY KEY,
    bytes INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE TABLE meeting_documents (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL REFERENCES document_blobs(sha256),
    bytes INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    agenda_index INTEGER,
    uploaded_at INTEGER NOT NULL,
    uploaded_by TEXT NOT NULL,
    PRIMARY KEY (meeting_id, id)
  );
  CREATE TABLE discussion_state (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
    state TEXT NOT NULL
  );
  CREATE TABLE speaker_turns (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    request_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    kind TEXT NOT NULL,
    agenda_index INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER NOT NULL,
    duration_s INTEGER NOT NULL,
    limit_s INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, request_id)
  );
  `,
  },
];
