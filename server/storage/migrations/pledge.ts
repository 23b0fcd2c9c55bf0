import type { Migration } from "./index";

/**
 * The pledge's stage and frozen text, the elected offices that decide the signing order, and the
 * signatures. A voided signature stays (with why and when) so the journal can be checked against it;
 * only one live signature per unit.
 */
export const pledgeMigrations: Migration[] = [
  {
    id: "0003_pledge",
    sql: `
  CREATE TABLE pledge (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
    stage TEXT NOT NULL,
    adopted_by TEXT,
    adopted_at INTEGER,
    draft TEXT,
    text TEXT,
    text_hash TEXT,
    frozen_at INTEGER,
    final_at INTEGER,
    head_unit TEXT,
    deputy_unit TEXT,
    version INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE pledge_signatures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    unit TEXT NOT NULL,
    op_id TEXT NOT NULL,
    link_id TEXT NOT NULL,
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    on_behalf TEXT,
    strokes TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL,
    address TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    signature_hash TEXT NOT NULL,
    voided_at INTEGER,
    void_reason TEXT
  );
  CREATE UNIQUE INDEX pledge_signatures_live_unit ON pledge_signatures (meeting_id, unit) WHERE voided_at IS NULL;
  CREATE UNIQUE INDEX pledge_signatures_op ON pledge_signatures (meeting_id, unit, op_id);
  `,
  },
];
