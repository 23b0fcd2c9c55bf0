import type Database from "better-sqlite3";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { JournalEntry } from "../../shared/journal/chain";
import type { JournalData } from "../../shared/journal/entries";
import type { DocName, LinkRecord } from "../storage/store";

/** The link id the Yjs rooms bind the server's own client ids to (server/yjs/doc-room.ts). */
const SERVER_LINK = "server";
import type { SqliteStore } from "../storage/sqlite";

export type { OrganiserLinkRecord } from "../storage/store";

/**
 * Definition edits (SQLite mode only): rewriting a meeting's definition, links and documents in one
 * transaction of the SQLite file. The archive flag and the cluster organisers' links are behind the
 * Store (both stores).
 */
export class AdminStore {
  private readonly db: Database.Database;

  constructor(private readonly store: SqliteStore) {
    this.db = store.database;
  }

  /**
   * Replaces a meeting's definition before it starts: the definition, the delegate links of removed
   * units (deleted) and added units (inserted), relabelled links, the documents' restructuring updates
   * and the journal entry — one transaction.
   */
  replaceDefinition(
    meetingId: string,
    definition: MeetingDefinition,
    links: { remove: string[]; add: LinkRecord[]; relabel: { linkId: string; label: string }[] },
    journal: { actor: string; data: JournalData<"meeting.definition_updated"> },
    docs: { name: DocName; update: Uint8Array; clientId: number }[],
  ): JournalEntry {
    return this.db.transaction(() => {
      // The documents' new structure is stored with the definition: a crash cannot leave one without the other.
      const update = this.db.prepare("INSERT INTO yjs_updates (meeting_id, doc, data) VALUES (?, ?, ?)");
      const bind = this.db.prepare("INSERT OR IGNORE INTO yjs_clients (meeting_id, doc, client_id, link_id) VALUES (?, ?, ?, ?)");
      for (const d of docs) {
        update.run(meetingId, d.name, Buffer.from(d.update));
        // The writer is the server: no client may later claim its client id.
        bind.run(meetingId, d.name, d.clientId, SERVER_LINK);
      }
      this.db.prepare("UPDATE meetings SET definition = ? WHERE id = ?").run(JSON.stringify(definition), meetingId);
      const del = this.db.prepare("DELETE FROM links WHERE meeting_id = ? AND link_id = ?");
      for (const id of links.remove) del.run(meetingId, id);
      const ins = this.db.prepare(
        "INSERT INTO links (meeting_id, link_id, role, unit, label, generation, token_hash, revoked_at, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
      );
      for (const l of links.add) ins.run(meetingId, l.linkId, l.role, l.unit, l.label, l.generation, l.tokenHash);
      const rel = this.db.prepare("UPDATE links SET label = ? WHERE meeting_id = ? AND link_id = ?");
      for (const r of links.relabel) rel.run(r.label, meetingId, r.linkId);
      return this.store.journalInTransaction(meetingId, { actor: journal.actor, type: "meeting.definition_updated", data: journal.data });
    })();
  }
}
