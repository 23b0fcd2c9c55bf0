import { createClient, RESP_TYPES } from "redis";
import type { DocEntry, DocName, SharedDocLog, StoredDoc } from "../store";
import { APPEND_DOC, COMPACT_DOC, LOAD_DOC } from "./scripts";
import { errorFields, log } from "../../log";
import { text, type RedisConnection, type Reply } from "./connection";
import { keys } from "./keys";

/**
 * Appends only if the counter (the last seq) is still the one the caller checked against. KEYS stream,
 * counter; ARGV[1] expected last seq, then the updates → the new last seq, or -1 when another writer
 * came first. Redis runs a script alone: no entry can fall between the comparison and the XADDs.
 */
const APPEND_DOC_AFTER = `
local s = tonumber(redis.call('GET', KEYS[2]) or '0')
if s ~= tonumber(ARGV[1]) then return -1 end
for i = 2, #ARGV do
  s = redis.call('INCR', KEYS[2])
  redis.call('XADD', KEYS[1], '0-' .. s, 'u', ARGV[i])
end
return s
`;

/**
 * Everything after ARGV[1], at one instant. KEYS snap, stream → {snapshot or "", upto, id, data, …}. The
 * snapshot comes only when it covers seqs after ARGV[1]: those entries were trimmed with it (COMPACT_DOC
 * trims in the same script that stores the snapshot), so the reader must take it.
 */
const READ_DOC_AFTER = `
local after = tonumber(ARGV[1])
local upto = tonumber(redis.call('HGET', KEYS[1], 'upto') or '0')
local snap = ''
local from = after
if upto > after then
  snap = redis.call('HGET', KEYS[1], 'data')
  from = upto
end
local out = {snap, upto}
local entries = redis.call('XRANGE', KEYS[2], '(0-' .. from, '+')
for i = 1, #entries do
  out[#out + 1] = entries[i][1]
  out[#out + 1] = entries[i][2][2]
end
return out
`;

/** How long one XREAD waits for new entries before it is issued again (also bounds how stale the list of streams can get). */
const BLOCK_MS = 5_000;
/** Entries one XREAD returns per stream; a document further behind gets the rest on the next round. */
const READ_COUNT = 500;

const seqOf = (id: Reply | undefined): number => Number(text(id).split("-")[1]);

interface Follow {
  meetingId: string;
  doc: DocName;
  /** The last seq delivered to the listener. */
  seq: number;
  onEntries: (entries: DocEntry[]) => void;
}

/**
 * The Yjs side of Redis mode. Writes and reads go through the store's shared connection; tailing uses
 * one more connection per process, which only ever runs one XREAD BLOCK over the streams of every
 * document this process holds (a blocking command would stall the shared connection's other commands).
 *
 * Redis Cluster: one XREAD names keys of several meetings, i.e. several slots. A cluster deployment
 * needs one reader per node grouping the streams by slot; a single Redis (the compose stack) needs
 * nothing more.
 */
export class RedisDocLog implements SharedDocLog {
  private readonly follows = new Map<string, Follow>();
  private reader: ReturnType<typeof createClient> | null = null;
  private readerId: string | null = null;
  private loop: Promise<void> | null = null;
  private blocked = false;
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly url: string,
  ) {}

  async appendDocUpdatesAfter(meetingId: string, doc: DocName, afterSeq: number, updates: Uint8Array[]): Promise<number | null> {
    const k = keys(meetingId);
    const reply = await this.redis.script(APPEND_DOC_AFTER, [k.doc(doc), k.docSeq(doc)], [String(afterSeq), ...updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength))]);
    const seq = Number(reply);
    if (seq < 0) return null;
    await this.redis.durable();
    return seq;
  }

  async readDocAfter(meetingId: string, doc: DocName, afterSeq: number): Promise<{ snapshot: Uint8Array | null; upto: number; entries: DocEntry[] }> {
    const k = keys(meetingId);
    const out = (await this.redis.script(READ_DOC_AFTER, [k.docSnap(doc), k.doc(doc)], [String(afterSeq)])) as Reply[];
    const snap = out[0] as Buffer;
    const entries: DocEntry[] = [];
    for (let i = 2; i + 1 < out.length; i += 2) entries.push({ seq: seqOf(out[i]), update: new Uint8Array(out[i + 1] as Buffer) });
    return { snapshot: snap.length ? new Uint8Array(snap) : null, upto: Number(out[1]), entries };
  }

  follow(meetingId: string, doc: DocName, afterSeq: number, onEntries: (entries: DocEntry[]) => void): () => void {
    const key = keys(meetingId).doc(doc);
    const f: Follow = { meetingId, doc, seq: afterSeq, onEntries };
    this.follows.set(key, f);
    this.kick();
    return () => {
      if (this.follows.get(key) === f) this.follows.delete(key);
    };
  }

  /** The document as stored: its snapshot, the updates after it, the last seq. */
  async load(meetingId: string, doc: DocName): Promise<StoredDoc> {
    const k = keys(meetingId);
    const out = (await this.redis.script(LOAD_DOC, [k.docSnap(doc), k.doc(doc), k.docSeq(doc)], [])) as Reply[];
    const snap = out[0] as Buffer;
    const upto = Number(out[1]);
    const updates: Uint8Array[] = [];
    let lastSeq = upto;
    for (let i = 3; i + 1 < out.length; i += 2) {
      lastSeq = Number(text(out[i]).split("-")[1]);
      updates.push(new Uint8Array(out[i + 1] as Buffer));
    }
    return { snapshot: snap.length ? new Uint8Array(snap) : null, updates, lastSeq };
  }

  /** Appends unconditionally (the server checked the updates); resolves with the last seq once Redis has them on disk. */
  async append(meetingId: string, doc: DocName, updates: Uint8Array[]): Promise<number> {
    const k = keys(meetingId);
    const last = await this.redis.script(APPEND_DOC, [k.doc(doc), k.docSeq(doc)], updates.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)));
    await this.redis.durable();
    return Number(last);
  }

  async compact(meetingId: string, doc: DocName, snapshot: Uint8Array, uptoSeq: number): Promise<void> {
    const k = keys(meetingId);
    await this.redis.script(COMPACT_DOC, [k.docSnap(doc), k.doc(doc)], [Buffer.from(snapshot), String(uptoSeq)]);
    await this.redis.durable();
  }

  async binding(meetingId: string, doc: DocName, clientId: number): Promise<string | null> {
    const v = text(await this.redis.command(["HGET", keys(meetingId).docClients(doc), String(clientId)]));
    return v || null;
  }

  async bind(meetingId: string, doc: DocName, clientId: number, linkId: string): Promise<void> {
    await this.redis.command(["HSETNX", keys(meetingId).docClients(doc), String(clientId), linkId]);
    await this.redis.durable();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.follows.clear();
    this.wake?.();
    if (this.reader?.isOpen) {
      // The reader may sit in XREAD BLOCK: destroy rather than wait for it.
      this.reader.destroy();
    }
    await this.loop?.catch(() => undefined);
  }

  /** A new document to tail: start the loop, or end the running XREAD so the next one names it. */
  private kick(): void {
    if (this.closed) return;
    if (!this.loop) {
      this.loop = this.run();
      return;
    }
    this.wake?.();
    if (this.blocked && this.readerId)
      this.redis.command(["CLIENT", "UNBLOCK", this.readerId]).catch(() => undefined); // at worst the XREAD ends by its timeout
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.closed) {
      if (!this.follows.size) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        const reader = await this.openReader();
        this.readerId ??= text((await reader.sendCommand(["CLIENT", "ID"])) as Reply);
        const streams = [...this.follows.entries()];
        this.blocked = true;
        const reply = (await reader.sendCommand(
          ["XREAD", "COUNT", String(READ_COUNT), "BLOCK", String(BLOCK_MS), "STREAMS", ...streams.map(([key]) => key), ...streams.map(([, f]) => `0-${f.seq}`)],
          { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer }, timeout: BLOCK_MS + 5_000 },
        )) as Reply[] | null;
        this.blocked = false;
        if (failures) log.info("redis", "Yjs stream reader resumed", { failures });
        failures = 0;
        for (const [keyBuf, items] of (reply ?? []) as [Buffer, [Buffer, Buffer[]][]][]) {
          const f = this.follows.get(keyBuf.toString());
          if (!f) continue;
          const entries = items.map(([id, fields]) => ({ seq: seqOf(id), update: new Uint8Array(fields[1]!) })).filter((e) => e.seq > f.seq);
          if (!entries.length) continue;
          f.seq = entries.at(-1)!.seq;
          try {
            f.onEntries(entries);
          } catch (err) {
            log.error("yjs", "a stream listener failed", { meetingId: f.meetingId, doc: f.doc, ...errorFields(err) });
          }
        }
      } catch (err) {
        this.blocked = false;
        this.readerId = null;
        if (this.closed) return;
        if (failures++ === 0) log.warn("redis", "Yjs stream reader failed; retrying", errorFields(err));
        await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** failures, 2_000)));
      }
    }
  }

  private async openReader(): Promise<ReturnType<typeof createClient>> {
    if (!this.reader) {
      this.reader = createClient({
        url: this.url,
        disableOfflineQueue: true,
        socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2_000), connectTimeout: 5_000 },
      });
      // Errors surface on the XREAD that failed; the loop logs and retries.
      this.reader.on("error", () => undefined);
      // After a reconnection the server knows this connection by a new id.
      this.reader.on("ready", () => (this.readerId = null));
    }
    if (!this.reader.isOpen) await this.reader.connect();
    return this.reader;
  }
}
