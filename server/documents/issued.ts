import type Database from "better-sqlite3";
import { createHash } from "node:crypto";

export type IssuedKind = "pledge" | "minutes";

export interface IssuedFile {
  kind: IssuedKind;
  sha256: string;
  size: number;
  issuedAt: number;
  /** Subject of the certificate that signed the file (PAdES), null when unsigned. */
  signer: string | null;
}

/**
 * The SHA-256 of every final PDF the server handed out, so /verify can say "this is exactly the
 * file we issued" (a stronger statement than "the text matches"). Created here, not in the
 * migrations, because only this module reads or writes it; the statement is idempotent.
 */
export class IssuedFiles {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS issued_documents (
      meeting_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      size INTEGER NOT NULL,
      issued_at INTEGER NOT NULL,
      signer TEXT,
      PRIMARY KEY (meeting_id, sha256)
    )`);
  }

  record(meetingId: string, kind: IssuedKind, pdf: Buffer, signer: string | null, at = Date.now()): string {
    const sha256 = sha256Of(pdf);
    this.db
      .prepare("INSERT OR IGNORE INTO issued_documents (meeting_id, kind, sha256, size, issued_at, signer) VALUES (?, ?, ?, ?, ?, ?)")
      .run(meetingId, kind, sha256, pdf.length, at, signer);
    return sha256;
  }

  find(meetingId: string, sha256: string): IssuedFile | null {
    const r = this.db
      .prepare("SELECT kind, sha256, size, issued_at, signer FROM issued_documents WHERE meeting_id = ? AND sha256 = ?")
      .get(meetingId, sha256) as { kind: IssuedKind; sha256: string; size: number; issued_at: number; signer: string | null } | undefined;
    return r ? { kind: r.kind, sha256: r.sha256, size: r.size, issuedAt: r.issued_at, signer: r.signer } : null;
  }

  list(meetingId: string): IssuedFile[] {
    return (
      this.db
        .prepare("SELECT kind, sha256, size, issued_at, signer FROM issued_documents WHERE meeting_id = ? ORDER BY issued_at, sha256")
        .all(meetingId) as Array<{ kind: IssuedKind; sha256: string; size: number; issued_at: number; signer: string | null }>
    ).map((r) => ({ kind: r.kind, sha256: r.sha256, size: r.size, issuedAt: r.issued_at, signer: r.signer }));
  }
}

export function sha256Of(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const byDb = new WeakMap<Database.Database, IssuedFiles>();

export function issuedFiles(db: Database.Database): IssuedFiles {
  let files = byDb.get(db);
  if (!files) byDb.set(db, (files = new IssuedFiles(db)));
  return files;
}
