import type { JournalEntry } from "../../shared/journal/chain";
import { parseJournalEvent } from "../../shared/journal/entries";
import { assertNever } from "../../shared/voting/poll";
import { summariseAttendance } from "../../shared/voting/attendance";
import type { MeetingRoom } from "../meetings/room";
import type { MinutesPdfInput } from "../pdf/types";
import { vietnamClock } from "../../shared/discussion/phase";
import type { PublishedPoll } from "../polls/results";


interface Decision {
  label: string;
  at: number;
  present: string[];
}

/**
 * The score lock in force and the units recorded present at it (scores.locked journals them). An
 * unlock cancels the lock before it; a lock journaled before attendance was recorded gives nothing.
 * Every entry type is placed here (an exhaustive switch): the journal gives the minutes only the lock's
 * attendance; the rest reaches them from the records stored with the entries.
 */
function lockDecision(room: MeetingRoom, journal: readonly JournalEntry[]): Decision | null {
  if (room.scoreState.stage !== "locked") return null;
  let lock: Decision | null = null;
  for (const entry of journal) {
    // An entry this version cannot read (older data) decides nothing.
    const e = parseJournalEvent(entry.type, entry.data);
    if (!e) continue;
    switch (e.type) {
      case "scores.locked":
        lock = e.data.presentUnits ? { label: "khóa bảng điểm", at: entry.ts, present: e.data.presentUnits } : null;
        break;
      case "scores.unlocked":
        lock = null;
        break;
      case "scores.stage": // from the score table itself (the agreed layer and ranking)
      case "scores.copied":
      case "poll.created": // from the poll records (publishedPolls: counts, outcome, attendance at open and close)
      case "poll.opened":
      case "poll.closed":
      case "poll.published":
      case "poll.voided":
      case "poll.ballot_cast":
      case "pledge.adopted": // from the pledge record (pledgeSummary: text hash, signatures)
      case "pledge.frozen":
      case "pledge.unfrozen":
      case "pledge.signed":
      case "pledge.final":
      case "pledge.proposal.accepted":
      case "pledge.proposal.rejected":
      case "speak.requested": // from the turns and documents stored with them (discussionSummary)
      case "speak.withdrawn":
      case "speak.given":
      case "speak.ended":
      case "speak.reordered":
      case "document.attached":
      case "document.shown":
      case "meeting.created": // set-up, devices and the room's own state: not in the minutes (the journal head is)
      case "meeting.definition_updated":
      case "meeting.archived":
      case "meeting.unarchived":
      case "link.revoked":
      case "link.reissued":
      case "device.joined":
      case "rollcall.marked":
      case "agenda.moved":
      case "screen.shown":
      case "invitations.issued":
      case "rehearsal.started": // removed by outsideRehearsal before the minutes read the journal
      case "rehearsal.ended":
        break;
      default:
        assertNever(e);
    }
  }
  return lock;
}

/**
 * The minutes' attendance from the meeting's record: who was present at each decision (the score
 * lock, each published poll's close), in time order, and the summary over them. A unit that came in
 * only to sign is absent from every decision, whatever the roll call says when the PDF is made.
 */
export function minutesAttendance(room: MeetingRoom, journal: readonly JournalEntry[], polls: readonly PublishedPoll[]): MinutesPdfInput["attendance"] {
  const units = room.definition.units.map((u) => u.code);
  const nameOf = (code: string) => room.definition.units.find((u) => u.code === code)?.name ?? code;
  const decisions: Decision[] = [];
  const lock = lockDecision(room, journal);
  if (lock) decisions.push(lock);
  for (const p of polls) if (p.presentUnits && p.closedAt !== null) decisions.push({ label: `biểu quyết «${p.title}»`, at: p.closedAt, present: p.presentUnits });
  decisions.sort((a, b) => a.at - b.at);

  if (decisions.length === 0) {
    // Nothing decided yet: the roll call of the moment (the minutes are a draft then).
    const present = room.presentUnits();
    return { present: present.map(nameOf), absent: units.filter((u) => !present.includes(u)).map(nameOf), partial: [], decisions: [] };
  }
  const summary = summariseAttendance(units, decisions);
  const labelled = decisions.map((d) => `${d.label} (${vietnamClock(d.at)})`);
  return {
    present: summary.throughout.map(nameOf),
    absent: summary.absent.map(nameOf),
    partial: summary.partial.map((p) => ({ name: nameOf(p.unit), absentAt: p.absentAt.map((i) => labelled[i]!) })),
    decisions: decisions.map((d) => ({
      label: d.label,
      time: vietnamClock(d.at),
      present: units.filter((u) => d.present.includes(u)).map(nameOf),
      absent: units.filter((u) => !d.present.includes(u)).map(nameOf),
    })),
  };
}
