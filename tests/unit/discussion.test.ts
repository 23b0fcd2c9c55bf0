import { describe, expect, it } from "vitest";
import {
  DAY_ONLY_EVENTS,
  meetingPhase,
  vietnamDay,
  vietnamClock,
  type MeetingPhase,
  countdown,
  endTurn,
  formatClock,
  giveFloor,
  hasPdfMagic,
  limitFor,
  nextRequestId,
  openRequestOf,
  reorderQueue,
  requestFloor,
  withdrawRequest,
  type LimitSettings,
} from "../../shared/discussion";
import type { SpeakKind, SpeakersState } from "../../shared/protocol/discussion";
import type { JournalEntry } from "../../shared/journal/chain";
import { translate, type Translate } from "../../client/i18n";
import { describeEntry } from "../../client/views/journal/describe";

const q = (requestId: string, unit: string, kind: SpeakKind = "remark") => ({ requestId, unit, kind, requestedAt: 1000 });
const EMPTY: SpeakersState = { current: null, queue: [] };
const TWO: SpeakersState = { current: null, queue: [q("r1", "BDT", "presentation"), q("r2", "STP")] };
const SPEAKING: SpeakersState = { current: { requestId: "r1", unit: "BDT", kind: "presentation", startedAt: 10_000, limitS: 420 }, queue: [q("r2", "STP")] };
const LIMITS = (kind: SpeakKind) => (kind === "presentation" ? 420 : 180);

describe("requestFloor", () => {
  const cases: [string, SpeakersState, string, SpeakKind, string | null, string[]][] = [
    // name, state, unit, kind, refusal code or null, queue after (unit codes)
    ["first request joins an empty queue", EMPTY, "BDT", "presentation", null, ["BDT"]],
    ["a second unit goes to the end", TWO, "SNV", "remark", null, ["BDT", "STP", "SNV"]],
    ["a unit already waiting is refused", TWO, "STP", "presentation", "CONFLICT", ["BDT", "STP"]],
    ["the unit that is speaking is refused", SPEAKING, "BDT", "remark", "CONFLICT", ["STP"]],
    ["another unit may ask while someone speaks", SPEAKING, "TTR", "remark", null, ["STP", "TTR"]],
  ];
  for (const [name, state, unit, kind, code, after] of cases)
    it(name, () => {
      const r = requestFloor(state, { requestId: "r9", unit, kind, now: 5 });
      if (code) expect(r).toMatchObject({ ok: false, code });
      else expect(r.ok).toBe(true);
      const next = r.ok ? r.state : state;
      expect(next.queue.map((x) => x.unit)).toEqual(after);
    });

  it("keeps the note, the speaker's name and the time of the request through to the floor", () => {
    const r = requestFloor(EMPTY, { requestId: "r1", unit: "BDT", kind: "remark", note: "Về tiêu chí 3", name: "Đ/c Hà Văn Minh, Trưởng ban", now: 77 });
    expect(r.ok && r.request).toEqual({ requestId: "r1", unit: "BDT", kind: "remark", note: "Về tiêu chí 3", name: "Đ/c Hà Văn Minh, Trưởng ban", requestedAt: 77 });
    const given = r.ok ? giveFloor(r.state, "r1", 90, LIMITS) : null;
    expect(given?.ok && given.current).toEqual({ requestId: "r1", unit: "BDT", kind: "remark", note: "Về tiêu chí 3", name: "Đ/c Hà Văn Minh, Trưởng ban", startedAt: 90, limitS: 180 });
  });
});

describe("withdrawRequest", () => {
  const cases: [string, SpeakersState, string, string | null, string[]][] = [
    ["a waiting unit withdraws", TWO, "STP", null, ["BDT"]],
    ["a unit with no request is refused", TWO, "SNV", "NOT_FOUND", ["BDT", "STP"]],
    ["the speaking unit cannot withdraw", SPEAKING, "BDT", "CONFLICT", ["STP"]],
    ["empty queue", EMPTY, "BDT", "NOT_FOUND", []],
  ];
  for (const [name, state, unit, code, after] of cases)
    it(name, () => {
      const r = withdrawRequest(state, unit);
      if (code) expect(r).toMatchObject({ ok: false, code });
      expect((r.ok ? r.state : state).queue.map((x) => x.unit)).toEqual(after);
    });
});

describe("giveFloor", () => {
  const cases: [string, SpeakersState, string, string | null, number | null][] = [
    // name, state, requestId, code, limit given
    ["gives the first waiting request with the presentation limit", TWO, "r1", null, 420],
    ["gives a later request with the remark limit", TWO, "r2", null, 180],
    ["refuses an unknown request", TWO, "r7", "NOT_FOUND", null],
    ["refuses while someone speaks", SPEAKING, "r2", "CONFLICT", null],
  ];
  for (const [name, state, id, code, limit] of cases)
    it(name, () => {
      const r = giveFloor(state, id, 50_000, LIMITS);
      if (code) return expect(r).toMatchObject({ ok: false, code });
      expect(r.ok && r.current).toMatchObject({ requestId: id, startedAt: 50_000, limitS: limit });
      expect(r.ok && r.state.queue.some((x) => x.requestId === id)).toBe(false);
    });
});

describe("endTurn", () => {
  const cases: [string, SpeakersState, number, string | null, number | null][] = [
    ["ends a turn and measures it", SPEAKING, 10_000 + 95_400, null, 95],
    ["a clock behind the start counts zero", SPEAKING, 9_000, null, 0],
    ["refuses when nobody speaks", TWO, 20_000, "CONFLICT", null],
  ];
  for (const [name, state, now, code, duration] of cases)
    it(name, () => {
      const r = endTurn(state, now, 4);
      if (code) return expect(r).toMatchObject({ ok: false, code });
      expect(r.ok && r.turn).toMatchObject({ requestId: "r1", unit: "BDT", kind: "presentation", agendaIndex: 4, durationS: duration, limitS: 420 });
      expect(r.ok && r.state).toEqual({ current: null, queue: state.queue });
    });
});

describe("reorderQueue", () => {
  const three: SpeakersState = { current: null, queue: [q("r1", "BDT"), q("r2", "STP"), q("r3", "SNV")] };
  const cases: [string, string[], string | null, string[]][] = [
    ["moves the last to the front", ["r3", "r1", "r2"], null, ["SNV", "BDT", "STP"]],
    ["same order is fine", ["r1", "r2", "r3"], null, ["BDT", "STP", "SNV"]],
    ["a missing request is a conflict", ["r3", "r1"], "CONFLICT", ["BDT", "STP", "SNV"]],
    ["an unknown request is a conflict", ["r3", "r1", "r9"], "CONFLICT", ["BDT", "STP", "SNV"]],
    ["a duplicate is malformed", ["r1", "r1", "r2"], "BAD_REQUEST", ["BDT", "STP", "SNV"]],
    ["an extra request is a conflict", ["r1", "r2", "r3", "r4"], "CONFLICT", ["BDT", "STP", "SNV"]],
  ];
  for (const [name, order, code, after] of cases)
    it(name, () => {
      const r = reorderQueue(three, order);
      if (code) expect(r).toMatchObject({ ok: false, code });
      expect((r.ok ? r.state : three).queue.map((x) => x.unit)).toEqual(after);
    });
});

describe("limits and the countdown", () => {
  const def: LimitSettings = { discussion: { remarkS: 120 }, agenda: [{}, { speakingLimits: { presentationS: 600 } }, { speakingLimits: { remarkS: 30 } }] };
  const cases: [number, SpeakKind, number][] = [
    [0, "presentation", 420],
    [0, "remark", 120],
    [1, "presentation", 600],
    [1, "remark", 120],
    [2, "remark", 30],
    [2, "presentation", 420],
    [9, "remark", 120],
  ];
  for (const [index, kind, limit] of cases) it(`item ${index} ${kind}: ${limit} s`, () => expect(limitFor(def, index, kind)).toBe(limit));
  it("defaults without a discussion section", () => expect(limitFor({ agenda: [{}] }, 0, "remark")).toBe(180));

  const turn = { startedAt: 100_000, limitS: 60 };
  const clock: [number, { elapsedS: number; remainingS: number; overrunS: number; over: boolean }][] = [
    [100_000, { elapsedS: 0, remainingS: 60, overrunS: 0, over: false }],
    [99_000, { elapsedS: 0, remainingS: 60, overrunS: 0, over: false }],
    [159_999, { elapsedS: 59, remainingS: 1, overrunS: 0, over: false }],
    [160_000, { elapsedS: 60, remainingS: 0, overrunS: 0, over: false }],
    [161_000, { elapsedS: 61, remainingS: 0, overrunS: 1, over: true }],
    [250_000, { elapsedS: 150, remainingS: 0, overrunS: 90, over: true }],
  ];
  for (const [now, expected] of clock) it(`countdown at +${now - 100_000} ms`, () => expect(countdown(turn, now)).toEqual(expected));

  const formats: [number, string][] = [[0, "0:00"], [5, "0:05"], [420, "7:00"], [750, "12:30"], [-3, "0:00"]];
  for (const [s, text] of formats) it(`formats ${s} s as ${text}`, () => expect(formatClock(s)).toBe(text));
});

describe("helpers", () => {
  it("numbers requests", () => expect([nextRequestId(0), nextRequestId(41)]).toEqual(["r1", "r42"]));
  it("finds the open request", () => {
    expect(openRequestOf(SPEAKING, "BDT")?.requestId).toBe("r1");
    expect(openRequestOf(SPEAKING, "STP")?.requestId).toBe("r2");
    expect(openRequestOf(SPEAKING, "SNV")).toBeNull();
  });
  const magic: [string, Uint8Array, boolean][] = [
    ["a PDF header", new TextEncoder().encode("%PDF-1.7\n…"), true],
    ["a header after junk bytes", new TextEncoder().encode("\u0000\u0000%PDF-1.4"), true],
    ["an HTML page", new TextEncoder().encode("<!doctype html><p>%PDF"), false],
    ["a zip (docx)", new Uint8Array([0x50, 0x4b, 0x03, 0x04]), false],
    ["empty", new Uint8Array(), false],
  ];
  for (const [name, bytes, ok] of magic) it(`PDF magic: ${name}`, () => expect(hasPdfMagic(bytes)).toBe(ok));
});

describe("before the day", () => {
  const def = (commentsOpenFrom?: string) => ({ conference: { date: "2026-12-10" }, ...(commentsOpenFrom ? { discussion: { commentsOpenFrom } } : {}) });
  const cases: [string | undefined, string, MeetingPhase][] = [
    [undefined, "2026-11-01", "day"],
    [undefined, "2026-12-10", "day"],
    ["2026-12-01", "2026-11-30", "closed"],
    ["2026-12-01", "2026-12-01", "comments"],
    ["2026-12-01", "2026-12-09", "comments"],
    ["2026-12-01", "2026-12-10", "day"],
    ["2026-12-01", "2027-01-05", "day"],
  ];
  for (const [from, today, phase] of cases) it(`${from ?? "no date"} / ${today}: ${phase}`, () => expect(meetingPhase(def(from), today)).toBe(phase));
  const days: [string, string][] = [
    ["2026-12-01T16:59:59Z", "2026-12-01"],
    ["2026-12-01T17:00:00Z", "2026-12-02"],
    ["2026-12-31T23:00:00Z", "2027-01-01"],
  ];
  for (const [iso, day] of days) it(`${iso} is ${day} in Vietnam`, () => expect(vietnamDay(Date.parse(iso))).toBe(day));
  const clocks: [string, string][] = [
    ["2026-12-01T01:05:00Z", "08:05"],
    ["2026-12-01T16:59:00Z", "23:59"],
    ["2026-12-01T17:00:30Z", "00:00"],
  ];
  for (const [iso, clock] of clocks) it(`${iso} is ${clock} in Vietnam`, () => expect(vietnamClock(Date.parse(iso))).toBe(clock));
  it("keeps scores and proposals open before the day", () => {
    for (const e of ["poll:open", "poll:cast", "pledge:sign", "pledge:adopt", "pledge:freeze", "speak:request", "speak:give"]) expect(DAY_ONLY_EVENTS).toContain(e);
    for (const e of ["scores:stage", "poll:create", "pledge:get", "meeting:resync", "doc:show"]) expect(DAY_ONLY_EVENTS).not.toContain(e);
  });
});

describe("the journal page in words", () => {
  const t: Translate = (key, params) => translate("vi", key, params);
  const ctx = { t, units: [{ code: "STP", name: "Sở Tư pháp tỉnh Thanh Hóa", shortName: "Sở Tư pháp" }], pollTitles: new Map<string, string>() };
  const entry = (type: string, data: unknown): JournalEntry => ({ seq: 1, ts: 0, actor: "chair", type, data, prevHash: "", hash: "" });
  const cases: [string, unknown, string][] = [
    ["speak.requested", { requestId: "r2", unit: "STP", kind: "presentation", note: null, name: null }, "Sở Tư pháp đăng ký tham luận (r2)"],
    ["speak.given", { requestId: "r2", unit: "STP", kind: "remark", startedAt: 1000, limitS: 180, agendaIndex: 2 }, "Mời Sở Tư pháp phát biểu (ý kiến, thời lượng 3:00)"],
    ["speak.ended", { requestId: "r2", unit: "STP", kind: "presentation", agendaIndex: 2, startedAt: 1000, endedAt: 453_000, durationS: 452, limitS: 420 }, "Sở Tư pháp kết thúc phát biểu sau 7:32 (thời lượng 7:00)"],
    ["document.attached", { docId: "0123456789abcdef", title: "Báo cáo", sha256: "ab".repeat(32), bytes: 9000, pages: 3, agendaIndex: null }, "Đính kèm tài liệu “Báo cáo” (3 trang, mã băm abababababab…)"],
    ["document.shown", { docId: null }, "Thôi trình chiếu tài liệu"],
    ["invitations.issued", { units: [{ unit: "STP", links: 2 }, { unit: "BDT", links: 2 }] }, "In giấy mời kèm mã tham dự của 2 đơn vị"],
    ["screen.shown", { view: "speaker" }, "Màn hình chiếu hiển thị: Người phát biểu"],
  ];
  for (const [type, data, words] of cases) it(type, () => expect(describeEntry(entry(type, data), ctx)).toBe(words));
});
