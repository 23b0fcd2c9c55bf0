import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { pledgeHash } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import { formatScore, renderMinutesPdf, renderPledgePdf } from "../../server/pdf";
import { demo, grayPage, inkBox, pdfFile, pdftotextLayout, thousandPointMinutes } from "../helpers/documents";

const RECIPIENTS = ["Ban Thi đua – Khen thưởng tỉnh Thanh Hóa (để báo cáo);", "Các đơn vị thành viên Cụm thi đua số 8;", "Lưu: Cụm thi đua số 8."];
let minutes: Buffer;
let pledge: Buffer;
const minutesIn = { ...thousandPointMinutes(), recipients: RECIPIENTS, chairName: "Nguyễn Văn Chủ", secretaryName: "Lê Thị Thư" };

beforeAll(async () => {
  minutes = await renderMinutesPdf(minutesIn);
  const strokes: Array<Array<[number, number]>> = [[[0.1, 0.5], [0.4, 0.2], [0.9, 0.6]]];
  pledge = await renderPledgePdf({
    pledge: demo.pledge,
    textHash: pledgeHash(demo.pledge),
    draft: false,
    recipients: RECIPIENTS,
    signatures: demo.units.map((u, i) => ({ unitName: u.name, title: u.headTitle, signerName: `Người Ký Số ${i + 1}`, signedAt: "2022-01-14T03:10:00Z", strokes, signatureHash: sha256Hex(u.code) })),
    journalHead: sha256Hex("head"),
    verificationUrl: "https://concord.example.vn/verify/abc",
  });
});

/** `pdffonts` rows: name, embedded? */
function fonts(pdf: Buffer): Array<{ name: string; embedded: boolean }> {
  const out = execFileSync("pdffonts", [pdfFile(pdf)], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
  return out.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name type encoding emb sub uni object-id: "emb" is the 4th column from the end.
    return { name: cols[0]!.replace(/^[A-Z]{6}\+/, ""), embedded: cols.at(-5) === "yes" };
  });
}

describe("Decree 30 layout: fonts and text", () => {
  it("embeds Tinos (Times-metric) regular, bold and italic in both documents, and nothing unembedded", () => {
    for (const pdf of [minutes, pledge]) {
      const list = fonts(pdf);
      for (const face of ["Tinos", "Tinos-Bold", "Tinos-Italic"]) expect(list).toContainEqual({ name: face, embedded: true });
      expect(list.filter((f) => !f.embedded)).toEqual([]);
    }
  });

  it("prints the minutes' heading blocks, every unit, score and result in intact Vietnamese", () => {
    const text = pdftotextLayout(minutes).join("\n").normalize("NFC");
    const flat = text.replace(/\s+/g, " ");
    for (const s of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "UBND TỈNH THANH HÓA", "CỤM THI ĐUA SỐ 8", "Số: …/BB-CTĐ", "Thanh Hóa, ngày 14 tháng 01 năm 2022", "BIÊN BẢN HỘI NGHỊ", "THƯ KÝ", "TM. CỤM THI ĐUA SỐ 8", "CHỦ TRÌ", "Nguyễn Văn Chủ", "Lê Thị Thư", "Nơi nhận:"])
      expect(flat).toContain(s);
    for (const r of RECIPIENTS) expect(flat).toContain(`- ${r}`);
    for (const row of minutesIn.scores.rows) {
      expect(flat).toContain(`${row.unitName} — ${formatScore(row.total)} điểm`);
      for (const v of Object.values(row.groups)) expect(flat).toContain(formatScore(v));
    }
    expect(flat).toContain(`${minutesIn.elected!.head} — Trưởng cụm năm 2022`);
    expect(flat).toContain(`${minutesIn.elected!.deputy} — Phó Trưởng cụm năm 2022`);
  });

  it("prints the pledge with every unit and signer", () => {
    const flat = pdftotextLayout(pledge).join("\n").normalize("NFC").replace(/\s+/g, " ");
    for (const s of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẢN GIAO ƯỚC THI ĐUA NĂM 2022"]) expect(flat).toContain(s);
    demo.units.forEach((u, i) => {
      expect(flat).toContain(`Người Ký Số ${i + 1}`);
      for (const word of u.name.toLocaleUpperCase("vi").split(" ")) expect(flat).toContain(word);
    });
  });
});

describe("Decree 30 layout: margins on the rendered page", () => {
  const DPI = 100;
  const px = (mm: number) => (mm * DPI) / 25.4;

  for (const [name, pdf] of [
    ["minutes", () => minutes],
    ["pledge", () => pledge],
  ] as const) {
    it(`keeps every page of the ${name} inside 30 mm left, 15 mm right, 20 mm top and bottom (page number in the top margin)`, () => {
      const pages = pdftotextLayout(pdf()).filter((p) => p.trim() !== "").length;
      expect(pages).toBeGreaterThan(1);
      for (let n = 1; n <= pages; n++) {
        const page = grayPage(pdf(), n, DPI);
        expect(page.width).toBeCloseTo(px(210), -1);
        // Body: everything below the top margin.
        const top = Math.ceil(px(20));
        const body = inkBox({ ...page, height: page.height - top, at: (x, y) => page.at(x, y + top) });
        expect(body.left, `page ${n} left`).toBeGreaterThanOrEqual(px(30) - 2);
        expect(body.right, `page ${n} right`).toBeLessThanOrEqual(page.width - px(15) + 2);
        expect(body.bottom + top, `page ${n} bottom`).toBeLessThanOrEqual(page.height - px(20) + 2);
        // The body starts at the top margin (the heading on page 1 sits right on it).
        if (n === 1) expect(body.top + top).toBeLessThan(px(20) + px(8));
        // In the top margin only the centred page number.
        const band = inkBox({ ...page, height: top });
        expect(band.left).toBeGreaterThan(page.width / 2 - px(20));
        expect(band.right).toBeLessThan(page.width / 2 + px(20));
      }
    });
  }
});
