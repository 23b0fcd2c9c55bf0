import { ERROR_CODES } from "../../../shared/protocol/errors";
import { DomainError, StorageFailure } from "../../errors";
import type { OrganiserLinkRecord } from "../store";
import { text, type RedisConnection } from "./connection";
import { ORGANISERS_KEY, organiserLinkKey, organiserTokenKey } from "./keys";
import { SET_IF } from "./scripts";

/** Compare-and-set attempts before a revocation gives up. */
const MAX_ATTEMPTS = 50;

/** The province's organiser links (not tied to one meeting): a record per link, a token index, a list by creation. */
export class RedisOrganiserLinks {
  constructor(private readonly redis: RedisConnection) {}

  async create(link: OrganiserLinkRecord): Promise<void> {
    // The record first (SET NX), then the token index, then the list: an index never names a link that is not there.
    const created = await this.redis.command(["SET", organiserLinkKey(link.linkId), JSON.stringify(link), "NX"]);
    if (!created) throw new DomainError(ERROR_CODES.CONFLICT, "Liên kết này đã có. (This organiser link exists.)");
    const indexed = await this.redis.command(["SET", organiserTokenKey(link.tokenHash), link.linkId, "NX"]);
    if (!indexed) {
      await this.redis.command(["DEL", organiserLinkKey(link.linkId)]);
      throw new DomainError(ERROR_CODES.CONFLICT, "Liên kết này đã có. (This organiser link exists.)");
    }
    await this.redis.command(["ZADD", ORGANISERS_KEY, String(link.createdAt), link.linkId]);
    await this.redis.durable();
  }

  private async get(linkId: string): Promise<OrganiserLinkRecord | null> {
    const raw = text(await this.redis.command(["GET", organiserLinkKey(linkId)]));
    return raw ? (JSON.parse(raw) as OrganiserLinkRecord) : null;
  }

  async find(tokenHash: string): Promise<OrganiserLinkRecord | null> {
    const linkId = text(await this.redis.command(["GET", organiserTokenKey(tokenHash)]));
    const link = linkId ? await this.get(linkId) : null;
    return link && link.tokenHash === tokenHash ? link : null;
  }

  async list(): Promise<OrganiserLinkRecord[]> {
    const ids = ((await this.redis.command(["ZRANGE", ORGANISERS_KEY, "0", "-1"])) as Buffer[]).map((b) => b.toString());
    const links = await Promise.all(ids.map((id) => this.get(id)));
    return links.filter((l): l is OrganiserLinkRecord => l !== null);
  }

  async revoke(linkId: string, at: number): Promise<boolean> {
    const key = organiserLinkKey(linkId);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const raw = text(await this.redis.command(["GET", key]));
      if (!raw) return false;
      const link = JSON.parse(raw) as OrganiserLinkRecord;
      if (link.revokedAt !== null) return false;
      // Set only if nobody changed the record since the read (two admins revoking at once: one true, one false).
      if (Number(await this.redis.script(SET_IF, [key], [raw, JSON.stringify({ ...link, revokedAt: at })])) === 1) {
        await this.redis.durable();
        return true;
      }
    }
    throw new StorageFailure(`gave up revoking ${linkId} after ${MAX_ATTEMPTS} attempts`);
  }
}
