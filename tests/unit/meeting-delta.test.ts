import { describe, expect, it } from "vitest";
import { applyMeetingDelta, type AttendanceRow, type MeetingState, type MeetingStateDelta } from "../../shared/protocol/meeting";

const row = (unit: string, online: number): AttendanceRow => ({ unit, present: online > 0, checkedIn: online > 0, online, mark: null });

const held: MeetingState = {
  meetingId: "M1",
  title: "Hội nghị",
  cluster: { name: "Cụm 8", province: "Bình Định", year: 2021 },
  conference: { title: "Hội nghị", date: "2021-12-01" },
  units: [
    { code: "A", name: "Đơn vị A", shortName: "A", headTitle: "Giám đốc", role: "head" },
    { code: "B", name: "Đơn vị B", shortName: "B", headTitle: "Giám đốc", role: "member" },
  ],
  agenda: [{ title: "Khai mạc" }, { title: "Bế mạc" }],
  agendaIndex: 0,
  screen: "welcome",
  attendance: [row("A", 1), row("B", 0)],
  quorum: { met: false, present: 1, members: 2, required: 2 },
  others: { chair: 1, secretary: 0, screen: 0, observer: 0 },
  scores: { stage: "closed", ranking: null, lockedAt: null },
  journalHead: { seq: 3, hash: "h3" },
  speakers: { current: null, queue: [], spoken: [] } as unknown as MeetingState["speakers"],
  documents: { count: 0, shown: null } as unknown as MeetingState["documents"],
  phase: "day",
  rehearsal: false,
  version: 10,
};

function delta(from: number, version: number, attendance: AttendanceRow[], patch: Partial<MeetingStateDelta> = {}): MeetingStateDelta {
  const { title: _t, cluster: _c, conference: _f, units: _u, agenda: _a, attendance: _r, ...live } = held;
  return { ...live, ...patch, attendance, delta: true, from, version };
}

describe("a meeting:state delta on top of the full state held", () => {
  it.each([
    ["from the held version", 10, 12, "applied"],
    ["from an older version (the holder's full state already has part of it)", 8, 12, "applied"],
    ["from a newer version (a delta was missed)", 11, 12, "behind"],
    ["up to the held version", 8, 10, "stale"],
    ["up to an older version", 5, 9, "stale"],
  ])("%s: %s", (_what, from, version, expected) => {
    const out = applyMeetingDelta(held, delta(from, version, [row("B", 1)]));
    if (expected === "applied") expect(typeof out).toBe("object");
    else expect(out).toBe(expected);
  });

  it("replaces only the rows it carries, keeps the definition and takes every live key", () => {
    const out = applyMeetingDelta(held, delta(10, 11, [row("B", 2)], { agendaIndex: 1, others: { chair: 1, secretary: 0, screen: 0, observer: 5 }, quorum: { met: true, present: 2, members: 2, required: 2 } }));
    expect(out).toEqual({
      ...held,
      agendaIndex: 1,
      others: { chair: 1, secretary: 0, screen: 0, observer: 5 },
      quorum: { met: true, present: 2, members: 2, required: 2 },
      attendance: [row("A", 1), row("B", 2)],
      version: 11,
    });
    // The held state is not changed in place.
    expect(held.attendance[1]).toEqual(row("B", 0));
    expect(held.version).toBe(10);
  });

  it("treats another meeting's delta as missed changes", () => {
    expect(applyMeetingDelta(held, { ...delta(10, 11, []), meetingId: "M2" })).toBe("behind");
  });
});
