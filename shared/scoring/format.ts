import { toTenths } from "./totals";

export type ScoreLocale = "vi" | "en";

/**
 * "99,5" in Vietnamese, "99.5" in English; always one decimal ("95,0") so columns line up and a
 * missing decimal is never mistaken for a typo. Negatives (a difference, a deduction shown as a
 * change) use the ASCII "-", as Intl does for both locales. No thousands separator: scores stay
 * far below 1 000, and "1.000" would read as 1 in English. Non-finite values print as "—".
 */
export function formatScore(value: number, locale: ScoreLocale): string {
  if (!Number.isFinite(value)) return "—";
  const tenths = toTenths(value);
  const abs = Math.abs(tenths);
  const sign = tenths < 0 ? "-" : "";
  const separator = locale === "vi" ? "," : ".";
  return `${sign}${Math.floor(abs / 10)}${separator}${abs % 10}`;
}

/** Why typed text is not a score; the client picks the message in the delegate's language. */
export type ScoreInputError = "empty" | "not_a_number" | "negative" | "too_many_decimals";

export type ParseScoreResult = { ok: true; value: number } | { ok: false; reason: ScoreInputError };

// Digits, then optionally "," or "." and digits. No signs, exponents or grouping: "1e2" is far more
// likely a typo than intent in a cell whose maximum is 40.
const SCORE_TEXT = /^(\d+)(?:[.,](\d+))?$/;

/**
 * Reads what a delegate typed into a score cell: "99,5" and "99.5" both mean 99.5 (phones and
 * desktops offer different separators). The range against the group maximum is validateScoreValue's job.
 */
export function parseScoreInput(text: string): ParseScoreResult {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, reason: "empty" };
  // U+2212 is what a copy from a Word table gives; a negative score is refused either way.
  if (/^[-\u2212]\s*\d/.test(trimmed)) return { ok: false, reason: "negative" };
  const match = SCORE_TEXT.exec(trimmed);
  if (!match) return { ok: false, reason: "not_a_number" };
  const [, whole = "", decimals = ""] = match;
  // Strict on purpose: "1.000" is a thousand to a Vietnamese reader and 1 to an English one.
  if (decimals.length > 1) return { ok: false, reason: "too_many_decimals" };
  const tenths = Number(whole) * 10 + Number(decimals || "0");
  return { ok: true, value: tenths / 10 };
}
