import type { ServerContext } from "../context";
import { adminStoreOf } from "./routes";

/**
 * Whether a meeting is archived (read-only). The hook for the places that check writes — Socket.IO
 * commands (server/realtime), Yjs updates (server/yjs), link revoke/reissue (server/http/meetings.ts) —
 * to refuse with ERROR_CODES.ARCHIVED; false with a store that has no archive.
 */
export function isMeetingArchived(ctx: ServerContext, meetingId: string): boolean {
  return adminStoreOf(ctx)?.isArchived(meetingId) ?? false;
}
