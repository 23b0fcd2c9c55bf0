import type Database from "better-sqlite3";
import type { JournalEntry } from "../../shared/journal/chain";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { RehearsalRemoved } from "../../shared/protocol/rehearsal";
import { DomainError } from "../errors";
import type { DocName, JournalInput, PersistedMeetingState } from "./store";

/** The link id that client ids bound during a rehearsal are moved to: no device can write with them again. */
export const RETIRED_LINK = "rehearsal";
/** The server's own client ids (server/yjs/doc-room.ts) stay bound to it. */
const SERVER_LINK = "server";

/** A rehearsal's snapshot and its purge, in the SQLite file. */
export class SqliteRehearsal {
  constructor(
    private readonly db: Database.Database,
    private readonly journal: (meetingId: string, input: JournalInput) => JournalEntry,
  ) {}

  put(meetingId: string, docs: { name: DocName; snapshot: Uint8Array }[]): void {
    this.db.transaction(() => {
      const put = this.db.prepare("INSERT OR REPLACE INTO rehearsal_snapshots (meeting_id, doc, data) VALUES (?, ?, ?)");
      for (const d of docs) put.run(meetingId, d.name, Buffer.from(d.snapshot));
    })();
  }

  get(meetingId: string): { name: DocName; snapshot: Uint8Array }[] {
    const rows = this.db.prepare("SELECT doc, data FROM rehearsal_snapshots WHERE meeting_id = ? ORDER BY doc").all(meetingId) as { doc: DocName; data: Buffer }[];
    return rows.map((r) => ({ name: r.doc, snapshot: new Uint8Array(r.data) }));
  }

  purge(
    meetingId: string,
    input: { state: (current: PersistedMeetingState) => PersistedMeetingState; journal: (removed: RehearsalRemoved) => JournalInput },
  ): { entry: JournalEntry; removed: RehearsalRemoved; state: PersistedMeetingState } {
    return this.db.transaction(() => {
      const snapshots = this.get(meetingId);
      if (snapshots.length === 0) throw new DomainError(ERROR_CODES.CONFLICT, "Hội nghị không ở chế độ diễn tập. (The meeting is not in rehearsal.)");
      const row = this.db.prepare("SELECT state FROM meeting_state WHERE meeting_id = ?").get(meetingId) as { state: string } | undefined;
      if (!row) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có hội nghị ${meetingId}. (No meeting ${meetingId}.)`);
      const current = JSON.parse(row.state) as PersistedMeetingState;
      const count = (sql: string) => (this.db.prepare(sql).get(meetingId) as { n: number }).n;
      const state = input.state(current);
      const removed: RehearsalRemoved = {
        polls: count("SELECT COUNT(*) AS n FROM polls WHERE meeting_id = ?"),
        ballots: count("SELECT COUNT(*) AS n FROM poll_voters WHERE meeting_id = ?"),
        signatures: count("SELECT COUNT(*) AS n FROM pledge_signatures WHERE meeting_id = ?"),
        turns: count("SELECT COUNT(*) AS n FROM speaker_turns WHERE meeting_id = ?"),
        docUpdates: count("SELECT COUNT(*) AS n FROM yjs_updates WHERE meeting_id = ?"),
        marks: Object.keys(current.marks).length - Object.keys(current.rehearsal?.before.marks ?? {}).length,
      };
      for (const table of ["poll_voters", "poll_ballot_sets", "polls", "pledge_signatures", "pledge", "speaker_turns", "discussion_state"])
        this.db.prepare(`DELETE FROM ${table} WHERE meeting_id = ?`).run(meetingId);
      for (const s of snapshots) {
        this.db.prepare("DELETE FROM yjs_updates WHERE meeting_id = ? AND doc = ?").run(meetingId, s.name);
        this.db.prepare("DELETE FROM yjs_snapshots WHERE meeting_id = ? AND doc = ?").run(meetingId, s.name);
        this.db.prepare("INSERT INTO yjs_updates (meeting_id, doc, data) VALUES (?, ?, ?)").run(meetingId, s.name, Buffer.from(s.snapshot));
      }
      // A tablet still holding the rehearsal's copy would write it back under its old client id: refused (FOREIGN_CLIENT), it resyncs.
      this.db.prepare("UPDATE yjs_clients SET link_id = ? WHERE meeting_id = ? AND link_id <> ?").run(RETIRED_LINK, meetingId, SERVER_LINK);
      this.db.prepare("UPDATE meeting_state SET state = ? WHERE meeting_id = ?").run(JSON.stringify(state), meetingId);
      this.db.prepare("DELETE FROM rehearsal_snapshots WHERE meeting_id = ?").run(meetingId);
      const entry = this.journal(meetingId, input.journal(removed));
      return { entry, removed, state };
    })();
  }
}
