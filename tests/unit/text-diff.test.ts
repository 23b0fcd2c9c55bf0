import { describe, expect, it } from "vitest";
import { textDiff } from "../../client/features/pledge/textDiff";

const apply = (s: string, c: ReturnType<typeof textDiff>) => (c ? s.slice(0, c.index) + c.insert + s.slice(c.index + c.remove) : s);

describe("the pledge editor's text diff", () => {
  // prettier-ignore
  it.each<[string, string, string, { index: number; remove: number; insert: string } | null]>([
    ["no change",                    "Giao ước",          "Giao ước",            null],
    ["typing at the end",            "100% đơn vị",       "100% đơn vị hoàn",    { index: 11, remove: 0, insert: " hoàn" }],
    ["typing at the start",          "đơn vị",            "Các đơn vị",          { index: 0, remove: 0, insert: "Các " }],
    ["a diacritic changed",          "thi dua",           "thi đua",             { index: 4, remove: 1, insert: "đ" }],
    ["deleting a word",              "hoàn thành xuất sắc", "hoàn thành sắc",    { index: 11, remove: 5, insert: "" }],
    ["replacing a selection",        "năm 2021",          "năm 2022",            { index: 7, remove: 1, insert: "2" }],
    ["a repeated letter",            "aaa",               "aaaa",                { index: 3, remove: 0, insert: "a" }],
    ["clearing the field",           "Căn cứ",            "",                    { index: 0, remove: 6, insert: "" }],
    ["filling an empty field",       "",                  "Căn cứ",              { index: 0, remove: 0, insert: "Căn cứ" }],
  ])("handles %s as one minimal span", (_name, before, after, expected) => {
    const change = textDiff(before, after);
    expect(change).toEqual(expected);
    expect(apply(before, change)).toBe(after);
  });

  it("always turns the old text into the new one", () => {
    const samples = ["", "a", "ab", "Độc lập - Tự do - Hạnh phúc", "100% đơn vị", "ướ", "aXa", "aaXaa"];
    for (const a of samples) for (const b of samples) expect(apply(a, textDiff(a, b))).toBe(b);
  });
});
