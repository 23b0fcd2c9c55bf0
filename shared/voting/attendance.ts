/**
 * Attendance as the meeting records it: who may cast, who counts in a "present" base, and what the
 * minutes say about who was there at each decision. Units are codes; every list comes back in the
 * order of `units` (the definition's order), so the same facts always print the same way.
 */

/** A ballot is accepted only from a unit recorded present (roll call, or checked in and not marked absent). */
export function mayCast(unit: string, presentUnits: readonly string[]): boolean {
  return presentUnits.includes(unit);
}

/**
 * The units present for a poll at its close: those recorded present at the close, and those whose
 * ballot was accepted (a ballot is only accepted from a unit recorded present at that moment, so a
 * unit that voted and then left stays in the base its ballot is counted against). A unit that was
 * absent cannot get in by voting: its ballot is refused (NOT_PRESENT), so it is in neither list.
 */
export function presentForPoll(units: readonly string[], presentAtClose: readonly string[], voters: readonly string[]): string[] {
  const present = new Set([...presentAtClose, ...voters]);
  return units.filter((u) => present.has(u));
}

/** One decision of the meeting (the score lock, a poll's close) and the units recorded present at it. */
export interface DecisionAttendance {
  present: readonly string[];
}

export interface AttendanceSummary {
  /** Present at every decision. */
  throughout: string[];
  /** Present at none. */
  absent: string[];
  /** Present at some: the indexes (into `decisions`) of those they missed. */
  partial: { unit: string; absentAt: number[] }[];
}

/**
 * Summarises the attendance record over the meeting's decisions. With no decision recorded yet the
 * caller passes the live roll call as the only "decision" (the minutes are then a draft).
 */
export function summariseAttendance(units: readonly string[], decisions: readonly DecisionAttendance[]): AttendanceSummary {
  const out: AttendanceSummary = { throughout: [], absent: [], partial: [] };
  for (const unit of units) {
    const absentAt = decisions.flatMap((d, i) => (d.present.includes(unit) ? [] : [i]));
    if (absentAt.length === 0) out.throughout.push(unit);
    else if (absentAt.length === decisions.length) out.absent.push(unit);
    else out.partial.push({ unit, absentAt });
  }
  return out;
}
