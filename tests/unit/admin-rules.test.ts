import { describe, expect, it } from "vitest";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { checkDefinitionVi, fieldLabel } from "../../shared/definition/messages";
import { nextYearDate, nextYearDefinition, shiftYears } from "../../shared/definition/next-year";
import { clusterKey, parseMeetingDefinition, slugify, type MeetingDefinition } from "../../shared/definition/schema";
import { startedBecause } from "../../server/admin/started";
import { statusOf } from "../../server/admin/summary";

/** The sample as plain JSON to break one field at a time. */
type Draft = {
  units: { code: string; name: string; role: string }[];
  conference: { title?: string };
  criteria: { groups: { max: number }[] };
  rules: Record<string, unknown>;
  agenda: { time?: string }[];
};

const sample = (): MeetingDefinition => {
  const parsed = parseMeetingDefinition(structuredClone(demo));
  if (!parsed.ok) throw new Error("sample invalid");
  return parsed.definition;
};

describe("next year's definition", () => {
  it.each([
    ["Hội nghị tổng kết năm 2021, ký giao ước năm 2022", 2021, "Hội nghị tổng kết năm 2022, ký giao ước năm 2023"],
    ["BẢN GIAO ƯỚC THI ĐUA NĂM 2022", 2021, "BẢN GIAO ƯỚC THI ĐUA NĂM 2023"],
    ["Luật năm 2003, sửa đổi 2013", 2021, "Luật năm 2003, sửa đổi 2013"],
    ["mã 120219", 2021, "mã 120219"],
    ["2021-2022", 2021, "2022-2023"],
  ])("%s (review year %i) → %s", (text, year, expected) => {
    expect(shiftYears(text, year)).toBe(expected);
  });

  it.each([
    ["2022-01-14", "2023-01-14"],
    ["2024-02-29", "2025-02-28"],
    ["2027-02-29", "2028-02-29"],
  ])("date %s → %s", (date, expected) => {
    expect(nextYearDate(date)).toBe(expected);
  });

  it.each([
    // [elected head, elected deputy, expected [code, role] of non-members]
    ["BDT", "STP", [["BDT", "head"], ["STP", "deputy"]]],
    ["SNGV", "BDT", [["SNGV", "head"], ["BDT", "deputy"]]],
    [null, null, [["SNGV", "head"], ["BDT", "deputy"]]],
    // Only a deputy elected: last year's head stays head so the definition keeps exactly one head.
    [null, "TTR", [["SNGV", "head"], ["TTR", "deputy"]]],
  ] as const)("head %s, deputy %s", (head, deputy, roles) => {
    const next = nextYearDefinition(sample(), { head, deputy, pledgeSections: null });
    expect(next.units.filter((u) => u.role !== "member").map((u) => [u.code, u.role])).toEqual(roles);
    expect(parseMeetingDefinition(next).ok).toBe(true);
  });

  it("offers the signed commitments as the draft and carries units, criteria and rules over, without scores", () => {
    const def = sample();
    const next = nextYearDefinition(def, { head: "BDT", deputy: "STP", pledgeSections: [{ heading: "Cam kết năm 2022", commitments: ["Hoàn thành năm 2022"] }] });
    expect(next.pledge.sections).toEqual([{ heading: "Cam kết năm 2023", commitments: ["Hoàn thành năm 2023"] }]);
    expect(next.criteria).toEqual(def.criteria);
    expect(next.rules).toEqual(def.rules);
    expect(next.units.map((u) => u.code)).toEqual(def.units.map((u) => u.code));
    expect(next.scores).toEqual([]);
    expect(next.pledge.legalBases).toEqual(def.pledge.legalBases);
  });
});

describe("problems in Vietnamese, naming the field", () => {
  it.each([
    [["units", 2, "shortName"], "Đơn vị 3 — Tên viết tắt"],
    [["criteria", "groups", 0, "max"], "Nhóm tiêu chí 1 — Điểm tối đa"],
    [["criteria", "bonus", "items", 1, "points"], "Điểm thưởng, mục 2 — Số điểm mỗi lần"],
    [["criteria", "deductions", 0, "maxCount"], "Điểm trừ, mục 1 — Số lần tối đa"],
    [["agenda", 4, "time"], "Chương trình, mục 5 — Giờ"],
    [["rules", "quorum", "numerator"], "Quy tắc — Điều kiện biểu quyết (Tử số)"],
    [["pledge", "sections", 1, "commitments", 2], "Giao ước, phần 2 — Cam kết 3"],
    [["pledge", "header", "left", 0], "Giao ước — Tiêu đề bên trái, dòng 1"],
    [["cluster", "name"], "Tên cụm"],
    [["conference", "date"], "Ngày hội nghị"],
  ] as const)("%j is labelled %s", (path, label) => {
    expect(fieldLabel(path)).toBe(label);
  });

  it.each([
    ["an empty unit name", (d: Draft) => (d.units[0]!.name = ""), "units.0.name", "Đơn vị 1 — Tên", "không được để trống"],
    ["a missing title", (d: Draft) => delete d.conference.title, "conference.title", "Tên hội nghị", "chưa nhập"],
    ["a lower-case code", (d: Draft) => (d.units[1]!.code = "bdt"), "units.1.code", "Đơn vị 2 — Mã đơn vị", "mã đơn vị gồm 2–16 chữ in hoa"],
    ["two heads", (d: Draft) => (d.units[2]!.role = "head"), "units", "Danh sách đơn vị", "phải có đúng một đơn vị là Trưởng cụm (đang có 2)"],
    ["a zero maximum", (d: Draft) => (d.criteria.groups[0]!.max = 0), "criteria.groups.0.max", "Nhóm tiêu chí 1 — Điểm tối đa", "phải lớn hơn 0"],
    ["a quorum above 1", (d: Draft) => (d.rules.quorum = { comparison: "gte", numerator: 4, denominator: 3 }), "rules.quorum", "Quy tắc — Điều kiện biểu quyết", "tử số không được lớn hơn mẫu số"],
    ["a bad time", (d: Draft) => (d.agenda[0]!.time = "8h"), "agenda.0.time", "Chương trình, mục 1 — Giờ", "giờ viết dạng HH:MM"],
    ["a duplicate code", (d: Draft) => (d.units[1]!.code = d.units[0]!.code), "units.1.code", "Đơn vị 2 — Mã đơn vị", "mã đơn vị SNGV bị trùng"],
  ])("%s", (_what, breakIt, path, field, message) => {
    const d = structuredClone(demo) as Draft;
    breakIt(d);
    const res = checkDefinitionVi(d);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    const p = res.problems.find((x) => x.path === path);
    expect(p, JSON.stringify(res.problems)).toBeDefined();
    expect(p!.field).toBe(field);
    expect(p!.message).toContain(message);
    for (const x of res.problems) expect(x.message).not.toMatch(/Required|Expected|Invalid|must|should/);
  });

  it("accepts the sample", () => {
    expect(checkDefinitionVi(structuredClone(demo)).ok).toBe(true);
  });
});

describe("clusters, and when a meeting has begun", () => {
  it.each([
    [{ name: "Cụm thi đua số 8", province: "Thanh Hóa" }, "thanh-hoa-cum-thi-dua-so-8"],
    [{ id: "cum-8", name: "Cụm thi đua số 8", province: "Thanh Hóa" }, "cum-8"],
    [{ name: "Khối Đảng, Đoàn thể", province: "Đắk Lắk" }, "dak-lak-khoi-dang-doan-the"],
  ])("%j → %s", (cluster, key) => {
    expect(clusterKey({ cluster })).toBe(key);
  });

  it("slugs only ASCII letters, digits and single dashes", () => {
    expect(slugify("  Sở Tư pháp — (2022)!! ")).toBe("so-tu-phap-2022");
  });

  it.each([
    [[], null],
    [[{ type: "meeting.created" }, { type: "link.revoked" }, { type: "screen.shown" }], null],
    [[{ type: "device.joined", data: { linkId: "chair", role: "chair", unit: null } }], null],
    [[{ type: "device.joined", data: { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT" } }], "đơn vị BDT đã điểm danh"],
    [[{ type: "rollcall.marked", data: { unit: "BDT" } }], "điểm danh"],
    [[{ type: "scores.stage", data: {} }], "bảng điểm"],
    [[{ type: "poll.created", data: {} }], "biểu quyết"],
    [[{ type: "agenda.moved", data: {} }], "chương trình"],
    // The meeting's papers before the day are set-up, not the meeting.
    [[{ type: "document.attached", data: {} }, { type: "document.shown", data: {} }, { type: "invitations.issued", data: {} }], null],
  ] as const)("journal %j → %s", (entries, reason) => {
    const onTheDay = { conference: { date: "2026-12-20" } } as never;
    const why = startedBecause(entries.map((e) => ({ data: null, ts: Date.UTC(2026, 11, 20, 2), ...e })), onTheDay);
    if (reason === null) expect(why).toBeNull();
    else expect(why).toContain(reason);
  });

  // A delegate opens its link in the comments period to propose changes to the pledge draft: not a check-in.
  it.each([
    ["before the comments period", Date.UTC(2026, 11, 1, 2), null],
    ["in the comments period (Vietnam time)", Date.UTC(2026, 11, 19, 16, 30) - 3600_000, null],
    ["on the conference day (Vietnam time, still the 19th in UTC)", Date.UTC(2026, 11, 19, 17, 30), "đơn vị BDT đã điểm danh"],
    ["after the day", Date.UTC(2026, 11, 21, 2), "đơn vị BDT đã điểm danh"],
  ] as const)("a delegate's check-in %s → %s", (_when, ts, reason) => {
    const def = { conference: { date: "2026-12-20" }, discussion: { commentsOpenFrom: "2026-12-10" } } as never;
    const why = startedBecause([{ type: "device.joined", data: { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT" }, ts }], def);
    if (reason === null) expect(why).toBeNull();
    else expect(why).toContain(reason);
  });

  it.each([
    [{ begun: false, locked: false, headElected: false, pledgeStage: "drafting" }, "not_started"],
    [{ begun: true, locked: false, headElected: false, pledgeStage: "drafting" }, "in_progress"],
    [{ begun: true, locked: true, headElected: false, pledgeStage: "drafting" }, "scores_locked"],
    [{ begun: true, locked: true, headElected: true, pledgeStage: "frozen" }, "head_elected"],
    [{ begun: true, locked: true, headElected: true, pledgeStage: "final" }, "pledge_final"],
  ] as const)("%j → %s", (facts, status) => {
    expect(statusOf(facts)).toBe(status);
  });
});
