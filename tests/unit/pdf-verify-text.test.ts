import { describe, expect, it } from "vitest";
import demoJson from "../../shared/definition/demo-cum8-2021.json";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import { canonicalPledgeLines, pledgeHash } from "../../shared/pledge/canonical";
import { sha256Hex } from "../../shared/util/hash";
import { renderPledgePdf, type PledgePdfInput } from "../../server/pdf";
import { readPdfText } from "../../server/documents/pdf-text";

const demo = meetingDefinitionSchema.parse(demoJson);

function input(pledge = demo.pledge, draft = true): PledgePdfInput {
  return {
    pledge,
    textHash: pledgeHash(pledge),
    draft,
    signatures: demo.units.map((u) => ({ unitName: u.name, title: u.headTitle })),
    journalHead: sha256Hex("head"),
    verificationUrl: "https://concord.example.vn/verify/x",
  };
}

describe("reading the canonical text back from a pledge PDF", () => {
  it("rebuilds exactly the canonical lines and their hash from the printed words", async () => {
    const read = await readPdfText(await renderPledgePdf(input()));
    expect(read.lines).toEqual(canonicalPledgeLines(demo.pledge));
    expect(read.textHash).toBe(pledgeHash(demo.pledge));
  });

  it("joins a commitment that runs over a page break into one line, and sees a one-word change", async () => {
    const pledge = structuredClone(demo.pledge);
    const long = Array.from({ length: 40 }, (_, i) => `Nội dung cam kết dài số ${i + 1} về thi đua, khen thưởng và cải cách hành chính.`).join(" ");
    pledge.sections[0]!.commitments.push(long);
    pledge.sections[1]!.commitments.push(long);
    const read = await readPdfText(await renderPledgePdf(input(pledge)));
    expect(read.pages).toBeGreaterThan(2);
    expect(read.lines).toEqual(canonicalPledgeLines(pledge));
    expect(read.textHash).toBe(pledgeHash(pledge));

    const changed = structuredClone(pledge);
    changed.sections[0]!.commitments[0] = changed.sections[0]!.commitments[0]!.replace(/\S+$/, "khác.");
    const other = await readPdfText(await renderPledgePdf(input(changed)));
    expect(other.textHash).toBe(pledgeHash(changed));
    expect(other.textHash).not.toBe(pledgeHash(pledge));
  });

  it("finds no canonical text in a PDF that has none, and refuses a file that is not a PDF", async () => {
    const { PDFDocument, StandardFonts } = await import("pdf-lib");
    const plain = await PDFDocument.create();
    const page = plain.addPage();
    page.drawText("BAN GIAO UOC THI DUA NAM 2022", { x: 50, y: 700, font: await plain.embedFont(StandardFonts.Helvetica) });
    const read = await readPdfText(await plain.save());
    expect(read).toMatchObject({ lines: [], textHash: null, pages: 1 });
    await expect(readPdfText(Buffer.from("%PDF-1.3 nothing here"))).rejects.toThrow();
  });
});
