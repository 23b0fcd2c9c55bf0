import { describe, expect, it } from "vitest";
import { outsideRehearsal, rehearsalMarks } from "../../shared/protocol/rehearsal";
import { startedBecause } from "../../server/admin/started";

const e = (type: string, data: unknown = null) => ({ type, data, ts: Date.UTC(2026, 11, 20, 2) });
/** A meeting on the day (no comments period): every check-in counts. */
const ON_THE_DAY = { conference: { date: "2026-12-20" } } as never;

describe("the rehearsal window in the journal", () => {
  const cases: [string, ReturnType<typeof e>[], string[], boolean[]][] = [
    ["no rehearsal", [e("meeting.created"), e("rollcall.marked")], ["meeting.created", "rollcall.marked"], [false, false]],
    [
      "one rehearsal, then the day",
      [e("meeting.created"), e("rehearsal.started"), e("poll.created"), e("pledge.signed"), e("rehearsal.ended"), e("rollcall.marked")],
      ["meeting.created", "rollcall.marked"],
      [false, true, true, true, true, false],
    ],
    ["a rehearsal still running", [e("meeting.created"), e("rehearsal.started"), e("poll.created")], ["meeting.created"], [false, true, true]],
    [
      "two rehearsals",
      [e("rehearsal.started"), e("speak.ended"), e("rehearsal.ended"), e("screen.shown"), e("rehearsal.started"), e("rehearsal.ended")],
      ["screen.shown"],
      [true, true, true, false, true, true],
    ],
  ];
  it.each(cases)("%s", (_name, entries, kept, marks) => {
    expect(outsideRehearsal(entries).map((x) => x.type)).toEqual(kept);
    expect(rehearsalMarks(entries)).toEqual(marks);
  });
});

describe("has the meeting begun, with rehearsals", () => {
  const cases: [string, ReturnType<typeof e>[], RegExp | null][] = [
    ["a delegate's check-in during a rehearsal does not begin it", [e("meeting.created"), e("rehearsal.started"), e("device.joined", { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT" }), e("poll.created"), e("rehearsal.ended")], null],
    ["a rehearsal still running does not begin it", [e("meeting.created"), e("rehearsal.started"), e("scores.stage_changed")], null],
    ["a check-in after the rehearsal does", [e("rehearsal.started"), e("rehearsal.ended"), e("device.joined", { linkId: "delegate-STP-1", role: "delegate", unit: "STP" })], /STP/],
    ["a roll-call mark before any rehearsal does", [e("meeting.created"), e("rollcall.marked"), e("rehearsal.started")], /điểm danh/],
  ];
  it.each(cases)("%s", (_name, entries, why) => {
    const got = startedBecause(entries, ON_THE_DAY);
    if (why === null) expect(got).toBeNull();
    else expect(got).toMatch(why);
  });
});
