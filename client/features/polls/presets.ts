import type { FractionRule } from "../../../shared/definition/schema";
import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollCreate, PollSubject, PollView } from "../../../shared/protocol/polls";
import type { PollKind, Visibility } from "../../../shared/voting/poll";
import type { MessageKey } from "../../i18n";

export type PresetId = "ranking" | "head" | "deputy" | "pledge";

export interface Preset {
  id: PresetId;
  labelKey: MessageKey;
  titleKey: MessageKey;
  kind: PollKind;
  subject: PollSubject;
  visibility: Visibility;
}

/** The four votes of the year-end conference (DOMAIN.md, "Votes"), with their usual form. */
export const PRESETS: readonly Preset[] = [
  { id: "ranking", labelKey: "polls.preset.ranking", titleKey: "polls.title.ranking", kind: "per_candidate", subject: "ranking", visibility: "secret" },
  { id: "head", labelKey: "polls.preset.head", titleKey: "polls.title.head", kind: "single_choice", subject: "head", visibility: "open" },
  { id: "deputy", labelKey: "polls.preset.deputy", titleKey: "polls.title.deputy", kind: "single_choice", subject: "deputy", visibility: "open" },
  { id: "pledge", labelKey: "polls.preset.pledge", titleKey: "polls.title.pledge", kind: "motion", subject: "pledge", visibility: "open" },
];

/** How many of the locked ranking the acclamation lists by default. */
export const ACCLAIMED_BY_DEFAULT = 3;

/** The thresholds seen in clusters' rules; "" keeps the meeting's own. */
export const THRESHOLDS: Record<string, FractionRule> = {
  gt12: { comparison: "gt", numerator: 1, denominator: 2 },
  gte23: { comparison: "gte", numerator: 2, denominator: 3 },
  gte80: { comparison: "gte", numerator: 80, denominator: 100 },
};

/** The unit elected head in the latest published head election, if any. */
export function electedHead(polls: readonly PollView[]): string | null {
  const heads = polls.filter((p) => p.subject === "head" && p.state === "published" && p.outcome?.elected);
  return heads.at(-1)?.outcome?.elected ?? null;
}

/** Default candidates: the acclamation's top of the ranking; every unit (ranking order if locked) for elections. */
export function defaultCandidates(preset: Preset, state: MeetingState, polls: readonly PollView[]): string[] {
  const order = state.scores.ranking ?? state.units.map((u) => u.code);
  if (preset.kind === "motion") return [];
  if (preset.subject === "ranking") return order.slice(0, ACCLAIMED_BY_DEFAULT);
  const head = preset.subject === "deputy" ? electedHead(polls) : null;
  return order.filter((u) => u !== head);
}

export function createPayload(
  preset: Preset,
  form: { title: string; visibility: Visibility; candidates: string[]; excluded: string[]; threshold: string; base: string; order: string[] },
): PollCreate {
  const payload: PollCreate = { kind: preset.kind, subject: preset.subject, visibility: form.visibility, title: form.title.trim() };
  if (preset.kind !== "motion") {
    // The ballot lists candidates in score order when the table is locked, else in the units' order.
    payload.candidates = [...form.candidates].sort((a, b) => form.order.indexOf(a) - form.order.indexOf(b));
  }
  if (form.excluded.length) payload.excluded = form.excluded;
  const threshold = THRESHOLDS[form.threshold];
  if (threshold) payload.threshold = threshold;
  if (form.base === "members" || form.base === "present" || form.base === "valid") payload.base = form.base;
  return payload;
}
