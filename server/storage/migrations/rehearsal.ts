import type { Migration } from "./index";

/** The Yjs documents' state at a rehearsal's start, put back when it ends (server/rehearsal). */
export const rehearsalMigrations: Migration[] = [
  {
    id: "rehearsal_0001",
    sql: `
  CREATE TABLE rehearsal_snapshots (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    doc TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (meeting_id, doc)
  );
`,
  },
];
