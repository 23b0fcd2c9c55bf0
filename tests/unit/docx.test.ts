import { describe, expect, it } from "vitest";
import { canonicalPledgeLines, pledgeHash } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import { PDF_ONLY_NOTE, renderMinutesDocx, renderPledgeDocx } from "../../server/documents/docx";
import { formatScore, renderMinutesPdf, renderPledgePdf, type PledgePdfInput } from "../../server/pdf";
import { demo, docxParagraphs, docxParts, pdftotextLayout, thousandPointMinutes } from "../helpers/documents";

const flat = (s: string) => s.normalize("NFC").replace(/\s+/g, " ");

function pledgeInput(draft: boolean): PledgePdfInput {
  return {
    pledge: demo.pledge,
    textHash: pledgeHash(demo.pledge),
    draft,
    signatures: demo.units.map((u, i) => ({ unitName: u.name, title: u.headTitle, ...(draft ? {} : { signerName: `Người Ký ${i + 1}`, signedAt: "2022-01-14T03:10:00Z", signatureHash: sha256Hex(u.code) }) })),
    journalHead: sha256Hex("head"),
    verificationUrl: "https://concord.example.vn/verify/abc",
    recipients: ["Ban Thi đua – Khen thưởng tỉnh Thanh Hóa (để báo cáo);"],
  };
}

describe("the minutes as .docx", () => {
  it("has the same units, scores, ranking and elected units as the PDF of the same input", async () => {
    const input = {
      ...thousandPointMinutes(),
      recipients: ["Các đơn vị thành viên Cụm thi đua số 8;"],
      discussion: {
        speakers: [{ unitName: "Sở Tư pháp tỉnh Thanh Hóa", kindLabel: "Tham luận", agendaTitle: "Thảo luận", from: "08:51", to: "08:58", duration: "7 phút", overrun: null }],
        documents: [{ title: "Báo cáo tổng kết năm 2021", pages: 12, agendaLabel: null, sha256: "ab".repeat(32) }],
      },
    };
    const docx = await renderMinutesDocx(input);
    expect(docxParts(docx)).toEqual(expect.arrayContaining(["word/document.xml", "[Content_Types].xml"]));
    const word = flat(docxParagraphs(docx).join("\n"));
    const pdf = flat(pdftotextLayout(await renderMinutesPdf(input)).join("\n"));
    const expected = [
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "Số: …/BB-CTĐ",
      "Thanh Hóa, ngày 14 tháng 01 năm 2022",
      "BIÊN BẢN HỘI NGHỊ",
      `${input.elected!.head} — Trưởng cụm năm 2022`,
      `${input.elected!.deputy} — Phó Trưởng cụm năm 2022`,
      "THƯ KÝ",
      "TM. CỤM THI ĐUA SỐ 8",
      "CHỦ TRÌ",
      "Nơi nhận:",
      input.journalHead,
      "THẢO LUẬN, THAM LUẬN VÀ TÀI LIỆU HỘI NGHỊ",
      "Sở Tư pháp tỉnh Thanh Hóa",
      "08:51–08:58",
      "Báo cáo tổng kết năm 2021 (12 trang)",
      "ab".repeat(32),
      ...input.scores.rows.flatMap((r) => [`${r.unitName} — ${formatScore(r.total)} điểm`, ...Object.values(r.groups).map(formatScore), formatScore(r.bonus), formatScore(r.deduction)]),
    ];
    for (const s of expected) {
      expect(word, s).toContain(s);
      expect(pdf, s).toContain(s);
    }
    // Final: no draft mark anywhere; the note that only the PDF is the signed record, in the body and every footer.
    expect(word).not.toContain("DỰ THẢO");
    expect(word).toContain(PDF_ONLY_NOTE);
    expect(docxParagraphs(docx, "word/footer1.xml").join(" ")).toContain("Chỉ bản PDF do hệ thống phát hành mới là văn bản đã ký");
  });

  it("carries DỰ THẢO in the page header and at the top until final", async () => {
    const docx = await renderMinutesDocx(thousandPointMinutes({ draft: true }));
    const headers = docxParts(docx).filter((p) => /^word\/header\d*\.xml$/.test(p));
    expect(headers.length).toBeGreaterThan(0);
    expect(headers.some((h) => docxParagraphs(docx, h).join(" ").includes("DỰ THẢO"))).toBe(true);
    expect(docxParagraphs(docx)[0]).toContain("DỰ THẢO");
  });
});

describe("the pledge as .docx", () => {
  it("prints every canonical line, every unit and signer, and the text hash, like the PDF", async () => {
    const input = pledgeInput(false);
    const paragraphs = docxParagraphs(await renderPledgeDocx(input)).map((p) => p.normalize("NFC"));
    // Every canonical line is one paragraph of its own, exactly.
    for (const line of canonicalPledgeLines(demo.pledge)) expect(paragraphs).toContain(line);
    const word = flat(paragraphs.join("\n"));
    const pdf = flat(pdftotextLayout(await renderPledgePdf(input)).join("\n"));
    for (const [i, u] of demo.units.entries()) {
      const name = u.name.toLocaleUpperCase("vi");
      expect(word).toContain(name);
      expect(word).toContain(`Người Ký ${i + 1}`);
      expect(pdf).toContain(`Người Ký ${i + 1}`);
      // Two cells share a line in the PDF's grid, so pdftotext interleaves long names: word by word there.
      for (const w of name.split(" ")) expect(pdf).toContain(w);
    }
    expect(word).toContain(pledgeHash(demo.pledge));
    expect(word).not.toContain("DỰ THẢO");
    expect(word).toContain(PDF_ONLY_NOTE);
  });

  it("is marked DỰ THẢO before every unit has signed", async () => {
    const docx = await renderPledgeDocx(pledgeInput(true));
    expect(flat(docxParagraphs(docx).join(" "))).toContain("DỰ THẢO");
  });
});
