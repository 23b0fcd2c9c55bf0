import crypto from "node:crypto";
import { createClient, RESP_TYPES } from "redis";
import { DomainError, StorageFailure } from "../../errors";
import { errorFields, log } from "../../log";

/** A command that takes longer than this fails the write (STORAGE_FAILED) instead of holding the client's ack. */
const COMMAND_TIMEOUT_MS = 5_000;
/** WAITAOF's own wait for the local fsync; with appendfsync always it answers at once. */
const WAITAOF_TIMEOUT_MS = 2_000;

type Arg = string | Buffer;
/** Replies as Buffers (Yjs updates are binary); the store decodes text itself. */
type Reply = null | number | Buffer | Reply[];

/**
 * One connection to Redis, shared by every meeting of this process. Commands are never queued while
 * Redis is unreachable (disableOfflineQueue): they fail at once, the caller refuses with STORAGE_FAILED,
 * and the client reconnects by itself so service resumes when Redis is back.
 */
export class RedisConnection {
  private readonly client;
  private readonly shas = new Map<string, string>();
  /** WAITAOF exists from Redis 7.2; before it, a write's reply already follows the fsync under appendfsync always. */
  waitAof = false;

  constructor(url: string) {
    this.client = createClient({
      url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 2_000), connectTimeout: COMMAND_TIMEOUT_MS },
    });
    this.client.on("error", (err: unknown) => log.warn("redis", "connection error", errorFields(err)));
  }

  async open(): Promise<void> {
    await this.client.connect();
    const info = text(await this.raw(["INFO", "server"]));
    const version = /redis_version:(\d+)\.(\d+)/.exec(info);
    const [major, minor] = version ? [Number(version[1]), Number(version[2])] : [0, 0];
    this.waitAof = major > 7 || (major === 7 && minor >= 2);
    try {
      const conf = (await this.raw(["CONFIG", "GET", "append*"])) as Buffer[];
      const settings = new Map<string, string>();
      for (let i = 0; i + 1 < conf.length; i += 2) settings.set(conf[i]!.toString(), conf[i + 1]!.toString());
      if (settings.get("appendonly") !== "yes" || settings.get("appendfsync") !== "always")
        log.warn("redis", "Redis is not running with appendonly yes and appendfsync always: an acknowledged write can be lost if Redis stops", {
          appendonly: settings.get("appendonly"),
          appendfsync: settings.get("appendfsync"),
        });
    } catch (err) {
      // Managed Redis often forbids CONFIG; its durability is then the operator's to check.
      log.warn("redis", "could not read the AOF settings", errorFields(err));
    }
    log.info("redis", "connected", { version: version ? `${major}.${minor}` : "unknown", waitAof: this.waitAof });
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }

  /** A command; any Redis or connection failure becomes a StorageFailure. */
  async command(args: Arg[]): Promise<Reply> {
    try {
      return await this.raw(args);
    } catch (err) {
      throw asStorageFailure(err);
    }
  }

  /** Runs a script by its SHA-1, loading it once when Redis does not know it (after a restart, too). */
  async script(source: string, keys: string[], args: Arg[]): Promise<Reply> {
    let sha = this.shas.get(source);
    if (!sha) this.shas.set(source, (sha = crypto.createHash("sha1").update(source).digest("hex")));
    try {
      try {
        return await this.raw(["EVALSHA", sha, String(keys.length), ...keys, ...args]);
      } catch (err) {
        if (!String((err as Error).message ?? err).startsWith("NOSCRIPT")) throw err;
        return await this.raw(["EVAL", source, String(keys.length), ...keys, ...args]);
      }
    } catch (err) {
      throw asStorageFailure(err);
    }
  }

  /**
   * Resolves once the writes made so far on this connection are fsynced to the AOF. With Redis ≥ 7.2,
   * WAITAOF says so explicitly; before that we rely on appendfsync always (the write's reply comes after
   * its fsync), which open() checks and warns about.
   */
  async durable(): Promise<void> {
    if (!this.waitAof) return;
    const reply = (await this.command(["WAITAOF", "1", "0", String(WAITAOF_TIMEOUT_MS)])) as number[];
    if (!Array.isArray(reply) || Number(reply[0]) < 1) throw new StorageFailure("WAITAOF: the write was not fsynced to the AOF in time");
  }

  private raw(args: Arg[]): Promise<Reply> {
    return this.client.sendCommand(args, { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer }, timeout: COMMAND_TIMEOUT_MS }) as Promise<Reply>;
  }
}

function asStorageFailure(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  log.error("redis", "command failed", errorFields(err));
  return new StorageFailure(String((err as Error)?.message ?? err));
}

export const text = (r: Reply | undefined): string => (r === null || r === undefined ? "" : Buffer.isBuffer(r) ? r.toString("utf8") : String(r));
export type { Reply };
