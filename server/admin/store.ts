import type Database from "better-sqlite3";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { JournalEntry } from "../../shared/journal/chain";
import type { DocName, LinkRecord } from "../storage/store";

/** The link id the Yjs rooms bind the server's own client ids to (server/yjs/doc-room.ts). */
const SERVER_LINK = "server";
import type { SqliteStore } from "../storage/sqlite";

/**
 * What the organisers' side stores beside the meetings: the archive flag and the cluster organisers'
 * links (only the SHA-256 of each token). It shares the meetings' SQLite file, as the poll and pledge
 * stores do, and adds its own tables once (recorded in schema_migrations like every migration).
 */
const MIGRATION_ID = "admin_0001";
const MIGRATION_SQL = `
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
`;

export interface OrganiserLinkRecord {
  linkId: string;
  clusterId: string;
  label: string;
  tokenHash: string;
  createdAt: number;
  revokedAt: number | null;
}

interface OrganiserLinkRow {
  link_id: string;
  cluster_id: string;
  label: string;
  token_hash: string;
  created_at: number;
  revoked_at: number | null;
}
const toOrganiserLink = (r: OrganiserLinkRow): OrganiserLinkRecord => ({
  linkId: r.link_id,
  clusterId: r.cluster_id,
  label: r.label,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export class AdminStore {
  private readonly db: Database.Database;

  constructor(private readonly store: SqliteStore) {
    this.db = store.database;
    this.db.transaction(() => {
      this.db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
      if (this.db.prepare("SELECT 1 FROM schema_migrations WHERE id = ?").get(MIGRATION_ID)) return;
      this.db.exec(MIGRATION_SQL);
      this.db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(MIGRATION_ID, Date.now());
    })();
  }

  archivedIds(): Set<string> {
    return new Set((this.db.prepare("SELECT meeting_id FROM meeting_archive").all() as { meeting_id: string }[]).map((r) => r.meeting_id));
  }

  isArchived(meetingId: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM meeting_archive WHERE meeting_id = ?").get(meetingId);
  }

  /** Archives or restores a meeting with its journal entry, in one transaction; null when nothing changes. */
  setArchived(meetingId: string, archived: boolean, actor: string): JournalEntry | null {
    return this.db.transaction(() => {
      if (this.isArchived(meetingId) === archived) return null;
      if (archived) this.db.prepare("INSERT INTO meeting_archive (meeting_id, archived_at) VALUES (?, ?)").run(meetingId, Date.now());
      else this.db.prepare("DELETE FROM meeting_archive WHERE meeting_id = ?").run(meetingId);
      return this.store.journalInTransaction(meetingId, { actor, type: archived ? "meeting.archived" : "meeting.unarchived", data: null });
    })();
  }

  createOrganiserLink(link: OrganiserLinkRecord): void {
    this.db
      .prepare("INSERT INTO organiser_links (link_id, cluster_id, label, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)")
      .run(link.linkId, link.clusterId, link.label, link.tokenHash, link.createdAt);
  }

  findOrganiserLink(tokenHash: string): OrganiserLinkRecord | null {
    const row = this.db.prepare("SELECT * FROM organiser_links WHERE token_hash = ?").get(tokenHash) as OrganiserLinkRow | undefined;
    return row ? toOrganiserLink(row) : null;
  }

  listOrganiserLinks(): OrganiserLinkRecord[] {
    return (this.db.prepare("SELECT * FROM organiser_links ORDER BY created_at").all() as OrganiserLinkRow[]).map(toOrganiserLink);
  }

  revokeOrganiserLink(linkId: string): boolean {
    return this.db.prepare("UPDATE organiser_links SET revoked_at = ? WHERE link_id = ? AND revoked_at IS NULL").run(Date.now(), linkId).changes === 1;
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
    journal: { actor: string; data: unknown },
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
