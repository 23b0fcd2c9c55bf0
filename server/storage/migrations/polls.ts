import type { Migration } from "./index";

/**
 * Polls and ballots. "Who voted" (poll_voters) is kept apart from "what" (poll_ballot_sets since 0004):
 * - poll_voters is keyed by (meeting, poll, unit): the unique key that makes one ballot per unit, checked
 *   in the same transaction as "the poll is open". For a secret poll it holds no choice and no receipt,
 *   only the receipt sealed under the client's operation id (so a retry gets its first answer back).
 * - poll_ballot_sets holds, per poll, one JSON array of { choices, receipt } sorted by the random
 *   receipt: no unit, no time, and no per-ballot row whose place on disk could give the order of turnout.
 * - polls.present_units_at_open / _at_close: the units recorded present at those decisions (JSON array),
 *   the meeting's record of attendance for the minutes.
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
  {
    // Issue 8: a copy of the data folder re-identified secret ballots. poll_ballots rows were
    // written one per cast, so the cell's place in its page (cells are allocated downwards in
    // insertion order) and the WAL frame that first held it gave the order of casting, which the
    // journal pairs with units. A poll's ballots now live in ONE row, rewritten whole at each cast,
    // sorted by the random receipt: its bytes are a function of the set of ballots only, never of
    // the order they came in. The older version of the row is zeroed (secure_delete, set here and
    // by PollStore at every start) and the WAL is truncated after each secret cast (PollStore).
    id: "0004_poll_ballot_sets",
    sql: `
  PRAGMA secure_delete = ON;
  CREATE TABLE poll_ballot_sets (
    meeting_id TEXT NOT NULL,
    poll_id TEXT NOT NULL,
    ballots TEXT NOT NULL,
    PRIMARY KEY (meeting_id, poll_id),
    FOREIGN KEY (meeting_id, poll_id) REFERENCES polls(meeting_id, id)
  ) WITHOUT ROWID;
  INSERT INTO poll_ballot_sets (meeting_id, poll_id, ballots)
    SELECT meeting_id, poll_id, json_group_array(json_object('choices', json(choices), 'receipt', receipt))
    FROM (SELECT * FROM poll_ballots ORDER BY meeting_id, poll_id, receipt)
    GROUP BY meeting_id, poll_id;
  DROP TABLE poll_ballots;
  ALTER TABLE polls ADD COLUMN present_units_at_open TEXT;
  ALTER TABLE polls ADD COLUMN present_units_at_close TEXT;
  `,
  },
];
