import type { JournalEntry } from "../../shared/journal/chain";
import { summariseAttendance } from "../../shared/voting/attendance";
import type { MeetingRoom } from "../meetings/room";
import type { MinutesPdfInput } from "../pdf/types";
import type { PublishedPoll } from "../polls/results";

const clock = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Ho_Chi_Minh" });

interface Decision {
  label: string;
  at: number;
  present: string[];
}

/**
 * The score lock in force and the units recorded present at it (scores.locked journals them). An
 * unlock cancels the lock before it; a lock journaled before attendance was recorded gives nothing.
 */
function lockDecision(room: MeetingRoom, journal: readonly JournalEntry[]): Decision | null {
  if (room.scoreState.stage !== "locked") return null;
  let lock: Decision | null = null;
  for (const e of journal) {
    if (e.type === "scores.unlocked") lock = null;
    if (e.type !== "scores.locked") continue;
    const present = (e.data as { presentUnits?: unknown } | null)?.presentUnits;
    lock = Array.isArray(present) ? { label: "khóa bảng điểm", at: e.ts, present: present.filter((u): u is string => typeof u === "string") } : null;
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
  const labelled = decisions.map((d) => `${d.label} (${clock.format(d.at)})`);
  return {
    present: summary.throughout.map(nameOf),
    absent: summary.absent.map(nameOf),
    partial: summary.partial.map((p) => ({ name: nameOf(p.unit), absentAt: p.absentAt.map((i) => labelled[i]!) })),
    decisions: decisions.map((d) => ({
      label: d.label,
      time: clock.format(d.at),
      present: units.filter((u) => d.present.includes(u)).map(nameOf),
      absent: units.filter((u) => !d.present.includes(u)).map(nameOf),
    })),
  };
}
