import type { NextFunction, Request, Response } from "express";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { EVENTS } from "../../shared/protocol/events";
import { DomainError } from "../errors";
import { sendError } from "../http/auth";
import type { ConcordSocket } from "../realtime/context";
import type { Store } from "../storage/store";
import type { Domain } from "../domains";

/** How long an instance trusts its copy of the flag when several instances share the store (Redis). */
const SHARED_STORE_TTL_MS = 1000;

interface Cached {
  archived: boolean;
  at: number;
  refreshing: Promise<boolean> | null;
}
const caches = new WeakMap<Store, Map<string, Cached>>();
const cacheOf = (store: Store) => {
  let c = caches.get(store);
  if (!c) caches.set(store, (c = new Map()));
  return c;
};
/** SQLite: this process is the only writer, and archiving refreshes the copy, so it never goes stale. */
const fresh = (store: Store, c: Cached) => !store.docLog || Date.now() - c.at < SHARED_STORE_TTL_MS;

/** The Vietnamese refusal every write path gives an archived meeting. */
export const ARCHIVED_MESSAGE = "Hội nghị đã lưu trữ, chỉ xem được; không thay đổi được gì nữa. (The meeting is archived: read-only.)";
export const archivedRefusal = () => new DomainError(ERROR_CODES.ARCHIVED, ARCHIVED_MESSAGE);

function refresh(store: Store, meetingId: string): Promise<boolean> {
  const cache = cacheOf(store);
  const hit = cache.get(meetingId);
  if (hit?.refreshing) return hit.refreshing;
  const refreshing = store.isMeetingArchived(meetingId).then(
    (archived) => {
      cache.set(meetingId, { archived, at: Date.now(), refreshing: null });
      return archived;
    },
    (err: unknown) => {
      // A failed read keeps the last known value (or none), and the next check reads again.
      const last = cache.get(meetingId);
      if (last) last.refreshing = null;
      else cache.delete(meetingId);
      throw err;
    },
  );
  if (hit) hit.refreshing = refreshing;
  else cache.set(meetingId, { archived: false, at: 0, refreshing });
  return refreshing;
}

/**
 * Whether a meeting is archived (read-only), for the write checks — Socket.IO commands
 * (`installArchiveGuard`), Yjs updates (server/yjs/endpoint.ts), HTTP writes (`refuseWritesIfArchived`) —
 * to refuse with ERROR_CODES.ARCHIVED. Cached per store and meeting, so a check costs a map lookup:
 * SQLite reads it once (this process is the only writer; archiving refreshes the copy); with a shared
 * store (Redis) a copy older than a second is read again.
 */
export async function isMeetingArchived(store: Store, meetingId: string): Promise<boolean> {
  const hit = cacheOf(store).get(meetingId);
  if (hit && hit.at > 0 && fresh(store, hit)) return hit.archived;
  return refresh(store, meetingId);
}

/**
 * The check for paths that must not wait (each Yjs message): the copy as known, refreshed in the
 * background when stale (Redis: an archive made on another instance is seen within about a second);
 * a promise only the first time a meeting is checked in this process.
 */
export function archivedNow(store: Store, meetingId: string): boolean | Promise<boolean> {
  const hit = cacheOf(store).get(meetingId);
  if (!hit || hit.at === 0) return refresh(store, meetingId);
  if (!fresh(store, hit)) void refresh(store, meetingId).catch(() => undefined);
  return hit.archived;
}

/** Archives or restores a meeting through the store and refreshes this process's copy of the flag. */
export async function setMeetingArchived(store: Store, meetingId: string, archived: boolean, actor: string) {
  const entry = await store.setMeetingArchived(meetingId, archived, { actor, type: archived ? "meeting.archived" : "meeting.unarchived", data: null });
  cacheOf(store).set(meetingId, { archived, at: Date.now(), refreshing: null });
  return entry;
}

/** Socket.IO events that only read; every other event (known or not) is a write. */
const READ_EVENTS: readonly string[] = [EVENTS.MEETING_RESYNC, EVENTS.POLL_SYNC, EVENTS.PLEDGE_GET];

/**
 * Refuses every Socket.IO command but the reads on an archived meeting with ARCHIVED, per message,
 * before any handler runs (a Socket.IO middleware, as the message budgets and the before-the-day gate).
 */
export function installArchiveGuard(socket: ConcordSocket, store: Store): void {
  socket.use((packet, next) => {
    const [event, ...args] = packet as [string, ...unknown[]];
    if (READ_EVENTS.includes(event)) return next();
    const refuse = () => {
      const ack = args.at(-1);
      if (typeof ack === "function") (ack as (r: unknown) => void)({ ok: false, error: { code: ERROR_CODES.ARCHIVED, message: ARCHIVED_MESSAGE } });
    };
    const known = archivedNow(store, socket.data.room.id);
    if (typeof known === "boolean") return known ? refuse() : next();
    known.then(
      (archived) => (archived ? refuse() : next()),
      (err: unknown) => next(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

/** Every Socket.IO command of an archived meeting is refused (server/domains.ts). */
export const archiveDomain: Domain = { name: "archive", handlers: (socket, ctx) => installArchiveGuard(socket, ctx.store) };

/** Express middleware for a meeting's write routes (`:id` in the path), after the token check: 409 ARCHIVED. */
export function refuseWritesIfArchived(store: Store) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (await isMeetingArchived(store, String(req.params.id))) return sendError(res, 409, { code: ERROR_CODES.ARCHIVED, message: ARCHIVED_MESSAGE });
    next();
  };
}
