import type { MeetingDefinition, MeetingDefinitionInput, UnitRole } from "./schema";

/** What this year's meeting decided that next year's starts from. */
export interface YearOutcome {
  /** Unit codes elected head and deputy for next year (null when no election was published). */
  head: string | null;
  deputy: string | null;
  /** The signed (final) pledge's sections, offered as next year's draft; null keeps this year's draft. */
  pledgeSections: { heading: string; commitments: string[] }[] | null;
}

/**
 * Replaces every mention of the review year and the pledge year by the next ones, newest first so
 * "năm 2021 … năm 2022" becomes "năm 2022 … năm 2023" and never "2023 … 2023".
 */
export function shiftYears(text: string, year: number): string {
  return text
    .replace(new RegExp(`\\b${year + 1}\\b`, "g"), String(year + 2))
    .replace(new RegExp(`\\b${year}\\b`, "g"), String(year + 1));
}

/** "2022-01-14" → "2023-01-14" (29 February becomes 28). */
export function nextYearDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const [y, mo, d] = [Number(m[1]) + 1, m[2]!, m[3]!];
  const day = mo === "02" && d === "29" && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? "28" : d;
  return `${y}-${mo}-${day}`;
}

/**
 * Next year's definition from this year's: year + 1 (titles and dates follow), the elected head and
 * deputy take those roles, units, criteria, agenda and rules carried over, the signed pledge's
 * commitments as the new draft, and no scores (they are next year's to enter).
 */
export function nextYearDefinition(def: MeetingDefinition, outcome: YearOutcome): MeetingDefinitionInput {
  const year = def.cluster.year;
  const shift = (s: string) => shiftYears(s, year);
  const roleOf = (code: string, old: UnitRole): UnitRole => {
    if (outcome.head === null && outcome.deputy === null) return old;
    if (code === outcome.head) return "head";
    if (code === outcome.deputy) return "deputy";
    return "member";
  };
  // Keep exactly one head when only a deputy was elected: this year's head stays head.
  const units = def.units.map((u) => ({ ...u, role: roleOf(u.code, u.role) }));
  if (!units.some((u) => u.role === "head")) {
    const previous = def.units.find((u) => u.role === "head");
    const keep = units.find((u) => u.code === previous?.code && u.role === "member");
    if (keep) keep.role = "head";
  }
  const sections = (outcome.pledgeSections ?? def.pledge.sections).map((s) => ({
    heading: shift(s.heading),
    commitments: s.commitments.map(shift),
  }));
  const { subtitle, ...header } = def.pledge.header;
  return {
    cluster: { ...def.cluster, year: year + 1 },
    conference: { ...def.conference, title: shift(def.conference.title), date: nextYearDate(def.conference.date) },
    units,
    criteria: structuredClone(def.criteria),
    agenda: def.agenda.map((a) => ({ ...a, title: shift(a.title) })),
    rules: structuredClone(def.rules),
    pledge: {
      ...def.pledge,
      header: {
        ...header,
        placeDate: shift(header.placeDate),
        title: shift(header.title),
        ...(subtitle !== undefined ? { subtitle: shift(subtitle) } : {}),
      },
      preamble: shift(def.pledge.preamble),
      // Legal bases cite laws by their own year: left as they are.
      legalBases: [...def.pledge.legalBases],
      sections,
    },
    ...(def.sample ? { sample: true } : {}),
    scores: [],
  };
}
