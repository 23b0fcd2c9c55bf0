import type { JournalEntry } from "../../../shared/journal/chain";
import { ERROR_CODES } from "../../../shared/protocol/errors";
import { DomainError } from "../../errors";
import type { JournalInput, LinkRecord } from "../store";
import { text, type RedisConnection } from "./connection";
import { keys, tokenKey } from "./keys";

export type LinkPatch = Partial<Pick<LinkRecord, "revokedAt" | "generation" | "tokenHash" | "firstSeenAt">>;

/** What RedisStore.commit runs: journal entries plus compare-and-set of string keys, retried until it applies. */
export type Commit = <T>(
  meetingId: string,
  prepare: () => Promise<{ journal: JournalInput[]; sets: { key: string; expect: string; value: string }[]; value: (entries: JournalEntry[]) => T }>,
) => Promise<T>;

/** A meeting's join links in Redis: a record per link, the meeting's list, and a token-hash index (re-checked against the record on every lookup). */
export class RedisLinks {
  constructor(
    private readonly redis: RedisConnection,
    private readonly commit: Commit,
  ) {}

  async findByTokenHash(tokenHash: string): Promise<LinkRecord | null> {
    const ref = text(await this.redis.command(["GET", tokenKey(tokenHash)]));
    if (!ref) return null;
    const [meetingId, linkId] = ref.split("\n");
    const link = await this.get(meetingId!, linkId!);
    // The index may name a link whose token was re-issued since: the link's own hash decides.
    return link && link.tokenHash === tokenHash ? link : null;
  }

  async list(meetingId: string): Promise<LinkRecord[]> {
    const ids = ((await this.redis.command(["LRANGE", keys(meetingId).links, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    const links = await Promise.all(ids.map((id) => this.get(meetingId, id)));
    return links.filter((l): l is LinkRecord => l !== null);
  }

  async get(meetingId: string, linkId: string): Promise<LinkRecord | null> {
    const raw = text(await this.redis.command(["GET", keys(meetingId).link(linkId)]));
    return raw ? (JSON.parse(raw) as LinkRecord) : null;
  }

  async update(meetingId: string, linkId: string, patch: LinkPatch, journal: JournalInput | null): Promise<JournalEntry | null> {
    const key = keys(meetingId).link(linkId);
    let old: LinkRecord | null = null;
    // A new token is indexed before the link names it (lookups re-check the link), so it works the moment the change is acknowledged.
    if (patch.tokenHash) await this.redis.command(["SET", tokenKey(patch.tokenHash), `${meetingId}\n${linkId}`]);
    const entry = await this.commit(meetingId, async () => {
      const raw = text(await this.redis.command(["GET", key]));
      if (!raw) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có đường dẫn ${linkId}. (No link ${linkId}.)`);
      old = JSON.parse(raw) as LinkRecord;
      return {
        journal: journal ? [journal] : [],
        sets: [{ key, expect: `=${raw}`, value: `=${JSON.stringify({ ...old, ...patch })}` }],
        value: (entries: JournalEntry[]) => entries[0] ?? null,
      };
    });
    const previous = old as LinkRecord | null;
    if (patch.tokenHash && previous && previous.tokenHash !== patch.tokenHash) await this.redis.command(["DEL", tokenKey(previous.tokenHash)]);
    return entry;
  }

  async recordFirstSeen(meetingId: string, linkId: string, at: number, journal: JournalInput): Promise<JournalEntry | null> {
    const key = keys(meetingId).link(linkId);
    // Compare-and-set on the link as read: a first join recorded by another instance meanwhile makes this one write nothing.
    return this.commit(meetingId, async () => {
      const raw = text(await this.redis.command(["GET", key]));
      if (!raw) throw new DomainError(ERROR_CODES.NOT_FOUND, `Không có đường dẫn ${linkId}. (No link ${linkId}.)`);
      const link = JSON.parse(raw) as LinkRecord;
      if (link.firstSeenAt !== null) return { journal: [], sets: [], value: () => null };
      return {
        journal: [journal],
        sets: [{ key, expect: `=${raw}`, value: `=${JSON.stringify({ ...link, firstSeenAt: at })}` }],
        value: (entries: JournalEntry[]) => entries[0] ?? null,
      };
    });
  }
}
