import { canonicalJson, sha256Hex } from "../util/hash";

/** The hash before the first entry of every journal. */
export const GENESIS_HASH = "0".repeat(64);

export interface JournalEntryBody {
  seq: number;
  /** Milliseconds since the epoch. */
  ts: number;
  /** Who did it: "chair", "delegate:BDT", "server", "admin"… */
  actor: string;
  type: string;
  data: unknown;
}

export interface JournalEntry extends JournalEntryBody {
  prevHash: string;
  hash: string;
}

/** SHA-256 over the previous hash and the entry's canonical JSON: changing any entry breaks every later hash. */
export function entryHash(prevHash: string, body: JournalEntryBody): string {
  return sha256Hex(`${prevHash}\n${canonicalJson({ seq: body.seq, ts: body.ts, actor: body.actor, type: body.type, data: body.data })}`);
}

export function chainEntry(prevHash: string, body: JournalEntryBody): JournalEntry {
  return { ...body, prevHash, hash: entryHash(prevHash, body) };
}

export type VerifyResult =
  | { ok: true; count: number; head: string }
  | { ok: false; index: number; seq: number | null; reason: string };

/** Re-checks a journal export and names the first broken entry. */
export function verifyJournal(entries: readonly unknown[]): VerifyResult {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const raw = entries[i] as Partial<JournalEntry> | null;
    const seq = raw && typeof raw.seq === "number" ? raw.seq : null;
    if (!raw || typeof raw !== "object" || seq === null || typeof raw.ts !== "number" || typeof raw.actor !== "string" || typeof raw.type !== "string")
      return { ok: false, index: i, seq, reason: "entry is not a journal entry (seq, ts, actor, type)" };
    if (seq !== i + 1) return { ok: false, index: i, seq, reason: `expected seq ${i + 1}, found ${seq}` };
    if (raw.prevHash !== prev) return { ok: false, index: i, seq, reason: "prevHash does not match the previous entry's hash" };
    const expected = entryHash(prev, raw as JournalEntryBody);
    if (raw.hash !== expected) return { ok: false, index: i, seq, reason: "hash does not match the entry's content" };
    prev = expected;
  }
  return { ok: true, count: entries.length, head: prev };
}
