import type { JournalEntry } from "../../../shared/journal/chain";
import { ERROR_CODES } from "../../../shared/protocol/errors";
import { DomainError, StorageFailure } from "../../errors";
import { type PledgeDecision, type PledgeRecord, type SignatureRecord } from "../pledge";
import type { DocName, IssuedDocumentRecord, JournalInput, LinkRecord, MeetingRecord, OrganiserLinkRecord, PersistedMeetingState, Store, StoredDoc } from "../store";
import { RedisConnection, text, type Reply } from "./connection";
import { DEMO_KEY, keys, MEETINGS_KEY, tokenKey } from "./keys";
import { RedisDocLog } from "./doc-log";
import { chain, parseHead, type Head } from "./journal-head";
import type { BallotSeal } from "../ballot-seal";
import type { CastInput, CastOutcome, PollDecision, PollRecord, StoredBallot, VoterRecord } from "../polls";
import { RedisPolls } from "./polls";
import { RedisMeetingDocuments } from "./meeting-documents";
import { RedisLinks, type LinkPatch } from "./links";
import { RedisOrganiserLinks } from "./organisers";
import { RedisPledge } from "./pledge";
import { COMMIT, CREATE_MEETING } from "./scripts";

/** Compare-and-set attempts before a write gives up (each retry means another instance wrote first). */
const MAX_ATTEMPTS = 50;

/**
 * The Redis store: several Concord instances share one Redis and any of them serves any meeting.
 * Every check-and-write is one Lua script (scripts.ts); every write resolves only after Redis has it
 * on disk (appendfsync always, and WAITAOF where the server has it). Any Redis failure is a
 * StorageFailure (STORAGE_FAILED): the caller refuses, nothing is acknowledged.
 */
export class RedisStore implements Store {
  /** Yjs across instances: conditional appends, reads after a seq, and one tailing reader per process. */
  readonly docLog: RedisDocLog;

  /** Polls and ballots (redis/polls.ts). */
  private readonly polls: RedisPolls;
  /** The pledge's record and signatures (redis/pledge.ts). */
  private readonly pledge: RedisPledge;
  /** Join links (redis/links.ts). */
  private readonly links: RedisLinks;
  /** Organiser links (redis/organisers.ts). */
  private readonly organisers: RedisOrganiserLinks;
  /** The discussion's documents, queue and turns (the MeetingDocumentStore the SQLite file also implements). */
  readonly meetingDocuments: RedisMeetingDocuments;

  private constructor(
    private readonly redis: RedisConnection,
    url: string,
    seal: BallotSeal | null,
  ) {
    this.docLog = new RedisDocLog(redis, url);
    this.polls = new RedisPolls(redis, (meetingId, task) => this.queued(meetingId, task), seal);
    this.pledge = new RedisPledge(redis, (meetingId, attempt) => this.retrying(meetingId, attempt));
    this.organisers = new RedisOrganiserLinks(redis);
    this.links = new RedisLinks(redis, (meetingId, prepare) => this.commit(meetingId, prepare));
    this.meetingDocuments = new RedisMeetingDocuments(redis, (meetingId, task) => this.queued(meetingId, task));
  }

  /**
   * `ballotSeal` seals secret ballots with a key that is not in Redis (derived from LINK_SECRET); without
   * it a secret ballot is refused (STORAGE_FAILED) rather than stored readable.
   */
  static async open(url: string, options: { ballotSeal?: BallotSeal } = {}): Promise<RedisStore> {
    const redis = new RedisConnection(url);
    await redis.open();
    return new RedisStore(redis, url, options.ballotSeal ?? null);
  }

  /** Whether writes wait for WAITAOF (Redis ≥ 7.2) or rely on appendfsync always. */
  get usesWaitAof(): boolean {
    return this.redis.waitAof;
  }

  private async head(meetingId: string): Promise<Head> {
    return parseHead(text(await this.redis.command(["GET", keys(meetingId).head])));
  }

  /**
   * Reads, decides and writes until the script finds nothing moved since the read. `attempt` returns
   * the script's reply and what to answer when it succeeds.
   */
  private retrying<T>(meetingId: string, attempt: () => Promise<{ reply: Reply; value: T }>): Promise<T> {
    return this.queued(meetingId, async () => {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const { reply, value } = await attempt();
        const [status, why] = reply as [number, Buffer | undefined];
        if (status === 1) {
          await this.redis.durable();
          return value;
        }
        if (status === 2) throw refusal(text(why));
        // Another instance wrote first: back off a little, with jitter, so two instances do not collide again in step.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** i, 50)));
      }
      throw new StorageFailure(`gave up after ${MAX_ATTEMPTS} attempts: other writers kept moving the journal`);
    });
  }

  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * Journal writes of one meeting run one at a time in this process: they would only defeat each
   * other's compare-and-set. Races remain between instances, and the scripts settle those.
   */
  private queued<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(meetingId) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(meetingId, tail);
    void tail.then(() => {
      if (this.queues.get(meetingId) === tail) this.queues.delete(meetingId);
    });
    return run;
  }

  /** Journal entries plus compare-and-set of string keys, retried until it applies. */
  private commit<T>(
    meetingId: string,
    prepare: () => Promise<{ journal: JournalInput[]; sets: { key: string; expect: string; value: string }[]; value: (entries: JournalEntry[]) => T }>,
  ): Promise<T> {
    const k = keys(meetingId);
    return this.retrying(meetingId, async () => {
      const p = await prepare();
      const head = await this.head(meetingId);
      const { entries, args } = chain(head, p.journal);
      const reply = await this.redis.script(
        COMMIT,
        [k.head, k.journal, ...p.sets.map((s) => s.key)],
        [...args, ...p.sets.flatMap((s) => [s.expect, s.value])],
      );
      return { reply, value: p.value(entries) };
    });
  }

  async createMeeting(input: Parameters<Store["createMeeting"]>[0]): Promise<void> {
    const { meeting, links, state, docs, journal } = input;
    const k = keys(meeting.id);
    const head = parseHead("");
    const { args } = chain(head, [journal]);
    const docKeys = docs.flatMap((d) => [k.doc(d.name), k.docSeq(d.name)]);
    await this.retrying(meeting.id, async () => ({
      reply: await this.redis.script(
        CREATE_MEETING,
        [k.head, k.journal, k.meeting, k.links, k.state, ...links.map((l) => k.link(l.linkId)), ...docKeys],
        [
          ...args,
          JSON.stringify(meeting),
          JSON.stringify(state),
          String(links.length),
          ...links.map((l) => l.linkId),
          ...links.map((l) => JSON.stringify({ ...l, meetingId: meeting.id, revokedAt: l.revokedAt ?? null, firstSeenAt: l.firstSeenAt ?? null })),
          String(docs.length),
          ...docs.map((d) => Buffer.from(d.update)),
        ],
      ),
      value: undefined,
    }));
    // The global indexes come after the meeting's own keys: a crash in between leaves a meeting no
    // index names (never acknowledged), never an index naming nothing.
    await this.redis.command(["ZADD", MEETINGS_KEY, String(meeting.createdAt), meeting.id]);
    if (meeting.isDemo) await this.redis.command(["SET", DEMO_KEY, meeting.id, "NX"]);
    for (const l of links) await this.redis.command(["SET", tokenKey(l.tokenHash), `${meeting.id}\n${l.linkId}`]);
    await this.redis.durable();
  }

  async getMeeting(id: string): Promise<MeetingRecord | null> {
    const raw = text(await this.redis.command(["GET", keys(id).meeting]));
    return raw ? (JSON.parse(raw) as MeetingRecord) : null;
  }

  async findDemoMeeting(): Promise<MeetingRecord | null> {
    const id = text(await this.redis.command(["GET", DEMO_KEY]));
    return id ? this.getMeeting(id) : null;
  }

  async listMeetings(): Promise<MeetingRecord[]> {
    const ids = ((await this.redis.command(["ZRANGE", MEETINGS_KEY, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    const meetings = await Promise.all(ids.map((id) => this.getMeeting(id)));
    return meetings.filter((m): m is MeetingRecord => m !== null);
  }

  findLinkByTokenHash(tokenHash: string): Promise<LinkRecord | null> {
    return this.links.findByTokenHash(tokenHash);
  }

  listLinks(meetingId: string): Promise<LinkRecord[]> {
    return this.links.list(meetingId);
  }

  getLink(meetingId: string, linkId: string): Promise<LinkRecord | null> {
    return this.links.get(meetingId, linkId);
  }

  updateLink(meetingId: string, linkId: string, patch: LinkPatch, journal: JournalInput | null): Promise<JournalEntry | null> {
    return this.links.update(meetingId, linkId, patch, journal);
  }

  recordFirstSeen(meetingId: string, linkId: string, at: number, journal: JournalInput): Promise<JournalEntry | null> {
    return this.links.recordFirstSeen(meetingId, linkId, at, journal);
  }

  async getMeetingState(meetingId: string): Promise<PersistedMeetingState | null> {
    const raw = text(await this.redis.command(["GET", keys(meetingId).state]));
    return raw ? (JSON.parse(raw) as PersistedMeetingState) : null;
  }

  async commitMeetingState(meetingId: string, state: PersistedMeetingState, journal: JournalInput): Promise<JournalEntry> {
    const key = keys(meetingId).state;
    return this.commit(meetingId, async () => ({
      journal: [journal],
      sets: [{ key, expect: "*", value: `=${JSON.stringify(state)}` }],
      value: (entries: JournalEntry[]) => entries[0]!,
    }));
  }

  async updateMeetingState(
    meetingId: string,
    decide: (state: PersistedMeetingState) => { state: PersistedMeetingState; journal: JournalInput },
  ): Promise<{ state: PersistedMeetingState; entry: JournalEntry }> {
    const key = keys(meetingId).state;
    // Compare-and-set on the state as read (and, as every commit, on the journal head): re-decided on a race.
    return this.commit(meetingId, async () => {
      const raw = text(await this.redis.command(["GET", key]));
      if (!raw) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có cuộc họp ${meetingId}. (No meeting ${meetingId}.)`);
      const { state, journal } = decide(JSON.parse(raw) as PersistedMeetingState);
      return {
        journal: [journal],
        sets: [{ key, expect: `=${raw}`, value: `=${JSON.stringify(state)}` }],
        value: (entries: JournalEntry[]) => ({ state, entry: entries[0]! }),
      };
    });
  }

  async appendJournal(meetingId: string, entry: JournalInput): Promise<JournalEntry> {
    return this.commit(meetingId, async () => ({ journal: [entry], sets: [], value: (entries: JournalEntry[]) => entries[0]! }));
  }

  async readJournal(meetingId: string): Promise<JournalEntry[]> {
    const rows = (await this.redis.command(["LRANGE", keys(meetingId).journal, "0", "-1"])) as Buffer[];
    return rows.map((r) => JSON.parse(r.toString()) as JournalEntry);
  }

  async journalHead(meetingId: string): Promise<{ seq: number; hash: string }> {
    const { seq, hash } = await this.head(meetingId);
    return { seq, hash };
  }

  loadDoc(meetingId: string, doc: DocName): Promise<StoredDoc> {
    return this.docLog.load(meetingId, doc);
  }

  appendDocUpdate(meetingId: string, doc: DocName, update: Uint8Array): Promise<number> {
    return this.docLog.append(meetingId, doc, [update]);
  }

  appendDocUpdates(meetingId: string, doc: DocName, updates: Uint8Array[]): Promise<number> {
    return this.docLog.append(meetingId, doc, updates);
  }

  compactDoc(meetingId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    return this.docLog.compact(meetingId, doc, snapshot, uptoSeq);
  }

  clientBinding(meetingId: string, doc: DocName, clientId: number): Promise<string | null> {
    return this.docLog.binding(meetingId, doc, clientId);
  }

  bindClient(meetingId: string, doc: DocName, clientId: number, linkId: string): Promise<void> {
    return this.docLog.bind(meetingId, doc, clientId, linkId);
  }

  getPledge(meetingId: string): Promise<PledgeRecord> {
    return this.pledge.get(meetingId);
  }

  listPledgeSignatures(meetingId: string): Promise<SignatureRecord[]> {
    return this.pledge.liveSignatures(meetingId);
  }

  updatePledge<T>(meetingId: string, decide: PledgeDecision<T>): Promise<{ result: T; entries: JournalEntry[] }> {
    return this.pledge.update(meetingId, decide);
  }

  listPolls(meetingId: string): Promise<PollRecord[]> {
    return this.polls.list(meetingId);
  }

  getPoll(meetingId: string, pollId: string): Promise<PollRecord | null> {
    return this.polls.get(meetingId, pollId);
  }

  pollVoters(meetingId: string, pollId: string): Promise<VoterRecord[]> {
    return this.polls.voters(meetingId, pollId);
  }

  pollBallots(meetingId: string, pollId: string): Promise<StoredBallot[]> {
    return this.polls.ballots(meetingId, pollId);
  }

  unitVotes(meetingId: string, unit: string): Promise<{ pollId: string; castAt: number }[]> {
    return this.polls.unitVotes(meetingId, unit);
  }

  createPoll(poll: PollRecord, journal: JournalInput): Promise<JournalEntry> {
    return this.polls.create(poll, journal);
  }

  updatePoll<T>(meetingId: string, pollId: string, decide: PollDecision<T>): Promise<{ result: T; poll: PollRecord; entries: JournalEntry[] }> {
    return this.polls.update(meetingId, pollId, decide);
  }

  castBallot(meetingId: string, pollId: string, input: CastInput): Promise<CastOutcome> {
    return this.polls.cast(meetingId, pollId, input);
  }

  async recordIssuedDocument(meetingId: string, doc: IssuedDocumentRecord): Promise<void> {
    await this.redis.command(["HSETNX", keys(meetingId).issued, doc.sha256, JSON.stringify(doc)]);
    await this.redis.durable();
  }

  async findIssuedDocument(meetingId: string, sha256: string): Promise<IssuedDocumentRecord | null> {
    const raw = text(await this.redis.command(["HGET", keys(meetingId).issued, sha256]));
    return raw ? (JSON.parse(raw) as IssuedDocumentRecord) : null;
  }

  async listIssuedDocuments(meetingId: string): Promise<IssuedDocumentRecord[]> {
    const all = (await this.redis.command(["HVALS", keys(meetingId).issued])) as Buffer[];
    return all
      .map((b) => JSON.parse(b.toString()) as IssuedDocumentRecord)
      .sort((a, b) => a.issuedAt - b.issuedAt || (a.sha256 < b.sha256 ? -1 : a.sha256 > b.sha256 ? 1 : 0));
  }

  // Rehearsal (server/rehearsal) is not in Redis mode yet: the purge would have to reach every
  // instance's loaded documents and services. Refused, never half done.
  async putRehearsalSnapshot(): Promise<void> {
    throw new StorageFailure("rehearsal is not available in Redis mode yet");
  }

  async getRehearsalSnapshot(): Promise<{ name: DocName; snapshot: Uint8Array }[]> {
    return [];
  }

  async purgeRehearsal(): Promise<never> {
    throw new StorageFailure("rehearsal is not available in Redis mode yet");
  }

  async listArchivedMeetings(): Promise<string[]> {
    // The flag lives in each meeting's own slot (set with its journal entry); a province has tens of meetings.
    const ids = ((await this.redis.command(["ZRANGE", MEETINGS_KEY, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    const flags = await Promise.all(ids.map((id) => this.isMeetingArchived(id)));
    return ids.filter((_, i) => flags[i]).sort();
  }

  async isMeetingArchived(meetingId: string): Promise<boolean> {
    return text(await this.redis.command(["GET", keys(meetingId).archived])) === "1";
  }

  async setMeetingArchived(meetingId: string, archived: boolean, journal: JournalInput): Promise<JournalEntry | null> {
    const k = keys(meetingId);
    // Compare-and-set on the flag as read and on the journal head: the flag and its entry are stored together.
    return this.commit(meetingId, async () => {
      if (!text(await this.redis.command(["GET", k.meeting]))) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có hội nghị ${meetingId}. (No meeting ${meetingId}.)`);
      const raw = text(await this.redis.command(["GET", k.archived]));
      if ((raw === "1") === archived) return { journal: [], sets: [], value: () => null };
      return {
        journal: [journal],
        sets: [{ key: k.archived, expect: raw ? `=${raw}` : "!", value: archived ? "=1" : "=0" }],
        value: (entries: JournalEntry[]) => entries[0] ?? null,
      };
    });
  }

  createOrganiserLink(link: OrganiserLinkRecord): Promise<void> {
    return this.organisers.create(link);
  }

  findOrganiserLink(tokenHash: string): Promise<OrganiserLinkRecord | null> {
    return this.organisers.find(tokenHash);
  }

  listOrganiserLinks(): Promise<OrganiserLinkRecord[]> {
    return this.organisers.list();
  }

  revokeOrganiserLink(linkId: string, at: number): Promise<boolean> {
    return this.organisers.revoke(linkId, at);
  }

  async close(): Promise<void> {
    await this.docLog.close();
    await this.redis.close();
  }
}

function refusal(code: string): DomainError {
  if (code === "ALREADY_SIGNED") return new DomainError(ERROR_CODES.ALREADY_SIGNED, "Đơn vị đã ký giao ước. (The unit has already signed the pledge.)");
  if (code === "EXISTS") return new DomainError(ERROR_CODES.CONFLICT, "Cuộc họp đã có. (The meeting exists.)");
  return new DomainError(ERROR_CODES.CONFLICT, code);
}
