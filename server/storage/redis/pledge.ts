import type { JournalEntry } from "../../../shared/journal/chain";
import { EMPTY_PLEDGE, type PledgeDecision, type PledgeRecord, type SignatureRecord } from "../pledge";
import { text, type RedisConnection, type Reply } from "./connection";
import { chain, parseHead, type Head } from "./journal-head";
import { keys } from "./keys";
import { PLEDGE, READ_PLEDGE } from "./scripts";

/** Runs `attempt` until its script applies (the store's compare-and-set loop, RedisStore.retrying). */
export type Retrying = <T>(meetingId: string, attempt: () => Promise<{ reply: Reply; value: T }>) => Promise<T>;

/**
 * The pledge's record and signatures in Redis: read at one instant by one script, changed by one
 * script that checks the record's version and the journal head (scripts.ts PLEDGE).
 */
export class RedisPledge {
  constructor(
    private readonly redis: RedisConnection,
    private readonly retrying: Retrying,
  ) {}

  async get(meetingId: string): Promise<PledgeRecord> {
    return (await this.read(meetingId)).record;
  }

  async liveSignatures(meetingId: string): Promise<SignatureRecord[]> {
    return (await this.read(meetingId)).signatures.filter((s) => s.voidedAt === null);
  }

  update<T>(meetingId: string, decide: PledgeDecision<T>): Promise<{ result: T; entries: JournalEntry[] }> {
    const k = keys(meetingId);
    return this.retrying(meetingId, async () => {
      const view = await this.read(meetingId);
      const change = decide({ record: view.record, signatures: view.signatures });
      const writes = change.record || change.sign || change.voidAll || change.journal?.length;
      if (!writes) return { reply: [1], value: { result: change.result, entries: [] } };
      const { entries, args } = chain(view.head, change.journal ?? []);
      const record = change.record ? JSON.stringify({ ...change.record, version: view.record.version + 1 }) : "";
      const reply = await this.redis.script(
        PLEDGE,
        [k.head, k.journal, k.pledge, k.pledgeSigs, k.pledgeLive, k.pledgeVoided],
        [
          ...args,
          String(view.record.version),
          record,
          change.sign?.unit ?? "",
          change.sign ? JSON.stringify(change.sign) : "",
          change.voidAll ? String(change.voidAll.at) : "",
          change.voidAll?.reason ?? "",
        ],
      );
      return { reply, value: { result: change.result, entries } };
    });
  }

  /** The record, every signature (voided marked) and the journal head, read at one instant. */
  private async read(meetingId: string): Promise<{ record: PledgeRecord; signatures: SignatureRecord[]; head: Head }> {
    const k = keys(meetingId);
    const out = (await this.redis.script(READ_PLEDGE, [k.pledge, k.pledgeSigs, k.pledgeVoided, k.head], [])) as Reply[];
    const json = text(out[0]);
    const version = Number(text(out[1]) || 0);
    const record: PledgeRecord = json ? { ...(JSON.parse(json) as PledgeRecord), version } : { ...EMPTY_PLEDGE };
    const count = Number(out[3]);
    const voided = new Map<number, { at: number }>();
    for (let i = 4 + count; i + 1 < out.length; i += 2) voided.set(Number(text(out[i])), JSON.parse(text(out[i + 1])) as { at: number });
    const signatures = out.slice(4, 4 + count).map((raw, i): SignatureRecord => ({
      ...(JSON.parse(text(raw)) as Omit<SignatureRecord, "voidedAt">),
      voidedAt: voided.get(i)?.at ?? null,
    }));
    return { record, signatures, head: parseHead(text(out[2])) };
  }
}
