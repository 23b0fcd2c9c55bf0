import type { JournalEntry } from "../../shared/journal/chain";
import { outsideRehearsal } from "../../shared/protocol/rehearsal";
import { parseJournalEvent, type JournalType } from "../../shared/journal/entries";
import { meetingPhase, vietnamDay } from "../../shared/discussion/phase";
import type { MeetingDefinition } from "../../shared/definition/schema";

/** Journal entries that set a meeting up or look after it without starting it. */
const SETUP_ENTRIES: ReadonlySet<string> = new Set<JournalType>([
  "meeting.created",
  "meeting.definition_updated",
  "meeting.archived",
  "meeting.unarchived",
  "link.revoked",
  "link.reissued",
  // Testing the projector before the day is not the meeting.
  "screen.shown",
  // The meeting's papers: attached and tried on the big screen, invitations printed, before the day.
  "document.attached",
  "document.shown",
  "invitations.issued",
]);

/**
 * Why a meeting counts as begun, from its journal, in Vietnamese; null while it has not begun. A unit's
 * check-in, a roll-call mark, a move on the agenda, any score, poll or pledge step starts it; the
 * chair, secretary, screen or public link opening the meeting does not, nor does a delegate opening its
 * link before the day to comment on the pledge draft (discussion.commentsOpenFrom).
 */
export function startedBecause(
  entries: readonly Pick<JournalEntry, "type" | "data" | "ts">[],
  definition: Pick<MeetingDefinition, "conference" | "discussion">,
): string | null {
  // What was done in a rehearsal never started the meeting (and rehearsal.started/ended are not steps).
  for (const e of outsideRehearsal(entries)) {
    if (SETUP_ENTRIES.has(e.type)) continue;
    if (e.type === "device.joined") {
      const joined = parseJournalEvent(e.type, e.data);
      if (joined?.type !== "device.joined" || joined.data.role !== "delegate") continue;
      if (meetingPhase(definition, vietnamDay(e.ts)) !== "day") continue;
      return `đơn vị ${joined.data.unit ?? ""} đã điểm danh (a unit has checked in)`;
    }
    const [domain] = e.type.split(".");
    switch (domain) {
      case "rollcall":
        return "đã điểm danh các đơn vị (the roll call has begun)";
      case "agenda":
        return "chương trình hội nghị đã bắt đầu (the agenda has moved)";
      case "scores":
        return "bảng điểm đã mở (the score table has been opened)";
      case "poll":
        return "đã có cuộc biểu quyết (a poll exists)";
      case "pledge":
        return "giao ước đã được thông qua hoặc ký (the pledge has moved on)";
      default:
        return `hội nghị đã bắt đầu: ${e.type} (the meeting has begun)`;
    }
  }
  return null;
}
