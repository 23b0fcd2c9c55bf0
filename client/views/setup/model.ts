import {
  parseMeetingDefinition,
  type DefinitionProblem,
  type MeetingDefinition,
  type UnitRole,
} from "../../../shared/definition/schema";
import { jsonErrorOffset } from "./jsonError";

/** What the editor's text is: not JSON (with where), JSON that is not a valid definition, or a definition. */
export type Checked =
  | { kind: "syntax"; message: string; line: number; column: number }
  | { kind: "invalid"; raw: unknown; problems: DefinitionProblem[] }
  | { kind: "valid"; raw: unknown; definition: MeetingDefinition };

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split("\n");
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

/** The engine's message without the text it quotes (Chromium repeats the whole document). */
function shortMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/, ".*" is not valid JSON$/s, "").replace(/ in JSON at position \d+.*$/s, "");
}

function syntaxError(text: string, err: unknown): Checked {
  const offset = jsonErrorOffset(text) ?? text.length;
  return { kind: "syntax", message: shortMessage(err), ...lineColumn(text, offset) };
}

export function checkText(text: string): Checked {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return syntaxError(text, err);
  }
  const parsed = parseMeetingDefinition(raw);
  return parsed.ok
    ? { kind: "valid", raw, definition: parsed.definition }
    : { kind: "invalid", raw, problems: parsed.problems };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** The fields the quick form edits, read from the raw JSON (whatever of them is there). */
export interface FormFields {
  year: number | null;
  date: string | null;
  units: { code: string; label: string; role: string }[];
}

export function formFields(raw: unknown): FormFields | null {
  if (!isObject(raw)) return null;
  const cluster = isObject(raw.cluster) ? raw.cluster : {};
  const conference = isObject(raw.conference) ? raw.conference : {};
  const units = Array.isArray(raw.units) ? raw.units.filter(isObject) : [];
  return {
    year: typeof cluster.year === "number" ? cluster.year : null,
    date: typeof conference.date === "string" ? conference.date : null,
    units: units.map((u) => ({
      code: String(u.code ?? ""),
      label: String(u.shortName ?? u.name ?? u.code ?? ""),
      role: String(u.role ?? "member"),
    })),
  };
}

/** Re-serialises the edited object the way the sample file is written (2 spaces, trailing newline). */
const stringify = (raw: unknown) => `${JSON.stringify(raw, null, 2)}\n`;

/**
 * Sets the year under review. The conference is held early the next year, so a date in the year after
 * the old one moves with it (14/01/2022 → 14/01/2023); other dates are left for the person to set.
 */
export function withYear(raw: unknown, year: number): string {
  const next = structuredClone(raw) as Json;
  const cluster = (isObject(next.cluster) ? next.cluster : (next.cluster = {})) as Json;
  const old = typeof cluster.year === "number" ? cluster.year : null;
  cluster.year = year;
  const conference = isObject(next.conference) ? next.conference : null;
  const date = typeof conference?.date === "string" ? /^(\d{4})(-\d{2}-\d{2})$/.exec(conference.date) : null;
  if (conference && date && old !== null && Number(date[1]) === old + 1)
    conference.date = `${year + 1}${date[2]}`;
  return stringify(next);
}

export function withDate(raw: unknown, date: string): string {
  const next = structuredClone(raw) as Json;
  const conference = (isObject(next.conference) ? next.conference : (next.conference = {})) as Json;
  conference.date = date;
  return stringify(next);
}

/** Makes `code` the unit with `role` (head or deputy); whoever held it, and `code`'s old role, become member. */
export function withRole(raw: unknown, role: Exclude<UnitRole, "member">, code: string | null): string {
  const next = structuredClone(raw) as Json;
  const units = Array.isArray(next.units) ? next.units.filter(isObject) : [];
  for (const u of units) {
    if (u.role === role) u.role = "member";
    if (code !== null && u.code === code) u.role = role;
  }
  return stringify(next);
}

/**
 * Paths of texts still naming last year's review year (year − 1): left over when a file is reused.
 * Legal bases cite laws by their year, so they are not looked at.
 */
export function staleYearMentions(def: MeetingDefinition): string[] {
  const stale = new RegExp(`\\b${def.cluster.year - 1}\\b`);
  const found: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (typeof v === "string") {
      if (stale.test(v)) found.push(path);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
    else if (isObject(v))
      for (const [k, x] of Object.entries(v)) if (k !== "legalBases") walk(x, path ? `${path}.${k}` : k);
  };
  walk(def, "");
  return found;
}

/** "Cụm thi đua số 8", 2022 → "cum-thi-dua-so-8-2022.json": a file name that survives any file system. */
export function fileNameOf(def: MeetingDefinition | null): string {
  if (!def) return "hoi-nghi.json";
  const slug = def.cluster.name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/gi, "d")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
  return `${slug}-${def.cluster.year}.json`;
}
