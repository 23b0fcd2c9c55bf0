import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollView } from "../../../shared/protocol/polls";
import type { FractionRule, VoteBase } from "../../../shared/definition/schema";
import type { Choice } from "../../../shared/voting/ballot";
import type { PollKind, PollState, Visibility } from "../../../shared/voting/poll";
import { describeShare } from "../../../shared/voting/share";
import type { Lang, MessageKey, Translate } from "../../i18n";

export const CHOICES: readonly Choice[] = ["for", "against", "abstain"];

export const CHOICE_KEY: Record<Choice, MessageKey> = {
  for: "polls.choice.for",
  against: "polls.choice.against",
  abstain: "polls.choice.abstain",
};

export const KIND_KEY: Record<PollKind, MessageKey> = {
  per_candidate: "polls.kind.per_candidate",
  single_choice: "polls.kind.single_choice",
  motion: "polls.kind.motion",
};

export const VISIBILITY_KEY: Record<Visibility, MessageKey> = {
  open: "polls.visibility.open",
  secret: "polls.visibility.secret",
};

export const STATE_KEY: Record<PollState, MessageKey> = {
  draft: "polls.state.draft",
  open: "polls.state.open",
  closed: "polls.state.closed",
  published: "polls.state.published",
  void: "polls.state.void",
};

export const BASE_KEY: Record<VoteBase, MessageKey> = {
  members: "polls.base.members",
  present: "polls.base.present",
  valid: "polls.base.valid",
};

export function unitName(state: Pick<MeetingState, "units">, code: string): string {
  return state.units.find((u) => u.code === code)?.name ?? code;
}

export function unitShort(state: Pick<MeetingState, "units">, code: string): string {
  return state.units.find((u) => u.code === code)?.shortName ?? code;
}

/** "quá 1/2 tổng số đơn vị thành viên", as the counting minutes write it. */
export function thresholdText(t: Translate, lang: Lang, rule: FractionRule, base: VoteBase): string {
  return `${describeShare(rule, lang)} ${t(BASE_KEY[base])}`;
}

/** "6/8 đơn vị đã bỏ phiếu". */
export function turnoutText(t: Translate, poll: Pick<PollView, "turnout">): string {
  return t("polls.turnout", { voted: poll.turnout.voted, members: poll.turnout.members });
}

/**
 * The outcome in the screen's language: the election headline if any; for a per-candidate poll the
 * units that passed (the full sentence names every candidate and is too long to read from the back
 * of the room; the chart marks each one); else the fixed phrase.
 */
export function outcomeText(t: Translate, state: Pick<MeetingState, "units">, poll: PollView, lang: Lang): string | null {
  if (!poll.outcome) return null;
  const result = poll.outcome.result;
  if (result.kind === "per_candidate") {
    const passed = result.candidates.filter((c) => c.passed).map((c) => unitShort(state, c.unit));
    return passed.length ? t("polls.result.passedList", { units: passed.join(", ") }) : t("polls.result.nonePassed");
  }
  // The headline names the office in Vietnamese ("… — Trưởng cụm năm 2022"); English reads the phrase.
  return lang === "vi" && poll.outcome.headline ? poll.outcome.headline : poll.outcome.words[lang];
}

/** "10:42", the room's local time. */
export function clock(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { hour: "2-digit", minute: "2-digit", hour12: false }).format(ms);
}
