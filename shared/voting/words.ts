import { assertNever, type Poll } from "./poll";
import type { PollResult } from "./result";
import type { Locale } from "./share";

/**
 * The outcome as read out and written in the counting minutes. Callers compose the rest
 * ("Ban Dân tộc — Trưởng cụm năm 2022"); these are the fixed phrases.
 */
const WORDS = {
  vi: {
    passed: "Thông qua",
    notPassed: "Không thông qua",
    elected: (name: string) => `Trúng cử: ${name}`,
    runoff: "Chưa có đơn vị đạt ngưỡng — cần bầu lại",
  },
  en: {
    passed: "Passed",
    notPassed: "Not passed",
    elected: (name: string) => `Elected: ${name}`,
    runoff: "No unit reached the threshold — a runoff is needed",
  },
} as const satisfies Record<Locale, unknown>;

/**
 * One line per poll: "Thông qua", "Trúng cử: Sở Tư pháp"… A per-candidate poll gives each candidate
 * its verdict, in ballot order: "Ban Dân tộc: Thông qua; Sở Tư pháp: Không thông qua".
 * A unit missing from `unitNames` is shown by its code rather than dropped.
 */
export function outcomeInWords(
  poll: Poll,
  result: PollResult,
  unitNames: Readonly<Record<string, string>>,
  locale: Locale,
): string {
  if (result.pollId !== poll.id) throw new Error(`result of poll ${result.pollId} given for poll ${poll.id}`);
  const w = WORDS[locale];
  const name = (unit: string) => unitNames[unit] ?? unit;
  switch (result.kind) {
    case "per_candidate":
      return result.candidates.map((c) => `${name(c.unit)}: ${c.passed ? w.passed : w.notPassed}`).join("; ");
    case "single_choice":
      return result.outcome === "elected" ? w.elected(name(result.elected)) : w.runoff;
    case "motion":
      return result.outcome === "adopted" ? w.passed : w.notPassed;
    default:
      return assertNever(result);
  }
}
