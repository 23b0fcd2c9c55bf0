import type { Lang } from "../../i18n";

/** "09:41" on the meeting's day, in the room's local time. */
export function formatTime(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { hour: "2-digit", minute: "2-digit", hour12: false }).format(ms);
}

/** "09:41 14/01/2022". */
export function formatDateTime(ms: number, lang: Lang): string {
  const date = new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric" }).format(ms);
  return `${formatTime(ms, lang)} ${date}`;
}
