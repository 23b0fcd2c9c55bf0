import { describe, expect, it } from "vitest";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { checkDefinitionVi } from "../../shared/definition/messages";
import { setPrunedIn } from "../../client/views/setup/forms/paths";

type Def = Record<string, unknown> & { conference: { date: string }; agenda: Record<string, unknown>[] };
const base = (): Def => structuredClone(demo) as unknown as Def;

describe("the definition's discussion fields, as the set-up form reports them", () => {
  // The demo's conference is on 2022-01-14.
  // prettier-ignore
  it.each<[string, (d: Def) => void, string | null, string | null]>([
    ["no discussion block",                       () => {},                                                                     null, null],
    ["comments open a week before",               (d) => { d.discussion = { commentsOpenFrom: "2022-01-07" }; },                null, null],
    ["comments open the day before",              (d) => { d.discussion = { commentsOpenFrom: "2022-01-13" }; },                null, null],
    ["comments open on the conference day",       (d) => { d.discussion = { commentsOpenFrom: "2022-01-14" }; },                "Thảo luận — Ngày mở góp ý dự thảo giao ước", "ngày mở góp ý phải trước ngày hội nghị"],
    ["comments open after the conference",        (d) => { d.discussion = { commentsOpenFrom: "2022-02-01" }; },                "Thảo luận — Ngày mở góp ý dự thảo giao ước", "ngày mở góp ý phải trước ngày hội nghị"],
    ["an opening day in the wrong form",          (d) => { d.discussion = { commentsOpenFrom: "07/01/2022" }; },                "Thảo luận — Ngày mở góp ý dự thảo giao ước", "ngày chưa đúng dạng năm-tháng-ngày"],
    ["a presentation of 4 seconds",               (d) => { d.discussion = { presentationS: 4 }; },                              "Thảo luận — Tham luận tối đa (giây)", "phải từ 5 trở lên"],
    ["a remark of two hours",                     (d) => { d.discussion = { remarkS: 7200 }; },                                 "Thảo luận — Ý kiến tối đa (giây)", "không được quá 3600"],
    ["limits that are right",                     (d) => { d.discussion = { presentationS: 600, remarkS: 120 }; },              null, null],
    ["an item's presentation limit of 0",         (d) => { d.agenda[2]!.speakingLimits = { presentationS: 0 }; },               "Chương trình, mục 3 — Tham luận (giây)", "phải từ 5 trở lên"],
    ["an item's remark limit as text",            (d) => { d.agenda[0]!.speakingLimits = { remarkS: "ba phút" }; },             "Chương trình, mục 1 — Ý kiến (giây)", "phải là một số"],
    ["an item's limits that are right",           (d) => { d.agenda[0]!.speakingLimits = { presentationS: 420, remarkS: 180 }; }, null, null],
  ])("%s", (_name, mutate, field, message) => {
    const d = base();
    mutate(d);
    const r = checkDefinitionVi(d);
    if (field === null) return expect(r.ok ? null : r.problems).toBeNull();
    expect(r.ok ? [] : r.problems.map((p) => [p.field, p.message])).toEqual([[field, message]]);
  });
});

describe("the definition's optional signatories", () => {
  // prettier-ignore
  it.each<[string, unknown, string | null, string | null]>([
    ["none",                         undefined,                                                          null, null],
    ["the chair's name only",        { chair: { name: "Nguyễn Văn An" } },                                null, null],
    ["both, with titles",            { chair: { name: "A", title: "Trưởng ban" }, secretary: { name: "B", title: "Chuyên viên" } }, null, null],
    ["a title without a name",       { secretary: { title: "Chuyên viên" } },                             "Người ký biên bản — Họ tên thư ký", "chưa nhập"],
    ["a blank name",                 { chair: { name: "   " } },                                          "Người ký biên bản — Họ tên người chủ trì", "không được để trống"],
    ["a title of 201 characters",    { chair: { name: "A", title: "x".repeat(201) } },                    "Người ký biên bản — Chức vụ người chủ trì", "quá dài (tối đa 200 ký tự)"],
  ])("%s", (_name, signatories, field, message) => {
    const d = base();
    if (signatories !== undefined) d.signatories = signatories;
    const r = checkDefinitionVi(d);
    if (field === null) return expect(r.ok ? null : r.problems).toBeNull();
    expect(r.ok ? [] : r.problems.map((p) => [p.field, p.message])).toEqual([[field, message]]);
  });
});

describe("setPrunedIn (an optional field inside an optional block)", () => {
  // prettier-ignore
  it.each<[string, unknown, (string | number)[], unknown, unknown]>([
    ["sets a key, creating its block",        {},                                   ["discussion", "remarkS"], 120,       { discussion: { remarkS: 120 } }],
    ["removes the last key and its block",    { discussion: { remarkS: 120 } },     ["discussion", "remarkS"], undefined, {}],
    ["keeps a block with other keys",         { discussion: { remarkS: 1, presentationS: 2 } }, ["discussion", "remarkS"], undefined, { discussion: { presentationS: 2 } }],
    ["prunes inside an array item, not the item", { agenda: [{ title: "A", speakingLimits: { remarkS: 5 } }] }, ["agenda", 0, "speakingLimits", "remarkS"], undefined, { agenda: [{ title: "A" }] }],
    ["prunes nested blocks up to the root",   { signatories: { chair: { name: "X" } }, a: 1 }, ["signatories", "chair", "name"], undefined, { a: 1 }],
    ["stops at a block that keeps a sibling", { signatories: { chair: { name: "X" }, secretary: { name: "Y" } } }, ["signatories", "chair", "name"], undefined, { signatories: { secretary: { name: "Y" } } }],
  ])("%s", (_name, value, path, next, expected) => {
    expect(setPrunedIn(value, path, next)).toEqual(expected);
  });
});
