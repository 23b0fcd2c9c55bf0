import { DAY_ONLY_EVENTS, meetingPhase, vietnamDay } from "../../shared/discussion/phase";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { ConcordSocket } from "../realtime/context";

/**
 * Before the conference date (from the definition's discussion.commentsOpenFrom), the pledge draft is
 * open for proposals but nothing of the day happens: the day's events (DAY_ONLY_EVENTS — opening a
 * poll, a ballot, adopting, freezing or signing the pledge, asking for or giving the floor) are refused
 * here, per message, before any handler runs (Socket.IO middleware, as the message budgets are) —
 * except during a rehearsal, which is held before the day precisely to try them.
 */
export function installBeforeTheDayGate(socket: ConcordSocket, now: () => number = Date.now): void {
  socket.use((packet, next) => {
    const [event, ...args] = packet as [string, ...unknown[]];
    // Read per message: the definition (and its dates) may be edited until the meeting begins.
    const def = socket.data.room.definition;
    if (!DAY_ONLY_EVENTS.includes(event) || meetingPhase(def, vietnamDay(now())) === "day") return next();
    // A rehearsal before the day exists to try the day's events out; what it does is purged when it ends.
    if (socket.data.room.inRehearsal) return next();
    const ack = args.at(-1);
    if (typeof ack === "function")
      (ack as (r: unknown) => void)({
        ok: false,
        error: {
          code: ERROR_CODES.CONFLICT,
          message: `Hội nghị diễn ra ngày ${def.conference.date.split("-").reverse().join("/")}; trước ngày đó chỉ góp ý dự thảo giao ước. (Before the conference day only the pledge draft is open for comments.)`,
        },
      });
  });
}
