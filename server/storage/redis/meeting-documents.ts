import type { JournalEntry } from "../../../shared/journal/chain";
import type { SpokenTurn } from "../../../shared/protocol/discussion";
import { StorageFailure } from "../../errors";
import { EMPTY_DISCUSSION, type MeetingDocumentStore, type PersistedDiscussion, type StoredMeetingDocument } from "../meeting-documents";
import type { JournalInput } from "../store";
import { text, type RedisConnection, type Reply } from "./connection";
import { keys } from "./keys";
import { HEAD } from "./polls";
import { chain, parseHead } from "./journal-head";

const MAX_ATTEMPTS = 50;

/** A document's row, unless the meeting has it. KEYS head, journal, documents hash, order list; ARGV after the entries: id, JSON → {1} | {3, existing}. */
const ADD_DOCUMENT = `${HEAD}
local existing = redis.call('HGET', KEYS[3], ARGV[base + 1])
if existing then return {3, existing} end
if headMoved() then return {0, 'head'} end
redis.call('HSET', KEYS[3], ARGV[base + 1], ARGV[base + 2])
redis.call('RPUSH', KEYS[4], ARGV[base + 1])
append()
return {1}
`;

/** The discussion's next state, the turn that ended and the entry. KEYS head, journal, state, turns; ARGV after the entries: state JSON, turn JSON or "". */
const COMMIT_DISCUSSION = `${HEAD}
if headMoved() then return {0, 'head'} end
redis.call('SET', KEYS[3], ARGV[base + 1])
if ARGV[base + 2] ~= '' then redis.call('RPUSH', KEYS[4], ARGV[base + 2]) end
append()
return {1}
`;

/** PDF bytes by SHA-256, shared by every meeting (written before the row that names it; never trusted alone). */
export const blobKey = (sha256: string) => `concord:blob:${sha256}`;

/**
 * The discussion's storage (meeting documents, speaker turns, the queue) in Redis: the same
 * MeetingDocumentStore the SQLite file implements, each write one Lua script conditioned on the journal
 * head. The discussion state is stored as the service decided it (last writer wins, as in SQLite, where
 * the service serialises a meeting's commits in its process).
 */
export class RedisMeetingDocuments implements MeetingDocumentStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly queued: <T>(meetingId: string, task: () => Promise<T>) => Promise<T>,
  ) {}

  private async attempt(meetingId: string, run: (head: ReturnType<typeof parseHead>) => Promise<Reply[]>): Promise<Reply[]> {
    return this.queued(meetingId, async () => {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const head = parseHead(text(await this.redis.command(["GET", keys(meetingId).head])));
        const reply = await run(head);
        const status = Number(reply[0]);
        if (status === 0) {
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** i, 50)));
          continue;
        }
        if (status === 1) await this.redis.durable();
        return reply;
      }
      throw new StorageFailure(`gave up after ${MAX_ATTEMPTS} attempts: other writers kept moving the journal`);
    });
  }

  async addDocument(doc: StoredMeetingDocument, pdf: Uint8Array, journal: JournalInput): Promise<{ document: StoredMeetingDocument; entry: JournalEntry | null }> {
    const k = keys(doc.meetingId);
    // The blob first: a crash in between leaves bytes no row names, never a row without its bytes.
    await this.redis.command(["SET", blobKey(doc.sha256), Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), "NX"]);
    let entry: JournalEntry | null = null;
    const reply = await this.attempt(doc.meetingId, async (head) => {
      const c = chain(head, [journal]);
      entry = c.entries[0]!;
      return (await this.redis.script(ADD_DOCUMENT, [k.head, k.journal, k.documents, k.documentOrder], [...c.args, doc.id, JSON.stringify(doc)])) as Reply[];
    });
    if (Number(reply[0]) === 3) return { document: JSON.parse(text(reply[1])) as StoredMeetingDocument, entry: null };
    return { document: doc, entry };
  }

  async listDocuments(meetingId: string): Promise<StoredMeetingDocument[]> {
    const k = keys(meetingId);
    const ids = ((await this.redis.command(["LRANGE", k.documentOrder, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    if (!ids.length) return [];
    const raws = (await this.redis.command(["HMGET", k.documents, ...ids])) as (Buffer | null)[];
    return raws
      .filter((r): r is Buffer => !!r)
      .map((r) => JSON.parse(r.toString()) as StoredMeetingDocument)
      .sort((a, b) => a.uploadedAt - b.uploadedAt);
  }

  async getDocument(meetingId: string, id: string): Promise<StoredMeetingDocument | null> {
    const raw = text(await this.redis.command(["HGET", keys(meetingId).documents, id]));
    return raw ? (JSON.parse(raw) as StoredMeetingDocument) : null;
  }

  async readBlob(sha256: string): Promise<Uint8Array | null> {
    const raw = (await this.redis.command(["GET", blobKey(sha256)])) as Buffer | null;
    return raw ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : null;
  }

  async getDiscussion(meetingId: string): Promise<PersistedDiscussion> {
    const raw = text(await this.redis.command(["GET", keys(meetingId).discussion]));
    return raw ? (JSON.parse(raw) as PersistedDiscussion) : structuredClone(EMPTY_DISCUSSION);
  }

  async commitDiscussion(meetingId: string, next: PersistedDiscussion, journal: JournalInput, turn?: SpokenTurn): Promise<JournalEntry> {
    const k = keys(meetingId);
    let entry: JournalEntry | null = null;
    await this.attempt(meetingId, async (head) => {
      const c = chain(head, [journal]);
      entry = c.entries[0]!;
      return (await this.redis.script(COMMIT_DISCUSSION, [k.head, k.journal, k.discussion, k.turns], [...c.args, JSON.stringify(next), turn ? JSON.stringify(turn) : ""])) as Reply[];
    });
    return entry!;
  }

  async listTurns(meetingId: string): Promise<SpokenTurn[]> {
    const rows = (await this.redis.command(["LRANGE", keys(meetingId).turns, "0", "-1"])) as Buffer[];
    return rows.map((r) => JSON.parse(r.toString()) as SpokenTurn).sort((a, b) => a.startedAt - b.startedAt);
  }
}
