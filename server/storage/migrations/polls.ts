import type { Migration } from "./index";

/**
 * Polls and ballots. "Who voted" (poll_voters) is kept apart from "what" (poll_ballots):
 * - poll_voters is keyed by (meeting, poll, unit): the unique key that makes one ballot per unit, checked
 *   in the same transaction as "the poll is open". For a secret poll it holds no choice and no receipt,
 *   only the receipt sealed under the client's operation id (so a retry gets its first answer back).
 * - poll_ballots holds choices keyed by their random receipt, WITHOUT ROWID and with no unit and no time,
 *   so neither a column nor the storage order ties a ballot to the unit or to the order of turnout.
 */
export const pollMigrations: Migration[] = [
  {
    id: "0002_polls",
    sql: `
  CREATE TABLE polls (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    visibility TEXT NOT NULL,
    subject TEXT NOT NULL,
    title TEXT NOT NULL,
    candidates TEXT NOT NULL,
    excluded TEXT NOT NULL,
    threshold TEXT NOT NULL,
    base TEXT NOT NULL,
    state TEXT NOT NULL,
    round INTEGER NOT NULL,
    runoff_of TEXT,
    created_at INTEGER NOT NULL,
    opened_at INTEGER,
    closed_at INTEGER,
    published_at INTEGER,
    voided_at INTEGER,
    void_reason TEXT,
    members_at_close INTEGER,
    present_at_close INTEGER,
    state_changes INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    PRIMARY KEY (meeting_id, id)
  );
  CREATE TABLE poll_voters (
    meeting_id TEXT NOT NULL,
    poll_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    op_hash TEXT NOT NULL,
    link_id TEXT NOT NULL,
    cast_at INTEGER NOT NULL,
    sealed_receipt TEXT,
    receipt TEXT,
    ballot TEXT,
    PRIMARY KEY (meeting_id, poll_id, unit),
    FOREIGN KEY (meeting_id, poll_id) REFERENCES polls(meeting_id, id)
  ) WITHOUT ROWID;
  CREATE TABLE poll_ballots (
    meeting_id TEXT NOT NULL,
    poll_id TEXT NOT NULL,
    receipt TEXT NOT NULL,
    choices TEXT NOT NULL,
    PRIMARY KEY (meeting_id, poll_id, receipt),
    FOREIGN KEY (meeting_id, poll_id) REFERENCES polls(meeting_id, id)
  ) WITHOUT ROWID;
  `,
  },
];
