import type { ServerContext } from "../context";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { DomainError } from "../errors";

/** How long an instance trusts its copy of the flag when several instances share the store (Redis). */
const SHARED_STORE_TTL_MS = 1000;

const caches = new WeakMap<ServerContext, Map<string, { archived: boolean; at: number }>>();
const cacheOf = (ctx: ServerContext) => {
  let c = caches.get(ctx);
  if (!c) caches.set(ctx, (c = new Map()));
  return c;
};

/** The Vietnamese refusal every write path gives an archived meeting. */
export const ARCHIVED_MESSAGE = "Hội nghị đã lưu trữ, chỉ xem được; không thay đổi được gì nữa. (The meeting is archived: read-only.)";
export const archivedRefusal = () => new DomainError(ERROR_CODES.ARCHIVED, ARCHIVED_MESSAGE);

/**
 * Whether a meeting is archived (read-only), for the write checks — Socket.IO commands
 * (server/admin/guards.ts), Yjs updates (server/yjs/endpoint.ts), HTTP writes — to refuse with
 * ERROR_CODES.ARCHIVED. Cached per process: read from the store once per meeting (SQLite: this process
 * is the only writer and archiving refreshes the copy) or at most once a second (Redis: another
 * instance may archive), so the check on every message costs a map lookup.
 */
export async function isMeetingArchived(ctx: ServerContext, meetingId: string): Promise<boolean> {
  const cache = cacheOf(ctx);
  const hit = cache.get(meetingId);
  const shared = !!ctx.store.docLog;
  if (hit && (!shared || Date.now() - hit.at < SHARED_STORE_TTL_MS)) return hit.archived;
  const archived = await ctx.store.isMeetingArchived(meetingId);
  cache.set(meetingId, { archived, at: Date.now() });
  return archived;
}

/** The cached copy when there is one (synchronous checks); undefined when it must be read. */
export function cachedArchived(ctx: ServerContext, meetingId: string): boolean | undefined {
  const hit = cacheOf(ctx).get(meetingId);
  if (!hit || (ctx.store.docLog && Date.now() - hit.at >= SHARED_STORE_TTL_MS)) return undefined;
  return hit.archived;
}

/** Archives or restores a meeting through the store and refreshes this process's copy of the flag. */
export async function setMeetingArchived(ctx: ServerContext, meetingId: string, archived: boolean, actor: string) {
  const entry = await ctx.store.setMeetingArchived(meetingId, archived, { actor, type: archived ? "meeting.archived" : "meeting.unarchived", data: null });
  cacheOf(ctx).set(meetingId, { archived, at: Date.now() });
  return entry;
}
