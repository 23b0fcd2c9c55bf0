/**
 * Before the day (issue 15): from `discussion.commentsOpenFrom` until the conference date, delegates'
 * links open the pledge draft for comments and proposals, but nothing of the day itself happens — no
 * poll opens or takes a ballot, nobody adopts, freezes or signs the pledge, nobody asks for the floor.
 * Without `commentsOpenFrom` there is no such period: every day is the day (as before this rule).
 */
export type MeetingPhase = "closed" | "comments" | "day";

/** The calendar day in Vietnam (UTC+7, no daylight saving) at `ms`, as "YYYY-MM-DD". */
export function vietnamDay(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The time of day in Vietnam at `ms`, as "HH:MM" (24-hour), for minutes and journal wording. Plain
 * arithmetic like vietnamDay: an Intl.DateTimeFormat built at start-up loads ICU's zone and locale data,
 * ~7 MB of a server's idle memory, for a format this simple.
 */
export function vietnamClock(ms: number): string {
  return new Date(ms + 7 * 3600_000).toISOString().slice(11, 16);
}

export function meetingPhase(def: { conference: { date: string }; discussion?: { commentsOpenFrom?: string } }, today: string): MeetingPhase {
  const from = def.discussion?.commentsOpenFrom;
  if (!from || today >= def.conference.date) return "day";
  return today >= from ? "comments" : "closed";
}

/** Events refused before the day (the Socket.IO names of shared/protocol/events.ts). */
export const DAY_ONLY_EVENTS: readonly string[] = [
  "poll:open",
  "poll:cast",
  "pledge:adopt",
  "pledge:freeze",
  "pledge:sign",
  "speak:request",
  "speak:give",
];
