import type { PollPending, PollView } from "../../shared/protocol/polls";
import { presentForPoll } from "../../shared/voting/attendance";
import { tallyBallots } from "../../shared/voting/tally";
import type { MeetingRoom } from "../meetings/room";
import type { PollRecord } from "../storage/polls";

/** One poll in memory: its stored record and what the ballots say so far (kept after each commit). */
export interface LivePoll {
  record: PollRecord;
  /** Unit → time its ballot was stored. */
  voted: Map<string, number>;
  /** Every stored ballot's choices (no unit: a secret poll has none to give). */
  choices: unknown[];
  /** Open polls only: who chose what. */
  byUnit: Map<string, unknown> | null;
}

/** Increases with each transition and each ballot, and survives a restart (both are stored). */
export function versionOf(live: LivePoll): number {
  return live.record.stateChanges + live.voted.size;
}

/**
 * Units counted present for a poll not yet closed (or closed before its attendance was recorded):
 * see presentForPoll — present now, plus those whose ballot was accepted while they were present.
 */
export function presentForClose(room: MeetingRoom, live: LivePoll): number {
  return presentForPoll(room.definition.units.map((u) => u.code), room.presentUnits(), [...live.voted.keys()]).length;
}

/** Per-choice counts are public for open polls, and for secret polls only once the poll is closed. */
function countsVisible(live: LivePoll): boolean {
  const { visibility, state } = live.record;
  return visibility === "open" ? state !== "draft" : state === "closed" || state === "published";
}

export function pollView(room: MeetingRoom, live: LivePoll, opts: { byUnit: boolean }): PollView {
  const r = live.record;
  const present = r.presentAtClose ?? (r.state === "draft" || r.state === "open" || r.state === "void" ? room.presentUnits().length : presentForClose(room, live));
  return {
    id: r.id,
    kind: r.kind,
    visibility: r.visibility,
    subject: r.subject,
    title: r.title,
    candidates: r.candidates,
    excluded: r.excluded,
    threshold: r.threshold,
    base: r.base,
    state: r.state,
    round: r.round,
    runoffOf: r.runoffOf ?? null,
    createdAt: r.createdAt,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    publishedAt: r.publishedAt,
    voidedAt: r.voidedAt,
    voidReason: r.voidReason,
    version: versionOf(live),
    turnout: { voted: live.voted.size, members: r.membersAtClose ?? room.definition.units.length, present },
    counts: r.published?.tally ?? (countsVisible(live) ? tallyBallots(r, live.choices) : null),
    byUnit: opts.byUnit && live.byUnit ? Object.fromEntries([...live.byUnit].sort(([a], [b]) => a.localeCompare(b))) : null,
    outcome: r.published?.outcome ?? null,
  };
}

/** For organisers: who has not voted yet, in the definition's unit order. */
export function pendingOf(room: MeetingRoom, live: LivePoll): PollPending {
  const units = room.definition.units.map((u) => u.code);
  return {
    pollId: live.record.id,
    version: versionOf(live),
    voted: units.filter((u) => live.voted.has(u)),
    notVoted: units.filter((u) => !live.voted.has(u)),
  };
}
