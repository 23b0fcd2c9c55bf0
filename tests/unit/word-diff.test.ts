import { describe, expect, it } from "vitest";
import { MAX_DIFF_WORDS, wordDiff, wordDiffCounts, type WordPart } from "../../shared/pledge/word-diff";

const S = (text: string): WordPart => ({ kind: "same", text });
const R = (text: string): WordPart => ({ kind: "removed", text });
const I = (text: string): WordPart => ({ kind: "inserted", text });

describe("a proposal's change, word by word", () => {
  // prettier-ignore
  it.each<[string, string, string, WordPart[]]>([
    ["no change",                  "Hoàn thành xuất sắc",            "Hoàn thành xuất sắc",                [S("Hoàn thành xuất sắc")]],
    ["a word added at the end",    "100% đơn vị hoàn thành",         "100% đơn vị hoàn thành xuất sắc",    [S("100% đơn vị hoàn thành"), I("xuất sắc")]],
    ["a word added at the start",  "đơn vị hoàn thành",              "100% đơn vị hoàn thành",             [I("100%"), S("đơn vị hoàn thành")]],
    ["a word removed",             "thực hiện tốt và hiệu quả",      "thực hiện hiệu quả",                 [S("thực hiện"), R("tốt và"), S("hiệu quả")]],
    ["a word replaced",            "năm 2021 của Cụm",               "năm 2022 của Cụm",                   [S("năm"), R("2021"), I("2022"), S("của Cụm")]],
    ["only a diacritic differs",   "thi dua",                        "thi đua",                            [S("thi"), R("dua"), I("đua")]],
    ["a new commitment",           "",                               "Đẩy mạnh chuyển đổi số",             [I("Đẩy mạnh chuyển đổi số")]],
    ["everything removed",         "Không cần",                      "",                                   [R("Không cần")]],
    ["spacing only",               "hoàn  thành\txuất sắc",          "hoàn thành xuất sắc",                [S("hoàn thành xuất sắc")]],
    ["combining marks (NFD)",      "thi đua",                        "thi \u0111ua",                       [S("thi đua")]],
    ["NFD against NFC, changed",   "Tha\u0309o luận",                "Thảo luận sôi nổi",                  [S("Thảo luận"), I("sôi nổi")]],
    ["two separate changes",       "a b c d e",                      "a x c d y e",                        [S("a"), R("b"), I("x"), S("c d"), I("y"), S("e")]],
    ["a repeated word",            "thi đua thi đua",                "thi đua",                            [S("thi đua"), R("thi đua")]],
  ])("%s", (_name, current, proposed, expected) => {
    expect(wordDiff(current, proposed)).toEqual(expected);
  });

  it("rebuilds both texts from its parts (words joined by one space)", () => {
    const pairs: [string, string][] = [
      ["Thực hiện nghiêm văn hóa công sở, kỷ luật, kỷ cương hành chính", "Thực hiện nghiêm túc văn hóa công sở và kỷ cương hành chính năm 2022"],
      ["a b c", "c b a"],
      ["", ""],
    ];
    for (const [a, b] of pairs) {
      const parts = wordDiff(a, b);
      expect(parts.filter((p) => p.kind !== "inserted").map((p) => p.text).join(" ")).toBe(a.split(/\s+/).filter(Boolean).join(" "));
      expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join(" ")).toBe(b.split(/\s+/).filter(Boolean).join(" "));
    }
  });

  it("counts the words inserted and removed", () => {
    expect(wordDiffCounts(wordDiff("năm 2021 của Cụm", "năm 2022 của cả Cụm"))).toEqual({ inserted: 2, removed: 1 });
  });

  it("shows a very long change whole instead of building a huge table", () => {
    const long = Array.from({ length: MAX_DIFF_WORDS + 1 }, (_, i) => `w${i}`).join(" ");
    expect(wordDiff(long, "ngắn")).toEqual([R(long), I("ngắn")]);
  });
});
