import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { GENESIS_HASH, type JournalEntry } from "../../shared/journal/chain";
import { checkedChainEntry } from "../../shared/journal/entries";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { Role } from "../../shared/protocol/roles";
import { MIGRATIONS } from "./migrations/index";
import type { PledgeDecision, PledgeRecord, SignatureRecord } from "./pledge";
import { SqlitePledgeTables } from "./sqlite-pledge";
import type { CastInput, CastOutcome, PollDecision, PollRecord, StoredBallot, VoterRecord } from "./polls";
import { SqlitePollTables } from "./sqlite-polls";
import { SqliteAdminTables } from "./sqlite-admin";
import { SqliteRehearsal } from "./sqlite-rehearsal";
import type { RehearsalRemoved } from "../../shared/protocol/rehearsal";
import { GroupCommit, type PendingWrite } from "./group-commit";
import { DomainError } from "../errors";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type {
  DocName,
  IssuedDocumentRecord,
  JournalInput,
  LinkRecord,
  MeetingRecord,
  OrganiserLinkRecord,
  PersistedMeetingState,
  Store,
  StoredDoc,
} from "./store";

interface LinkRow {
  meeting_id: string;
  link_id: string;
  role: string;
  unit: string | null;
  label: string;
  generation: number;
  token_hash: string;
  revoked_at: number | null;
  first_seen_at: number | null;
}
interface MeetingRow {
  id: string;
  definition: string;
  is_demo: number;
  created_at: number;
}
interface JournalRow {
  seq: number;
  ts: number;
  actor: string;
  type: string;
  data: string;
  prev_hash: string;
  hash: string;
}

interface IssuedRow {
  kind: IssuedDocumentRecord["kind"];
  sha256: string;
  size: number;
  issued_at: number;
  signer: string | null;
}
const toIssued = (r: IssuedRow): IssuedDocumentRecord => ({ kind: r.kind, sha256: r.sha256, size: r.size, issuedAt: r.issued_at, signer: r.signer });

const toLink = (r: LinkRow): LinkRecord => ({
  meetingId: r.meeting_id,
  linkId: r.link_id,
  role: r.role as Role,
  unit: r.unit,
  label: r.label,
  generation: r.generation,
  tokenHash: r.token_hash,
  revokedAt: r.revoked_at,
  firstSeenAt: r.first_seen_at,
});
const toMeeting = (r: MeetingRow): MeetingRecord => ({
  id: r.id,
  definition: JSON.parse(r.definition) as MeetingDefinition,
  isDemo: r.is_demo === 1,
  createdAt: r.created_at,
});
const toEntry = (r: JournalRow): JournalEntry => ({
  seq: r.seq,
  ts: r.ts,
  actor: r.actor,
  type: r.type,
  data: JSON.parse(r.data) as unknown,
  prevHash: r.prev_hash,
  hash: r.hash,
});


/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous; writes are grouped
 * per turn of the event loop into one transaction (see `write`), and every method has finished writing
 * (and the WAL is synced per `synchronous = FULL`) when its promise resolves.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;

  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, "concord.sqlite"));
    this.db.pragma("journal_mode = WAL");
    // FULL: a transaction acknowledged to a user survives a power cut, not only a process crash.
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    this.db.pragma("foreign_keys = ON");
    this.migrate();
    this.pledge = new SqlitePledgeTables(this.db);
    this.polls = new SqlitePollTables(this.db);
    this.admin = new SqliteAdminTables(this.db, (meetingId, input) => this.appendJournalSync(meetingId, input));
    this.rehearsal = new SqliteRehearsal(this.db, (meetingId, input) => this.appendJournalSync(meetingId, input));
  }

  private readonly admin: SqliteAdminTables;
  private readonly rehearsal: SqliteRehearsal;

  private readonly pledge: SqlitePledgeTables;
  private readonly polls: SqlitePollTables;

  private readonly statements = new Map<string, Database.Statement>();

  /** Writes asked for, committed in groups (group-commit.ts). */
  private readonly groups = new GroupCommit((group) => this.commitGroup(group));

  /** Groups committed so far. */
  get commits(): number {
    return this.groups.commits;
  }

  /**
   * Every write of this store goes through here: it runs with the others of its group, in order, in one
   * transaction, and answers after the group's COMMIT (group-commit.ts). Writes take effect in the order asked.
   */
  private write<T>(run: () => T, cast = false): Promise<T> {
    return this.groups.ask(run, cast);
  }

  private commitGroup(group: PendingWrite[]): void {
    if (!this.db.open) {
      for (const w of group) w.reject(new Error("Kho dữ liệu đã đóng. (The store is closed.)"));
      return;
    }
    const done: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    this.polls.takeSecretCast();
    try {
      this.polls.beginGroup();
      this.db.transaction(() => {
        for (const w of group) {
          // A run of casts shares each poll's ballot set; any other write sees it written first.
          if (!w.cast) this.polls.flushSets();
          try {
            done.push({ ok: true, value: this.db.transaction(w.run)() });
          } catch (error) {
            done.push({ ok: false, error });
          }
        }
        this.polls.flushSets();
      })();
    } catch (error) {
      // The commit itself failed: nothing of the group is stored.
      for (const w of group) w.reject(error);
      return;
    } finally {
      this.polls.endGroup();
    }
    // After the commit, before any answer: the WAL frames of a secret cast (next to the previous
    // version of the ballot set still in the database file) would show which ballot was added.
    if (this.polls.takeSecretCast()) this.polls.scrubWal();
    group.forEach((w, i) => {
      const d = done[i]!;
      if (d.ok) w.resolve(d.value);
      else w.reject(d.error);
    });
  }

  /** Prepared once per SQL text: preparing is a noticeable share of a small write. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  private migrate(): void {
    this.db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
    const applied = new Set((this.stmt("SELECT id FROM schema_migrations").all() as { id: string }[]).map((r) => r.id));
    for (const m of MIGRATIONS) {
      if (applied.has(m.id)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sql);
        this.stmt("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(m.id, Date.now());
      })();
    }
  }

  /**
   * The database handle. Not part of `Store`, so no domain reaches it through the server's context;
   * left for tests and tools that inspect the file, the SQLite implementation of the discussion's
   * storage (storage/open.ts, meetingDocumentStoreOf) and the organisers' own tables (server/admin,
   * SQLite mode only; see docs/architecture.md, "The storage boundary").
   */
  get database(): Database.Database {
    return this.db;
  }

  /** Appends a journal entry inside the caller's transaction (for the code not yet behind the Store). */
  journalInTransaction(meetingId: string, input: JournalInput): JournalEntry {
    return this.appendJournalSync(meetingId, input);
  }

  private appendJournalSync(meetingId: string, input: JournalInput): JournalEntry {
    const head = this.stmt("SELECT seq, hash FROM journal WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1")
      .get(meetingId) as { seq: number; hash: string } | undefined;
    const entry = checkedChainEntry(head?.hash ?? GENESIS_HASH, {
      seq: (head?.seq ?? 0) + 1,
      ts: input.ts ?? Date.now(),
      actor: input.actor,
      type: input.type,
      data: input.data ?? null,
    });
    this.stmt("INSERT INTO journal (meeting_id, seq, ts, actor, type, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(meetingId, entry.seq, entry.ts, entry.actor, entry.type, JSON.stringify(entry.data), entry.prevHash, entry.hash);
    return entry;
  }

  async createMeeting(input: Parameters<Store["createMeeting"]>[0]): Promise<void> {
    const { meeting, links, state, docs, journal } = input;
    await this.write(() => {
      this.stmt("INSERT INTO meetings (id, definition, is_demo, created_at) VALUES (?, ?, ?, ?)")
        .run(meeting.id, JSON.stringify(meeting.definition), meeting.isDemo ? 1 : 0, meeting.createdAt);
      const insertLink = this.stmt(
        "INSERT INTO links (meeting_id, link_id, role, unit, label, generation, token_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
      );
      for (const l of links) insertLink.run(meeting.id, l.linkId, l.role, l.unit, l.label, l.generation, l.tokenHash);
      this.stmt("INSERT INTO meeting_state (meeting_id, state) VALUES (?, ?)").run(meeting.id, JSON.stringify(state));
      for (const d of docs)
        this.stmt("INSERT INTO yjs_updates (meeting_id, doc, data) VALUES (?, ?, ?)").run(meeting.id, d.name, Buffer.from(d.update));
      this.appendJournalSync(meeting.id, journal);
    });
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    const row = this.stmt("SELECT * FROM meetings WHERE id = ?").get(id) as MeetingRow | undefined;
    return row ? toMeeting(row) : null;
  }

  async findDemoMeeting(): Promise<MeetingRecord | null> {
    const row = this.stmt("SELECT * FROM meetings WHERE is_demo = 1 ORDER BY created_at LIMIT 1").get() as
      | MeetingRow
      | undefined;
    return row ? toMeeting(row) : null;
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    return (this.stmt("SELECT * FROM meetings ORDER BY created_at").all() as MeetingRow[]).map(toMeeting);
  }

  async findLinkByTokenHash(tokenHash: string): Promise<LinkRecord | null> {
    const row = this.stmt("SELECT * FROM links WHERE token_hash = ?").get(tokenHash) as LinkRow | undefined;
    return row ? toLink(row) : null;
  }

  async listLinks(meetingId: string): Promise<LinkRecord[]> {
    return (this.stmt("SELECT * FROM links WHERE meeting_id = ? ORDER BY rowid").all(meetingId) as LinkRow[]).map(toLink);
  }

  async getLink(meetingId: string, linkId: string): Promise<LinkRecord | null> {
    const row = this.stmt("SELECT * FROM links WHERE meeting_id = ? AND link_id = ?").get(meetingId, linkId) as
      | LinkRow
      | undefined;
    return row ? toLink(row) : null;
  }

  async updateLink(
    meetingId: string,
    linkId: string,
    patch: Partial<Pick<LinkRecord, "revokedAt" | "generation" | "tokenHash" | "firstSeenAt">>,
    journal: JournalInput | null,
  ): Promise<JournalEntry | null> {
    const columns: Record<string, string> = {
      revokedAt: "revoked_at",
      generation: "generation",
      tokenHash: "token_hash",
      firstSeenAt: "first_seen_at",
    };
    const sets = Object.keys(patch).map((k) => `${columns[k]} = @${k}`);
    return this.write(() => {
      if (sets.length)
        this.stmt(`UPDATE links SET ${sets.join(", ")} WHERE meeting_id = @meetingId AND link_id = @linkId`).run({
          ...patch,
          meetingId,
          linkId,
        });
      return journal ? this.appendJournalSync(meetingId, journal) : null;
    });
  }

  async recordFirstSeen(meetingId: string, linkId: string, at: number, journal: JournalInput): Promise<JournalEntry | null> {
    return this.write(() => {
      const changed = this.stmt("UPDATE links SET first_seen_at = ? WHERE meeting_id = ? AND link_id = ? AND first_seen_at IS NULL").run(at, meetingId, linkId).changes;
      return changed === 1 ? this.appendJournalSync(meetingId, journal) : null;
    });
  }

  async getMeetingState(meetingId: string): Promise<PersistedMeetingState | null> {
    const row = this.stmt("SELECT state FROM meeting_state WHERE meeting_id = ?").get(meetingId) as
      | { state: string }
      | undefined;
    return row ? (JSON.parse(row.state) as PersistedMeetingState) : null;
  }

  async commitMeetingState(meetingId: string, state: PersistedMeetingState, journal: JournalInput): Promise<JournalEntry> {
    return this.write(() => {
      this.stmt("UPDATE meeting_state SET state = ? WHERE meeting_id = ?").run(JSON.stringify(state), meetingId);
      return this.appendJournalSync(meetingId, journal);
    });
  }

  async updateMeetingState(
    meetingId: string,
    decide: (state: PersistedMeetingState) => { state: PersistedMeetingState; journal: JournalInput },
  ): Promise<{ state: PersistedMeetingState; entry: JournalEntry }> {
    return this.write(() => {
      const row = this.stmt("SELECT state FROM meeting_state WHERE meeting_id = ?").get(meetingId) as { state: string } | undefined;
      if (!row) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có cuộc họp ${meetingId}. (No meeting ${meetingId}.)`);
      const { state, journal } = decide(JSON.parse(row.state) as PersistedMeetingState);
      this.stmt("UPDATE meeting_state SET state = ? WHERE meeting_id = ?").run(JSON.stringify(state), meetingId);
      return { state, entry: this.appendJournalSync(meetingId, journal) };
    });
  }

  async appendJournal(meetingId: string, entry: JournalInput): Promise<JournalEntry> {
    return this.write(() => this.appendJournalSync(meetingId, entry));
  }

  async readJournal(meetingId: string): Promise<JournalEntry[]> {
    return (this.stmt("SELECT * FROM journal WHERE meeting_id = ? ORDER BY seq").all(meetingId) as JournalRow[]).map(toEntry);
  }

  async journalHead(meetingId: string): Promise<{ seq: number; hash: string }> {
    const row = this.stmt("SELECT seq, hash FROM journal WHERE meeting_id = ? ORDER BY seq DESC LIMIT 1")
      .get(meetingId) as { seq: number; hash: string } | undefined;
    return row ?? { seq: 0, hash: GENESIS_HASH };
  }

  async loadDoc(meetingId: string, doc: DocName): Promise<StoredDoc> {
    return this.db.transaction(() => {
      const snap = this.stmt("SELECT data, upto_seq FROM yjs_snapshots WHERE meeting_id = ? AND doc = ?").get(meetingId, doc) as
        | { data: Buffer; upto_seq: number }
        | undefined;
      const rows = this.stmt("SELECT seq, data FROM yjs_updates WHERE meeting_id = ? AND doc = ? AND seq > ? ORDER BY seq")
        .all(meetingId, doc, snap?.upto_seq ?? 0) as { seq: number; data: Buffer }[];
      return {
        snapshot: snap ? new Uint8Array(snap.data) : null,
        updates: rows.map((r) => new Uint8Array(r.data)),
        lastSeq: rows.at(-1)?.seq ?? snap?.upto_seq ?? 0,
      };
    })();
  }

  async appendDocUpdate(meetingId: string, doc: DocName, update: Uint8Array): Promise<number> {
    return this.write(() =>
      Number(this.stmt("INSERT INTO yjs_updates (meeting_id, doc, data) VALUES (?, ?, ?)").run(meetingId, doc, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid),
    );
  }

  async appendDocUpdates(meetingId: string, doc: DocName, updates: Uint8Array[]): Promise<number> {
    const insert = this.stmt("INSERT INTO yjs_updates (meeting_id, doc, data) VALUES (?, ?, ?)");
    return this.write(() => {
      let last = 0;
      for (const u of updates) last = Number(insert.run(meetingId, doc, Buffer.from(u.buffer, u.byteOffset, u.byteLength)).lastInsertRowid);
      return last;
    });
  }

  async compactDoc(meetingId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    await this.write(() => {
      this.stmt(
          "INSERT INTO yjs_snapshots (meeting_id, doc, data, upto_seq) VALUES (?, ?, ?, ?) ON CONFLICT (meeting_id, doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq",
        )
        .run(meetingId, doc, Buffer.from(snapshot), uptoSeq);
      this.stmt("DELETE FROM yjs_updates WHERE meeting_id = ? AND doc = ? AND seq <= ?").run(meetingId, doc, uptoSeq);
    });
  }

  async clientBinding(meetingId: string, doc: DocName, clientId: number): Promise<string | null> {
    const row = this.stmt("SELECT link_id FROM yjs_clients WHERE meeting_id = ? AND doc = ? AND client_id = ?")
      .get(meetingId, doc, clientId) as { link_id: string } | undefined;
    return row?.link_id ?? null;
  }

  async bindClient(meetingId: string, doc: DocName, clientId: number, linkId: string): Promise<void> {
    await this.write(() => {
      this.stmt("INSERT OR IGNORE INTO yjs_clients (meeting_id, doc, client_id, link_id) VALUES (?, ?, ?, ?)").run(meetingId, doc, clientId, linkId);
    });
  }

  async getPledge(meetingId: string): Promise<PledgeRecord> {
    return this.pledge.get(meetingId);
  }

  async listPledgeSignatures(meetingId: string): Promise<SignatureRecord[]> {
    return this.pledge.live(meetingId);
  }

  async updatePledge<T>(meetingId: string, decide: PledgeDecision<T>): Promise<{ result: T; entries: JournalEntry[] }> {
    // better-sqlite3 transactions are synchronous: nothing interleaves between the read, the decision and the write.
    return this.write(() => {
      const change = decide({ record: this.pledge.get(meetingId), signatures: this.pledge.all(meetingId) });
      this.pledge.apply(meetingId, change);
      const entries = (change.journal ?? []).map((j) => this.appendJournalSync(meetingId, j));
      return { result: change.result, entries };
    });
  }

  async listPolls(meetingId: string): Promise<PollRecord[]> {
    return this.polls.list(meetingId);
  }

  async getPoll(meetingId: string, pollId: string): Promise<PollRecord | null> {
    return this.polls.get(meetingId, pollId);
  }

  async pollVoters(meetingId: string, pollId: string): Promise<VoterRecord[]> {
    return this.polls.voters(meetingId, pollId);
  }

  async pollBallots(meetingId: string, pollId: string): Promise<StoredBallot[]> {
    return this.polls.ballots(meetingId, pollId);
  }

  async unitVotes(meetingId: string, unit: string): Promise<{ pollId: string; castAt: number }[]> {
    return this.polls.unitVotes(meetingId, unit);
  }

  async createPoll(poll: PollRecord, journal: JournalInput): Promise<JournalEntry> {
    return this.write(() => {
      this.polls.insert(poll);
      return this.appendJournalSync(poll.meetingId, journal);
    });
  }

  async updatePoll<T>(meetingId: string, pollId: string, decide: PollDecision<T>): Promise<{ result: T; poll: PollRecord; entries: JournalEntry[] }> {
    return this.write(() => {
      const poll = this.polls.get(meetingId, pollId);
      if (!poll) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có cuộc biểu quyết ${pollId}. (No poll ${pollId}.)`);
      const change = decide({ poll, ballots: this.polls.ballots(meetingId, pollId), voters: this.polls.voters(meetingId, pollId).map((v) => v.unit) });
      this.polls.update(meetingId, pollId, change);
      const entries = change.journal.map((j) => this.appendJournalSync(meetingId, j));
      return { result: change.result, poll: change.poll, entries };
    });
  }

  async castBallot(meetingId: string, pollId: string, input: CastInput): Promise<CastOutcome> {
    // The WAL is scrubbed after the group's commit when this was a secret cast (commitGroup).
    return this.write(() => this.polls.cast(meetingId, pollId, input, (m, j) => this.appendJournalSync(m, j)), true);
  }

  async recordIssuedDocument(meetingId: string, d: IssuedDocumentRecord): Promise<void> {
    await this.write(() => {
      this.stmt("INSERT OR IGNORE INTO issued_documents (meeting_id, kind, sha256, size, issued_at, signer) VALUES (?, ?, ?, ?, ?, ?)").run(meetingId, d.kind, d.sha256, d.size, d.issuedAt, d.signer);
    });
  }

  async findIssuedDocument(meetingId: string, sha256: string): Promise<IssuedDocumentRecord | null> {
    const r = this.stmt("SELECT kind, sha256, size, issued_at, signer FROM issued_documents WHERE meeting_id = ? AND sha256 = ?").get(meetingId, sha256) as IssuedRow | undefined;
    return r ? toIssued(r) : null;
  }

  async listIssuedDocuments(meetingId: string): Promise<IssuedDocumentRecord[]> {
    return (this.stmt("SELECT kind, sha256, size, issued_at, signer FROM issued_documents WHERE meeting_id = ? ORDER BY issued_at, sha256").all(meetingId) as IssuedRow[]).map(toIssued);
  }

  async putRehearsalSnapshot(meetingId: string, docs: { name: DocName; snapshot: Uint8Array }[]): Promise<void> {
    await this.write(() => this.rehearsal.put(meetingId, docs));
  }

  async getRehearsalSnapshot(meetingId: string): Promise<{ name: DocName; snapshot: Uint8Array }[]> {
    return this.rehearsal.get(meetingId);
  }

  async purgeRehearsal(
    meetingId: string,
    input: { state: (current: PersistedMeetingState) => PersistedMeetingState; journal: (removed: RehearsalRemoved) => JournalInput },
  ): Promise<{ entry: JournalEntry; removed: RehearsalRemoved; state: PersistedMeetingState }> {
    return this.write(() => this.rehearsal.purge(meetingId, input));
  }

  async listArchivedMeetings(): Promise<string[]> {
    return this.admin.archived();
  }

  async isMeetingArchived(meetingId: string): Promise<boolean> {
    return this.admin.isArchived(meetingId);
  }

  async setMeetingArchived(meetingId: string, archived: boolean, journal: JournalInput): Promise<JournalEntry | null> {
    return this.write(() => this.admin.setArchived(meetingId, archived, journal));
  }

  async createOrganiserLink(link: OrganiserLinkRecord): Promise<void> {
    await this.write(() => this.admin.createLink(link));
  }

  async findOrganiserLink(tokenHash: string): Promise<OrganiserLinkRecord | null> {
    return this.admin.findLink(tokenHash);
  }

  async listOrganiserLinks(): Promise<OrganiserLinkRecord[]> {
    return this.admin.listLinks();
  }

  async revokeOrganiserLink(linkId: string, at: number): Promise<boolean> {
    return this.write(() => this.admin.revokeLink(linkId, at));
  }

  /** Checkpoints and truncates the WAL now (what a secret cast does before its ack); false when a reader holds it. */
  scrubWal(): boolean {
    return this.polls.scrubWal();
  }

  async close(): Promise<void> {
    // Writes already asked for are committed (and answered) before the file closes.
    if (this.groups.hasPending) this.groups.flush();
    if (this.db.open) this.db.close();
  }
}
