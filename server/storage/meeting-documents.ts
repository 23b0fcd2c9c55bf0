import type Database from "better-sqlite3";
import type { JournalEntry } from "../../shared/journal/chain";
import type { SpeakKind, SpeakersState, SpokenTurn } from "../../shared/protocol/discussion";
import type { JournalInput } from "./store";

/** A meeting document's row: the PDF itself is a blob keyed by its SHA-256, shared by every meeting that attaches it. */
export interface StoredMeetingDocument {
  meetingId: string;
  /** The first 16 hex digits of sha256: the same file is one document per meeting. */
  id: string;
  title: string;
  sha256: string;
  bytes: number;
  pages: number;
  agendaIndex: number | null;
  uploadedAt: number;
  /** The journal actor who attached it. */
  uploadedBy: string;
}

/** The discussion's live state of a meeting: the queue and the page on the screen. */
export interface PersistedDiscussion {
  speakers: SpeakersState;
  presented: { docId: string; page: number } | null;
  /** The number of the last request id given ("r7" → 7), so ids are never reused. */
  lastRequest: number;
}

export const EMPTY_DISCUSSION: PersistedDiscussion = { speakers: { current: null, queue: [] }, presented: null, lastRequest: 0 };

/**
 * Storage of meeting documents and of the discussion, behind an interface so a Redis implementation can
 * follow the SQLite one. Every write that changes what the meeting records is atomic with its journal entry.
 */
export interface MeetingDocumentStore {
  /**
   * Stores the blob (once per SHA-256) and the document's row with its journal entry, all or nothing.
   * When the meeting already has this file, nothing is written and the existing row comes back.
   */
  addDocument(doc: StoredMeetingDocument, pdf: Uint8Array, journal: JournalInput): Promise<{ document: StoredMeetingDocument; entry: JournalEntry | null }>;
  listDocuments(meetingId: string): Promise<StoredMeetingDocument[]>;
  getDocument(meetingId: string, id: string): Promise<StoredMeetingDocument | null>;
  /** The PDF's bytes by its hash. */
  readBlob(sha256: string): Promise<Uint8Array | null>;

  getDiscussion(meetingId: string): Promise<PersistedDiscussion>;
  /** Stores the next state, the turn that ended (if any) and the journal entry in one transaction. */
  commitDiscussion(meetingId: string, next: PersistedDiscussion, journal: JournalInput, turn?: SpokenTurn): Promise<JournalEntry>;
  /** Every turn that ended, in speaking order. */
  listTurns(meetingId: string): Promise<SpokenTurn[]>;
}

interface DocumentRow {
  meeting_id: string;
  id: string;
  title: string;
  sha256: string;
  bytes: number;
  pages: number;
  agenda_index: number | null;
  uploaded_at: number;
  uploaded_by: string;
}

interface TurnRow {
  request_id: string;
  unit: string;
  kind: string;
  agenda_index: number;
  started_at: number;
  ended_at: number;
  duration_s: number;
  limit_s: number;
}

const toDocument = (r: DocumentRow): StoredMeetingDocument => ({
  meetingId: r.meeting_id,
  id: r.id,
  title: r.title,
  sha256: r.sha256,
  bytes: r.bytes,
  pages: r.pages,
  agendaIndex: r.agenda_index,
  uploadedAt: r.uploaded_at,
  uploadedBy: r.uploaded_by,
});

/** Appends a journal entry inside the caller's SQLite transaction (SqliteStore.journalInTransaction). */
export type JournalInTransaction = (meetingId: string, input: JournalInput) => JournalEntry;

/**
 * The SQLite implementation, on the embedded store's database (its tables come from the
 * "0004_discussion" migration). better-sqlite3 is synchronous: each method's transaction has committed
 * (synchronous = FULL) when its promise resolves.
 */
export class SqliteMeetingDocumentStore implements MeetingDocumentStore {
  constructor(
    private readonly db: Database.Database,
    private readonly journal: JournalInTransaction,
  ) {}

  async addDocument(doc: StoredMeetingDocument, pdf: Uint8Array, journal: JournalInput) {
    return this.db.transaction(() => {
      const existing = this.db.prepare("SELECT * FROM meeting_documents WHERE meeting_id = ? AND id = ?").get(doc.meetingId, doc.id) as DocumentRow | undefined;
      if (existing) return { document: toDocument(existing), entry: null };
      this.db
        .prepare("INSERT OR IGNORE INTO document_blobs (sha256, bytes, data) VALUES (?, ?, ?)")
        .run(doc.sha256, pdf.byteLength, Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      this.db
        .prepare(
          `INSERT INTO meeting_documents (meeting_id, id, title, sha256, bytes, pages, agenda_index, uploaded_at, uploaded_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(doc.meetingId, doc.id, doc.title, doc.sha256, doc.bytes, doc.pages, doc.agendaIndex, doc.uploadedAt, doc.uploadedBy);
      return { document: doc, entry: this.journal(doc.meetingId, journal) };
    })();
  }

  async listDocuments(meetingId: string): Promise<StoredMeetingDocument[]> {
    return (this.db.prepare("SELECT * FROM meeting_documents WHERE meeting_id = ? ORDER BY uploaded_at, rowid").all(meetingId) as DocumentRow[]).map(toDocument);
  }

  async getDocument(meetingId: string, id: string): Promise<StoredMeetingDocument | null> {
    const row = this.db.prepare("SELECT * FROM meeting_documents WHERE meeting_id = ? AND id = ?").get(meetingId, id) as DocumentRow | undefined;
    return row ? toDocument(row) : null;
  }

  async readBlob(sha256: string): Promise<Uint8Array | null> {
    const row = this.db.prepare("SELECT data FROM document_blobs WHERE sha256 = ?").get(sha256) as { data: Buffer } | undefined;
    return row ? new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) : null;
  }

  async getDiscussion(meetingId: string): Promise<PersistedDiscussion> {
    const row = this.db.prepare("SELECT state FROM discussion_state WHERE meeting_id = ?").get(meetingId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as PersistedDiscussion) : structuredClone(EMPTY_DISCUSSION);
  }

  async commitDiscussion(meetingId: string, next: PersistedDiscussion, journal: JournalInput, turn?: SpokenTurn): Promise<JournalEntry> {
    return this.db.transaction(() => {
      this.db
        .prepare("INSERT INTO discussion_state (meeting_id, state) VALUES (?, ?) ON CONFLICT (meeting_id) DO UPDATE SET state = excluded.state")
        .run(meetingId, JSON.stringify(next));
      if (turn)
        this.db
          .prepare(
            `INSERT INTO speaker_turns (meeting_id, request_id, unit, kind, agenda_index, started_at, ended_at, duration_s, limit_s)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(meetingId, turn.requestId, turn.unit, turn.kind, turn.agendaIndex, turn.startedAt, turn.endedAt, turn.durationS, turn.limitS);
      return this.journal(meetingId, journal);
    })();
  }

  async listTurns(meetingId: string): Promise<SpokenTurn[]> {
    return (this.db.prepare("SELECT * FROM speaker_turns WHERE meeting_id = ? ORDER BY started_at, rowid").all(meetingId) as TurnRow[]).map((r) => ({
      requestId: r.request_id,
      unit: r.unit,
      kind: r.kind as SpeakKind,
      agendaIndex: r.agenda_index,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      durationS: r.duration_s,
      limitS: r.limit_s,
    }));
  }
}
