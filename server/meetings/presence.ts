import type { AttendanceRow, SessionInfo } from "../../shared/protocol/meeting";
import type { Role } from "../../shared/protocol/roles";
import type { LinkRecord } from "../storage/store";

export type OtherRole = Exclude<Role, "delegate">;
/** Open connections of one instance to one meeting: delegates by unit, the other roles by role. */
export interface PresenceCounts {
  units: Record<string, number>;
  others: Record<OtherRole, number>;
}
export const NO_PRESENCE: PresenceCounts = { units: {}, others: { chair: 0, secretary: 0, screen: 0, observer: 0 } };

/** A unit's manual roll-call mark (absent: the unit counts present once its delegate has checked in). */
type Marks = Readonly<Record<string, "present" | "absent" | undefined>>;

/**
 * Who is here, kept as connections come and go so a join costs the same with 4,000 connections as with
 * 4: this instance's delegate devices per unit and other devices per role, the other instances' counts
 * (Redis mode), the units whose delegate has checked in, and the attendance rows that moved since the
 * last delta. The roll-call marks stay in the meeting's stored state; the room passes them in.
 */
export class Presence {
  private readonly onlineUnits = new Map<string, number>();
  private readonly onlineOthers: Record<OtherRole, number> = { ...NO_PRESENCE.others };
  private remote: PresenceCounts = NO_PRESENCE;
  private checkedIn = new Set<string>();
  /** Attendance rows changed since the last takeDirty. */
  private readonly dirty = new Set<string>();
  /** presentCount's answer, dropped whenever a mark or a check-in moves. */
  private presentCached: number | null = null;

  /** The units with a delegate link seen at least once, from the links as read (again). */
  recountCheckedIn(links: Iterable<LinkRecord>): void {
    const next = new Set<string>();
    for (const l of links) if (l.role === "delegate" && l.unit && l.firstSeenAt !== null) next.add(l.unit);
    for (const u of next) if (!this.checkedIn.has(u)) this.dirty.add(u);
    for (const u of this.checkedIn) if (!next.has(u)) this.dirty.add(u);
    this.checkedIn = next;
    this.presentCached = null;
  }

  /** A unit's delegate joined for the first time. */
  checkIn(unit: string): void {
    if (this.checkedIn.has(unit)) return;
    this.checkedIn.add(unit);
    this.presentCached = null;
    this.dirty.add(unit);
  }

  /** A connection came (+1) or went (−1). */
  count(session: SessionInfo, by: 1 | -1): void {
    if (session.role !== "delegate") {
      this.onlineOthers[session.role as OtherRole] += by;
      return;
    }
    if (!session.unit) return;
    const n = (this.onlineUnits.get(session.unit) ?? 0) + by;
    if (n > 0) this.onlineUnits.set(session.unit, n);
    else this.onlineUnits.delete(session.unit);
    this.dirty.add(session.unit);
  }

  /** The roll-call marks moved from `before` to `next`: those units' rows are sent again. */
  marksChanged(before: Marks, next: Marks): void {
    for (const u of new Set([...Object.keys(before), ...Object.keys(next)])) if (before[u] !== next[u]) this.dirty.add(u);
    this.presentCached = null;
  }

  /** Something the present count depends on moved (the definition's units). */
  invalidate(): void {
    this.presentCached = null;
  }

  /** This instance's own connections, as reported to the others. */
  local(): PresenceCounts {
    return { units: Object.fromEntries(this.onlineUnits), others: { ...this.onlineOthers } };
  }

  /** The other instances' connections (summed); false when nothing changed. */
  setRemote(counts: PresenceCounts): boolean {
    if (JSON.stringify(counts) === JSON.stringify(this.remote)) return false;
    for (const u of new Set([...Object.keys(counts.units), ...Object.keys(this.remote.units)])) if (counts.units[u] !== this.remote.units[u]) this.dirty.add(u);
    this.remote = counts;
    return true;
  }

  /** One unit's row: connections on this instance and, in Redis mode, on the others. */
  row(unit: string, marks: Marks): AttendanceRow {
    const mark = marks[unit] ?? null;
    const checkedIn = this.checkedIn.has(unit);
    return { unit, present: mark ? mark === "present" : checkedIn, checkedIn, online: (this.onlineUnits.get(unit) ?? 0) + (this.remote.units[unit] ?? 0), mark };
  }

  private isPresent(unit: string, marks: Marks): boolean {
    const mark = marks[unit];
    return mark ? mark === "present" : this.checkedIn.has(unit);
  }

  /** How many of `units` count present, kept between changes: a poll asks after every ballot. */
  presentCount(units: readonly { code: string }[], marks: Marks): number {
    if (this.presentCached !== null) return this.presentCached;
    let n = 0;
    for (const u of units) if (this.isPresent(u.code, marks)) n++;
    return (this.presentCached = n);
  }

  /** Devices of the other roles, on every instance. */
  others(): Record<OtherRole, number> {
    const others = { ...this.remote.others };
    for (const r of Object.keys(others) as OtherRole[]) others[r] += this.onlineOthers[r];
    return others;
  }

  /** The units (in `order`) whose rows moved since the last call. */
  takeDirty(order: readonly string[]): string[] {
    const units = order.filter((u) => this.dirty.has(u));
    this.dirty.clear();
    return units;
  }
}
