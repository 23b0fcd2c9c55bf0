import type { PollOutcome } from "../../shared/protocol/polls";
import type { VoteBase } from "../../shared/definition/schema";
import { pollResult, type Attendance } from "../../shared/voting/result";
import { describeShare } from "../../shared/voting/share";
import type { Tally } from "../../shared/voting/tally";
import { outcomeInWords } from "../../shared/voting/words";
import type { MeetingRoom } from "../meetings/room";
import type { PollRecord } from "../storage/polls";

/** What the threshold is measured against, as written in the counting minutes. */
export const BASE_WORDS: Record<VoteBase, { vi: string; en: string }> = {
  members: { vi: "tổng số đơn vị thành viên", en: "all member units" },
  present: { vi: "số đơn vị có mặt", en: "units present" },
  valid: { vi: "số phiếu hợp lệ", en: "valid ballots" },
};

/** "quá 1/2 tổng số đơn vị thành viên". */
export function thresholdWords(poll: Pick<PollRecord, "threshold" | "base">, locale: "vi" | "en"): string {
  return `${describeShare(poll.threshold, locale)} ${BASE_WORDS[poll.base][locale]}`;
}

/** The result of a closed poll with the sentences read out ("Ban Dân tộc — Trưởng cụm năm 2022"). */
export function computeOutcome(room: MeetingRoom, poll: PollRecord, tally: Tally, attendance: Attendance): PollOutcome {
  const def = room.definition;
  const result = pollResult(poll, tally, attendance);
  const names = Object.fromEntries(def.units.map((u) => [u.code, u.name]));
  const elected = result.kind === "single_choice" && result.outcome === "elected" ? result.elected : null;
  const office = poll.subject === "head" ? "Trưởng cụm" : poll.subject === "deputy" ? "Phó Trưởng cụm" : null;
  const shortName = def.units.find((u) => u.code === elected)?.shortName ?? elected;
  return {
    result,
    words: { vi: outcomeInWords(poll, result, names, "vi"), en: outcomeInWords(poll, result, names, "en") },
    // The term is the year after the one under review.
    headline: elected && office ? `${shortName} — ${office} năm ${def.cluster.year + 1}` : null,
    elected,
  };
}
