import { GENESIS_HASH, type JournalEntry } from "../../../shared/journal/chain";
import { checkedChainEntry } from "../../../shared/journal/entries";
import type { JournalInput } from "../store";

/**
 * A meeting's journal head as stored in Redis ("<seq> <hash>", "" before the first entry), and the
 * entries that follow it. Every Redis write that journals computes its entries here from the head it
 * read (SHA-256 is not in Redis Lua) and its script appends them only if the head is still that one.
 */
export interface Head {
  seq: number;
  hash: string;
  /** The head key's value as read ("" before the first entry): what the script compares. */
  raw: string;
}

export const parseHead = (raw: string): Head => {
  if (!raw) return { seq: 0, hash: GENESIS_HASH, raw };
  const [seq, hash] = raw.split(" ");
  return { seq: Number(seq), hash: hash!, raw };
};

/**
 * The entries that follow `head` (each checked against its type's schema), and the scripts' journal
 * arguments: ARGV[1] expected head, ARGV[2] new head, ARGV[3] n entries, then the entries.
 */
export function chain(head: Head, inputs: JournalInput[]): { entries: JournalEntry[]; args: string[] } {
  let prev = head;
  const entries = inputs.map((input) => {
    const e = checkedChainEntry(prev.hash, { seq: prev.seq + 1, ts: input.ts ?? Date.now(), actor: input.actor, type: input.type, data: input.data ?? null });
    prev = { seq: e.seq, hash: e.hash, raw: "" };
    return e;
  });
  const newHead = entries.length ? `${prev.seq} ${prev.hash}` : head.raw;
  return { entries, args: [head.raw, newHead, String(entries.length), ...entries.map((e) => JSON.stringify(e))] };
}
