import crypto from "node:crypto";
import os from "node:os";
import { createClient } from "redis";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { DomainError, StorageFailure } from "../errors";
import { errorFields, log } from "../log";
import type { MeetingRegistry } from "../meetings/registry";
import { keys } from "../storage/redis/keys";
import type { MeetingRoom } from "../meetings/room";
import { NO_PRESENCE, type PresenceCounts } from "../meetings/presence";
import type { ConcordServer } from "./context";

/** How often an instance re-announces its connections (and re-reads the others'). */
export const PRESENCE_HEARTBEAT_MS = 1_000;
/** A field older than this (Redis's clock) is a dead instance's: dropped and no longer counted. */
export const PRESENCE_TTL_MS = 4_000;
/** Notices about one meeting are coalesced over this long (a roll call of 20 marks sends a few). */
const NOTICE_MS = 20;

/** `{m:<id>}:presence`: hash instance id → "<redis ms> <counts JSON>" (same slot as the meeting's keys). */
export const presenceKey = (meetingId: string) => `{m:${meetingId}}:presence`;
/** An organiser action holds its meeting's lock at most this long (then another instance may go on). */
export const EXCLUSIVE_TTL_MS = 15_000;
/** How long an action waits for another instance's to finish before it is refused (BUSY). */
const EXCLUSIVE_WAIT_MS = 10_000;
const exclusiveKey = (meetingId: string) => `{m:${meetingId}}:exclusive`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Every this many heartbeats a room whose journal head moved reloads even if its state did not (links). */
const HEAD_CHECK_EVERY = 10;

/**
 * KEYS: presence hash, journal head, meeting state. ARGV: instance id, "set" | "del" | "read", counts
 * JSON, ttl ms. Times come from Redis's clock only (instances' clocks may disagree). Drops stale fields;
 * returns the journal head, the stored state and the other live instances' counts.
 */
const PRESENCE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[4])
if ARGV[2] == 'set' then
  redis.call('HSET', KEYS[1], ARGV[1], now .. ' ' .. ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ttl * 4)
elseif ARGV[2] == 'del' then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
local out = { redis.call('GET', KEYS[2]) or '', redis.call('GET', KEYS[3]) or '' }
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local v = all[i + 1]
  local sp = string.find(v, ' ')
  local at = tonumber(string.sub(v, 1, sp - 1))
  if now - at > ttl then
    redis.call('HDEL', KEYS[1], all[i])
  elseif all[i] ~= ARGV[1] then
    table.insert(out, string.sub(v, sp + 1))
  end
end
return out
`;

function sum(counts: PresenceCounts[]): PresenceCounts {
  const units: Record<string, number> = {};
  const others = { ...NO_PRESENCE.others };
  for (const c of counts) {
    for (const [u, n] of Object.entries(c.units)) units[u] = (units[u] ?? 0) + n;
    for (const r of Object.keys(others) as (keyof typeof others)[]) others[r] += c.others[r] ?? 0;
  }
  return { units, others };
}

const isEmpty = (c: PresenceCounts) => Object.keys(c.units).length === 0 && Object.values(c.others).every((n) => n === 0);

/**
 * Several instances on one Redis (STORE=redis): what makes a meeting look the same whichever instance a
 * tablet is on.
 * - **Presence**: each instance writes its own connections per meeting into the meeting's presence hash
 *   (one field per instance, stamped with Redis's time) at every change and every second; readers drop
 *   fields older than PRESENCE_TTL_MS, so a killed instance's tablets vanish within about five seconds.
 * - **Commits**: a roll-call mark, agenda move, screen change, score stage or link change is stored
 *   (conditioned on the stored state and journal head) and then announced to the other instances through
 *   the Socket.IO adapter (serverSideEmit); they read the meeting's state and links again and broadcast it
 *   to their own sockets. The heartbeat also compares the journal head, so a lost notice costs a second,
 *   never a divergence.
 */
export class InstanceCluster {
  readonly instanceId = `${os.hostname()}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
  private readonly attached = new Set<MeetingRoom>();
  /** Meetings whose own connections were written non-empty (a "del" is owed when they reach zero). */
  private readonly published = new Set<string>();
  private readonly pending = new Map<string, { state: boolean; presence: boolean; timer: NodeJS.Timeout }>();
  private readonly timer: NodeJS.Timeout;
  private failing = false;
  private closed = false;
  private beats = 0;

  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly io: ConcordServer,
    private readonly registry: MeetingRegistry,
  ) {
    registry.onRoomLoaded((room) => this.attach(room));
    io.on("concord:meeting", (notice) => {
      if (notice.from === this.instanceId) return;
      const room = registry.loadedRoom(notice.meetingId);
      if (!room) return;
      if (notice.what === "state") void this.reload(room.id);
      else void this.sync(room, false);
    });
    this.timer = setInterval(() => void this.heartbeat(), PRESENCE_HEARTBEAT_MS);
    this.timer.unref();
  }

  static async start(url: string, io: ConcordServer, registry: MeetingRegistry): Promise<InstanceCluster> {
    // Presence is advisory: a write during an outage fails at once (no offline queue) and the next heartbeat redoes it.
    const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: (n) => Math.min(50 * 2 ** n, 2_000) } });
    client.on("error", () => undefined);
    await client.connect();
    return new InstanceCluster(client, io, registry);
  }

  private attach(room: MeetingRoom): void {
    this.attached.add(room);
    room.setPeers({
      committed: (r) => this.notice(r, "state"),
      presenceChanged: (r) => this.notice(r, "presence"),
      exclusive: (r, action) => this.exclusive(r.id, action),
    });
  }

  /**
   * An organiser action (score stage, lock, copy) on one meeting at a time across instances: it writes the
   * document and then commits the state, and two such pairs interleaved across instances would leave the
   * document's stage and the stored one apart. A lock key with a token and a TTL; released only by its holder.
   */
  private async exclusive<T>(meetingId: string, action: () => Promise<T>): Promise<T> {
    const key = exclusiveKey(meetingId);
    const token = crypto.randomBytes(12).toString("hex");
    const until = Date.now() + EXCLUSIVE_WAIT_MS;
    for (;;) {
      let got: unknown;
      try {
        got = await this.client.sendCommand(["SET", key, token, "NX", "PX", String(EXCLUSIVE_TTL_MS)]);
      } catch (err) {
        throw new StorageFailure(String((err as Error)?.message ?? err));
      }
      if (got === "OK") break;
      if (Date.now() > until)
        throw new DomainError(ERROR_CODES.BUSY, "Một thao tác khác của ban tổ chức đang chạy; xin thử lại sau giây lát. (Another organiser action is still running; try again in a moment.)");
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    }
    try {
      return await action();
    } finally {
      await this.client.sendCommand(["EVAL", RELEASE_SCRIPT, "1", key, token]).catch(() => undefined);
    }
  }

  /** Coalesces a room's notices for NOTICE_MS, writes its presence first, then tells the others. */
  private notice(room: MeetingRoom, what: "state" | "presence"): void {
    // Stopping: the sockets closing now must not write presence again after close() removed it.
    if (this.closed) return;
    let p = this.pending.get(room.id);
    if (!p) {
      const slot = {
        state: false,
        presence: false,
        timer: setTimeout(async () => {
          this.pending.delete(room.id);
          if (slot.presence) await this.sync(room, true);
          if (this.closed) return;
          if (slot.state) this.io.serverSideEmit("concord:meeting", { meetingId: room.id, what: "state", from: this.instanceId });
          if (slot.presence) this.io.serverSideEmit("concord:meeting", { meetingId: room.id, what: "presence", from: this.instanceId });
        }, NOTICE_MS),
      };
      this.pending.set(room.id, (p = slot));
    }
    p[what] = true;
  }

  /** Writes this instance's connections to the room (when `write`), reads the others', and the journal head. */
  private async sync(room: MeetingRoom, write: boolean, checkHead = false): Promise<void> {
    const mine = room.localPresence();
    const empty = isEmpty(mine);
    // Nothing to write: only read (and, if this instance had written, remove its field once).
    const mode = !write ? "read" : empty ? (this.published.has(room.id) ? "del" : "read") : "set";
    try {
      const out = (await this.client.sendCommand([
        "EVAL",
        PRESENCE_SCRIPT,
        "3",
        presenceKey(room.id),
        keys(room.id).head,
        keys(room.id).state,
        this.instanceId,
        mode,
        mode === "set" ? JSON.stringify(mine) : "",
        String(PRESENCE_TTL_MS),
      ])) as string[];
      if (mode === "set") this.published.add(room.id);
      if (mode === "del") this.published.delete(room.id);
      if (this.failing) log.info("realtime", "presence sharing resumed", { instance: this.instanceId });
      this.failing = false;
      room.setRemotePresence(sum(out.slice(2).map((j) => JSON.parse(j) as PresenceCounts)));
      // A notice lost (or not yet read): the stored state differs from the room's, reload it. Ballots move
      // the head all the time without touching the state, so the head alone is looked at only now and then.
      const headSeq = Number((out[0] ?? "").split(" ")[0] || 0);
      if ((out[1] && out[1] !== room.stateJson()) || (checkHead && headSeq > room.snapshotHeadSeq())) await this.reload(room.id);
    } catch (err) {
      if (!this.failing) log.warn("realtime", "presence sharing failed (Redis unreachable?)", errorFields(err));
      this.failing = true;
    }
  }

  private async reload(meetingId: string): Promise<void> {
    try {
      await this.registry.reload(meetingId);
    } catch (err) {
      log.warn("realtime", "could not reload a meeting another instance changed", { meetingId, ...errorFields(err) });
    }
  }

  /** Every second: rooms with connections here re-announce them (keeping their field fresh) and re-read the rest. */
  private async heartbeat(): Promise<void> {
    if (this.closed) return;
    const checkHead = ++this.beats % HEAD_CHECK_EVERY === 0;
    await Promise.all(
      [...this.attached].filter((r) => r.connectionCount() > 0 || this.published.has(r.id)).map((r) => this.sync(r, true, checkHead)),
    );
  }

  /** Removes this instance's fields (a clean stop: its tablets vanish at once, not after the TTL). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    try {
      for (const id of this.published) await this.client.sendCommand(["HDEL", presenceKey(id), this.instanceId]);
    } catch {
      // Redis is gone: the fields expire by themselves.
    }
    if (this.client.isOpen) await this.client.close();
  }
}
