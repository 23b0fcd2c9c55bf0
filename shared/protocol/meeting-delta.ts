import type { MeetingState, MeetingStateDelta, MeetingStateMessage } from "./meeting";

/** How a holder of the full meeting state applies a `meeting:state` delta (client and test helpers alike). */
export const isMeetingDelta = (m: MeetingStateMessage): m is MeetingStateDelta => (m as MeetingStateDelta).delta === true;

/**
 * The full state after a delta: "behind" when the holder missed changes (resync), "stale" when it already
 * has this version or a newer one, else the merged state (attendance rows replaced by unit).
 */
export function applyMeetingDelta(held: MeetingState, delta: MeetingStateDelta): MeetingState | "behind" | "stale" {
  if (held.meetingId !== delta.meetingId || held.version < delta.from) return "behind";
  if (held.version >= delta.version) return "stale";
  const { delta: _d, from: _f, attendance: rows, ...live } = delta;
  let attendance = held.attendance;
  if (rows.length) {
    const byUnit = new Map(rows.map((r) => [r.unit, r]));
    attendance = held.attendance.map((r) => byUnit.get(r.unit) ?? r);
  }
  return { ...held, ...live, attendance };
}
