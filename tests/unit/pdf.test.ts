import { beforeAll, describe, expect, it } from "vitest";
import demoJson from "../../shared/definition/demo-cum8-2021.json";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import { canonicalPledgeLines, pledgeHash } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import {
  formatScore,
  formatVietnamTime,
  rankName,
  renderMinutesPdf,
  renderPledgePdf,
  signatureTitleLines,
  vietnameseDate,
  type MinutesPdfInput,
  type PledgePdfInput,
  type PledgeSignatureEntry,
} from "../../server/pdf";
import { pdfPageTexts, pdfTopMarginTexts } from "../helpers/pdf-text";

const demo = meetingDefinitionSchema.parse(demoJson);
const pledge = demo.pledge;
const upper = (s: string) => s.toLocaleUpperCase("vi");
const SIGNERS = [
  "Nguyễn Văn Hùng",
  "Lê Thị Thu Hằng",
  "Trịnh Xuân Đức",
  "Phạm Ngọc Ánh",
  "Đỗ Mạnh Cường",
  "Hoàng Thị Lệ",
  "Vũ Quốc Việt",
  "Bùi Đình Sơn",
];
const VERIFY_URL = "https://concord.example.vn/verify/cum8-2022";
const JOURNAL_HEAD = sha256Hex("journal head");

/** A wavy finger signature, different for each unit. */
function strokes(seed: number): Array<Array<[number, number]>> {
  const wave = Array.from({ length: 40 }, (_, i): [number, number] => [
    0.1 + (0.8 * i) / 39,
    0.5 + 0.3 * Math.sin((i / 39) * (6 + seed)),
  ]);
  return [
    wave,
    [
      [0.2, 0.85],
      [0.8, 0.8],
    ],
  ];
}

/** The new head first, then the deputy, then the others in list order (DOMAIN.md, "The pledge"). */
function signatureEntries(signed: boolean): PledgeSignatureEntry[] {
  const order = ["BDT", "STP", ...demo.units.map((u) => u.code).filter((c) => c !== "BDT" && c !== "STP")];
  return order.map((code, i) => {
    const unit = demo.units.find((u) => u.code === code)!;
    const deputySigns = code === "SNGV";
    return {
      unitName: unit.name,
      title: deputySigns ? "Phó Giám đốc" : unit.headTitle,
      onBehalf: deputySigns ? { representedTitle: unit.headTitle } : undefined,
      ...(signed && {
        signerName: SIGNERS[i],
        signedAt: `2022-01-14T03:${String(10 + i)}:00Z`,
        strokes: strokes(i),
        signatureHash: sha256Hex(`signature ${code}`),
      }),
    };
  });
}

function pledgeInput(draft: boolean): PledgePdfInput {
  return {
    pledge,
    textHash: pledgeHash(pledge),
    draft,
    signatures: signatureEntries(!draft),
    journalHead: JOURNAL_HEAD,
    verificationUrl: VERIFY_URL,
  };
}

/** Agreed scores: the demo's cross-check layer, which holds the sample's agreed figures. */
function scoreRows(): MinutesPdfInput["scores"]["rows"] {
  const bonusPoints = new Map(demo.criteria.bonus.items.map((b) => [b.id, b.points]));
  const deductionPoints = new Map(demo.criteria.deductions.map((d) => [d.id, d.points]));
  const sum = (counts: Record<string, number>, points: Map<string, number>) =>
    Object.entries(counts).reduce((s, [id, n]) => s + points.get(id)! * n, 0);
  const rows = demo.scores.map((s) => {
    const layer = s.cross!;
    const bonus = Math.min(demo.criteria.bonus.cap, sum(layer.bonus, bonusPoints));
    const deduction = sum(layer.deductions, deductionPoints);
    const groupTotal = Object.values(layer.groups).reduce((a, b) => a + b, 0);
    const unit = demo.units.find((u) => u.code === s.unit)!;
    return {
      unitName: unit.shortName,
      groups: layer.groups,
      bonus,
      deduction,
      total: groupTotal + bonus - deduction,
      rank: 0,
    };
  });
  [...rows].sort((a, b) => b.total - a.total).forEach((r, i) => (r.rank = i + 1));
  return rows;
}

const APPROVE = ["Đồng ý", "Không đồng ý", "Không ý kiến"];
const ALL_MEMBERS = { description: "tổng số đơn vị thành viên", count: 8 };

function minutesInput(draft: boolean): MinutesPdfInput {
  return {
    header: { left: pledge.header.left, right: pledge.header.right, placeDate: pledge.header.placeDate },
    cluster: { name: demo.cluster.name, province: demo.cluster.province, year: demo.cluster.year },
    conference: demo.conference,
    attendance: {
      present: demo.units.slice(0, 7).map((u) => u.shortName),
      absent: [demo.units[7]!.shortName],
    },
    scores: {
      groups: demo.criteria.groups.map((g, i) => ({
        id: g.id,
        label: ["I", "II", "III", "IV", "V", "VI"][i]!,
        name: g.name,
        max: g.max,
      })),
      rows: scoreRows(),
    },
    polls: [
      {
        title: "Suy tôn đơn vị dẫn đầu Cụm thi đua số 8 năm 2021",
        visibility: "secret",
        kind: "approve",
        columns: APPROVE,
        rows: [{ label: "Ban Dân tộc", counts: [7, 0, 1] }],
        cast: 8,
        base: ALL_MEMBERS,
        threshold: "trên 1/2 tổng số đơn vị thành viên đồng ý",
        outcome: "Ban Dân tộc được suy tôn dẫn đầu Cụm thi đua số 8 năm 2021.",
      },
      {
        title: "Bầu Trưởng cụm năm 2022",
        visibility: "open",
        kind: "choice",
        columns: ["Số phiếu"],
        rows: [{ label: "Ban Dân tộc", counts: [8] }],
        cast: 8,
        base: ALL_MEMBERS,
        threshold: "trên 1/2 tổng số đơn vị thành viên",
        outcome: "Ban Dân tộc trúng cử Trưởng cụm năm 2022.",
      },
    ],
    elected: { year: 2022, head: "Ban Dân tộc", deputy: "Sở Tư pháp" },
    pledge: { textHash: pledgeHash(pledge), signedCount: 8, unitCount: 8 },
    journalHead: JOURNAL_HEAD,
    draft,
  };
}

/** Extracted text of each page, NFC-normalised (pdf.js may hand back decomposed marks). */
/** What each page prints in its top 20 mm, the draft mark left out. */
async function pageNumbers(pdf: Buffer): Promise<string[][]> {
  return (await pdfTopMarginTexts(pdf, (20 / 25.4) * 72)).map((items) => items.filter((s) => s !== "DỰ THẢO".normalize("NFC") && s.normalize("NFC") !== "DỰ THẢO"));
}

/** Decree 30: no number on page 1, then "2", "3"… alone. */
const decree30Numbers = (pages: number) => Array.from({ length: pages }, (_, i) => (i === 0 ? [] : [String(i + 1)]));

async function pagesOf(pdf: Buffer): Promise<string[]> {
  return (await pdfPageTexts(pdf)).map((p) => p.normalize("NFC"));
}

describe("the pledge PDF", () => {
  let final: Buffer;
  let finalPages: string[];
  let draftPages: string[];
  beforeAll(async () => {
    final = await renderPledgePdf(pledgeInput(false));
    finalPages = await pagesOf(final);
    draftPages = await pagesOf(await renderPledgePdf(pledgeInput(true)));
  });
  const text = () => finalPages.join("\n");

  it("is a PDF that embeds Tinos (Times-metric) regular, bold and italic", () => {
    expect(final.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const faces = new Set(final.toString("latin1").match(/(?<=\/BaseFont \/[A-Z]{6}\+)[\w-]+/g));
    for (const face of ["Tinos", "Tinos-Bold", "Tinos-Italic"])
      expect(faces).toContain(face);
  });

  it("prints the national heading and the title with their diacritics", () => {
    expect(text()).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text()).toContain("Độc lập - Tự do - Hạnh phúc");
    expect(text()).toContain("UBND TỈNH THANH HÓA");
    expect(text()).toContain("BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
  });

  it("prints every line of the canonical text, so the paper says what was hashed", () => {
    for (const line of canonicalPledgeLines(pledge)) expect(text()).toContain(line);
  });

  it("names every unit in capitals with its signer", () => {
    for (const unit of demo.units) expect(text()).toContain(upper(unit.name));
    for (const name of SIGNERS) expect(text()).toContain(name);
    expect(text()).toContain("KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC");
  });

  it("puts the hashes, the signing times and the verification address on the last page", () => {
    const last = finalPages.at(-1)!;
    expect(last).toContain(pledgeHash(pledge));
    expect(last).toContain(JOURNAL_HEAD);
    expect(last).toContain(VERIFY_URL);
    expect(last).toContain("14/01/2022 10:10:00");
    for (const code of demo.units.map((u) => u.code)) expect(last).toContain(sha256Hex(`signature ${code}`));
  });

  it("marks every page DỰ THẢO when draft and none when final", () => {
    expect(draftPages.length).toBeGreaterThan(1);
    for (const page of draftPages) expect(page).toContain("DỰ THẢO");
    for (const page of finalPages) expect(page).not.toContain("DỰ THẢO");
  });

  it("keeps every unit when the signature grid runs over several pages", async () => {
    const many = Array.from({ length: 21 }, (_, i) => ({
      unitName: `Đơn vị thành viên số ${i + 1}`,
      title: "Giám đốc",
    }));
    const pages = await pagesOf(await renderPledgePdf({ ...pledgeInput(true), signatures: many }));
    const all = pages.join("\n");
    for (let i = 1; i <= 21; i++) expect(all).toContain(`ĐƠN VỊ THÀNH VIÊN SỐ ${i} GIÁM ĐỐC`);
    expect(await pageNumbers(await renderPledgePdf({ ...pledgeInput(true), signatures: many }))).toEqual(decree30Numbers(pages.length));
  });
});

describe("the minutes PDF", () => {
  let finalPages: string[];
  let draftPages: string[];
  beforeAll(async () => {
    finalPages = await pagesOf(await renderMinutesPdf(minutesInput(false)));
    draftPages = await pagesOf(await renderMinutesPdf(minutesInput(true)));
  });
  const text = () => finalPages.join("\n");

  it("carries the national heading and the title", () => {
    expect(text()).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(text()).toContain("BIÊN BẢN HỘI NGHỊ");
    expect(text()).toContain("ngày 14 tháng 01 năm 2022");
  });

  it("records attendance", () => {
    expect(text()).toContain("Có mặt: 7/8 đơn vị thành viên");
    expect(text()).toContain("Vắng: 1 đơn vị: Sở Tư pháp.");
  });

  it("prints the ranking with decimal commas, leader first", () => {
    const ranking: Array<[string, string]> = [
      ["Ban Dân tộc", "99,5"],
      ["Sở Tư pháp", "98,0"],
      ["Sở Nội vụ", "96,5"],
      ["Sở Ngoại vụ", "95,5"],
      ["VP UBND tỉnh", "95,0"],
      ["Thanh tra tỉnh", "93,5"],
      ["Đảng ủy Khối CQ&DN", "93,0"],
      ["VP Đoàn ĐBQH và HĐND", "92,0"],
    ];
    ranking.forEach(([unit, score], i) =>
      expect(text()).toContain(`Xếp thứ ${rankName(i + 1)}: ${unit} — ${score} điểm`),
    );
    expect(text()).toContain("1 Ban Dân tộc 38,5 19,5 9,5 14,5 10,0 5,0 2,5 0,0 99,5 1");
    expect(text()).toContain(
      "STT Đơn vị I (40) II (20) III (10) IV (15) V (10) VI (5) Thưởng Trừ Tổng Xếp hạng",
    );
    expect(text()).not.toMatch(/\d\.\d (điểm|\d)/);
  });

  it("prints every poll with its form, counts, rule and outcome", () => {
    expect(text()).toContain("1. Suy tôn đơn vị dẫn đầu Cụm thi đua số 8 năm 2021 Hình thức: bỏ phiếu kín.");
    expect(text()).toContain("Nội dung Đồng ý Không đồng ý Không ý kiến Ban Dân tộc 7 0 1");
    expect(text()).toContain(
      "2. Bầu Trưởng cụm năm 2022 Hình thức: biểu quyết giơ tay. Số phiếu: 8/8 (tổng số đơn vị thành viên).",
    );
    expect(text()).toContain("Quy định: trên 1/2 tổng số đơn vị thành viên đồng ý.");
    expect(text()).toContain("Kết quả: Ban Dân tộc trúng cử Trưởng cụm năm 2022.");
  });

  it("names the elected head and deputy, and refers to the pledge and the journal", () => {
    expect(text()).toContain("Ban Dân tộc — Trưởng cụm năm 2022");
    expect(text()).toContain("Sở Tư pháp — Phó Trưởng cụm năm 2022");
    expect(text()).toContain("số đơn vị đã ký: 8/8");
    expect(text()).toContain(pledgeHash(pledge));
    expect(text()).toContain(JOURNAL_HEAD);
  });

  it("numbers every page but the first, as Decree 30 does", async () => {
    expect(finalPages.length).toBeGreaterThan(1);
    expect(await pageNumbers(await renderMinutesPdf(minutesInput(false)))).toEqual(decree30Numbers(finalPages.length));
  });

  it("marks every page DỰ THẢO when draft and none when final", () => {
    expect(draftPages.length).toBeGreaterThan(1);
    for (const page of draftPages) expect(page).toContain("DỰ THẢO");
    for (const page of finalPages) expect(page).not.toContain("DỰ THẢO");
  });
});

describe("print formatting", () => {
  it.each([
    [99.5, "99,5"],
    [98, "98,0"],
    [0, "0,0"],
    [100.25, "100,3"],
  ])("writes the score %s as %s", (value, printed) => expect(formatScore(value)).toBe(printed));

  it.each([
    [{ unitName: "Ban Dân tộc", title: "Trưởng ban" }, ["TRƯỞNG BAN"]],
    [
      { unitName: "Sở Ngoại vụ", title: "Phó Giám đốc", onBehalf: { representedTitle: "Giám đốc" } },
      ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    ],
  ])("prints the title lines of %o", (entry, lines) => expect(signatureTitleLines(entry)).toEqual(lines));

  it.each([
    ["2022-01-14T02:05:09Z", "14/01/2022 09:05:09 (giờ Việt Nam)"],
    ["2022-01-13T20:00:00Z", "14/01/2022 03:00:00 (giờ Việt Nam)"],
  ])("shows %s in Vietnam time", (iso, shown) => expect(formatVietnamTime(iso)).toBe(shown));

  it("writes dates the Vietnamese way and ranks by name", () => {
    expect(vietnameseDate("2022-01-14")).toBe("ngày 14 tháng 01 năm 2022");
    expect([1, 2, 3, 4, 10, 11].map(rankName)).toEqual(["Nhất", "Nhì", "Ba", "Tư", "Mười", "11"]);
  });
});
