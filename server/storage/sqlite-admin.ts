import type Database from "better-sqlite3";
import type { JournalEntry } from "../../shared/journal/chain";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { DomainError } from "../errors";
import type { JournalInput, OrganiserLinkRecord } from "./store";

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

/** The organisers' tables in the SQLite file (migration admin_0001): the archive flag and the cluster organisers' links. */
export class SqliteAdminTables {
  constructor(
    private readonly db: Database.Database,
    private readonly journal: (meetingId: string, input: JournalInput) => JournalEntry,
  ) {}

  archived(): string[] {
    return (this.db.prepare("SELECT meeting_id FROM meeting_archive ORDER BY meeting_id").all() as { meeting_id: string }[]).map((r) => r.meeting_id);
  }

  isArchived(meetingId: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM meeting_archive WHERE meeting_id = ?").get(meetingId);
  }

  setArchived(meetingId: string, archived: boolean, journal: JournalInput): JournalEntry | null {
    return this.db.transaction(() => {
      if (!this.db.prepare("SELECT 1 FROM meetings WHERE id = ?").get(meetingId))
        throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có hội nghị ${meetingId}. (No meeting ${meetingId}.)`);
      if (this.isArchived(meetingId) === archived) return null;
      if (archived) this.db.prepare("INSERT INTO meeting_archive (meeting_id, archived_at) VALUES (?, ?)").run(meetingId, journal.ts ?? Date.now());
      else this.db.prepare("DELETE FROM meeting_archive WHERE meeting_id = ?").run(meetingId);
      return this.journal(meetingId, journal);
    })();
  }

  createLink(link: OrganiserLinkRecord): void {
    try {
      this.db
        .prepare("INSERT INTO organiser_links (link_id, cluster_id, label, token_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run(link.linkId, link.clusterId, link.label, link.tokenHash, link.createdAt, link.revokedAt);
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith("SQLITE_CONSTRAINT"))
        throw new DomainError(ERROR_CODES.CONFLICT, "Liên kết này đã có. (This organiser link exists.)");
      throw err;
    }
  }

  findLink(tokenHash: string): OrganiserLinkRecord | null {
    const row = this.db.prepare("SELECT * FROM organiser_links WHERE token_hash = ?").get(tokenHash) as OrganiserLinkRow | undefined;
    return row ? toOrganiserLink(row) : null;
  }

  listLinks(): OrganiserLinkRecord[] {
    return (this.db.prepare("SELECT * FROM organiser_links ORDER BY created_at, link_id").all() as OrganiserLinkRow[]).map(toOrganiserLink);
  }

  revokeLink(linkId: string, at: number): boolean {
    return this.db.prepare("UPDATE organiser_links SET revoked_at = ? WHERE link_id = ? AND revoked_at IS NULL").run(at, linkId).changes === 1;
  }
}
