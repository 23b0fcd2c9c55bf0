import { describe, expect, it } from "vitest";
import type { PledgeDraft } from "../../shared/definition/schema";
import { canonicalPledgeText, pledgeHash } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import demo from "../../shared/definition/demo-cum8-2021.json";

const base: PledgeDraft = demo.pledge;

/** The demo pledge with its second section's commitments replaced. */
function withCommitments(commitments: string[]): PledgeDraft {
  return { ...base, sections: base.sections.map((s, i) => (i === 1 ? { ...s, commitments } : s)) };
}

const original = base.sections[1]!.commitments;
const first = original[0]!;

describe("pledgeHash", () => {
  const sameHash: Array<[string, PledgeDraft]> = [
    ["the same draft again", structuredClone(base)],
    ["NFD (decomposed) Vietnamese", withCommitments(original.map((c) => c.normalize("NFD")))],
    ["NFD in the title", { ...base, header: { ...base.header, title: base.header.title.normalize("NFD") } }],
    [
      "doubled spaces inside a commitment",
      withCommitments([first.replace(/ /g, "  "), ...original.slice(1)]),
    ],
    ["leading and trailing spaces", withCommitments([`  ${first}\t `, ...original.slice(1)])],
    ["a newline inside a commitment", withCommitments([first.replace(" ", "\n"), ...original.slice(1)])],
    ["a non-breaking space", withCommitments([first.replace(" ", "\u00A0"), ...original.slice(1)])],
    ["a zero-width space", withCommitments([first.replace(" ", " \u200B"), ...original.slice(1)])],
    [
      "legal bases already starting with Căn cứ",
      { ...base, legalBases: base.legalBases.map((b) => `Căn cứ ${b}`) },
    ],
  ];
  it.each(sameHash)("is unchanged by %s", (_name, draft) => {
    expect(pledgeHash(draft)).toBe(pledgeHash(base));
  });

  const otherHash: Array<[string, PledgeDraft]> = [
    ["one word changed", withCommitments([first.replace("xuất sắc", "tốt"), ...original.slice(1)])],
    ["one diacritic changed", withCommitments([first.replace("đơn vị", "đơn vì"), ...original.slice(1)])],
    ["two commitments swapped", withCommitments([original[1]!, first, ...original.slice(2)])],
    ["a commitment removed", withCommitments(original.slice(1))],
    [
      "two sections swapped",
      { ...base, sections: [base.sections[1]!, base.sections[0]!, ...base.sections.slice(2)] },
    ],
    [
      "a different place and date",
      { ...base, header: { ...base.header, placeDate: "Thanh Hóa, ngày 15 tháng 01 năm 2022" } },
    ],
    ["the subtitle removed", { ...base, header: { ...base.header, subtitle: undefined } }],
    ["a legal basis removed", { ...base, legalBases: base.legalBases.slice(1) }],
    ["a different signature caption", { ...base, signatureCaption: "ĐẠI DIỆN CÁC ĐƠN VỊ" }],
  ];
  it.each(otherHash)("changes when %s", (_name, draft) => {
    expect(pledgeHash(draft)).not.toBe(pledgeHash(base));
  });

  it("is the sha256 of the canonical text", () => {
    expect(pledgeHash(base)).toBe(sha256Hex(canonicalPledgeText(base)));
    expect(pledgeHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("canonicalPledgeText", () => {
  const small: PledgeDraft = {
    header: {
      left: ["UBND TỈNH THANH HÓA", "CỤM THI ĐUA SỐ 8"],
      right: ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
      placeDate: "Thanh Hóa,   ngày 14 tháng 01 năm 2022",
      title: "BẢN GIAO ƯỚC THI ĐUA NĂM 2022",
    },
    legalBases: ["Luật Thi đua, khen thưởng", "Căn cứ Quy chế của Cụm"],
    preamble: "",
    sections: [
      { heading: "II. NỘI DUNG", commitments: ["100% đơn vị   hoàn thành", " Không vi phạm "] },
      { heading: "I. MỤC TIÊU", commitments: ["Đẩy mạnh thi đua"] },
    ],
    signatureCaption: "ĐẠI DIỆN CÁC ĐƠN VỊ",
  };

  it("prints fields in a fixed order, sections as given, commitments numbered per section", () => {
    expect(canonicalPledgeText(small)).toBe(
      [
        "UBND TỈNH THANH HÓA",
        "CỤM THI ĐUA SỐ 8",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thanh Hóa, ngày 14 tháng 01 năm 2022",
        "BẢN GIAO ƯỚC THI ĐUA NĂM 2022",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Căn cứ Quy chế của Cụm",
        "II. NỘI DUNG",
        "1. 100% đơn vị hoàn thành",
        "2. Không vi phạm",
        "I. MỤC TIÊU",
        "1. Đẩy mạnh thi đua",
        "ĐẠI DIỆN CÁC ĐƠN VỊ",
      ].join("\n"),
    );
  });

  it("numbers the demo pledge's commitments 1 to 8 in section II", () => {
    const lines = canonicalPledgeText(base).split("\n");
    const start = lines.indexOf("II. NỘI DUNG GIAO ƯỚC");
    const numbers = lines.slice(start + 1, start + 9).map((l) => l.split(" ")[0]);
    expect(numbers).toEqual(["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8."]);
    expect(lines[start + 9]).toBe("III. TỔ CHỨC THỰC HIỆN");
  });

  it("is NFC with no trailing spaces and no empty lines", () => {
    const text = canonicalPledgeText(withCommitments(original.map((c) => ` ${c.normalize("NFD")}  `)));
    expect(text).toBe(text.normalize("NFC"));
    for (const line of text.split("\n")) {
      expect(line).toBe(line.trim());
      expect(line).not.toBe("");
      expect(line).not.toMatch(/\s{2}/);
    }
  });
});
