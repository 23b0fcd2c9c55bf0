import { AlignmentType, convertMillimetersToTwip, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, BorderStyle } from "docx";
import { conclusionParagraphs, type ConclusionInput } from "./conclusion";

/**
 * The conclusion notice as an editable Word file with the same words as the PDF (Times New Roman 13 pt,
 * A4, margins 20/20/30/15 mm, the two heading blocks). Kept small: server/documents/docx.ts (the minutes'
 * and pledge's .docx, another module) does not export its building blocks yet.
 */
const FONT = "Times New Roman";
const SIZE = 26; // half-points: 13 pt
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };

const run = (text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text: text.normalize("NFC"), bold: o.bold, italics: o.italics, size: o.size ?? SIZE, font: FONT });
const centred = (text: string, o: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new Paragraph({ alignment: AlignmentType.CENTER, children: [run(text, o)] });
const body = (text: string, bold = false) =>
  new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: convertMillimetersToTwip(10) }, spacing: { after: 120, line: 276 }, children: [run(text, { bold })] });

export async function renderConclusionDocx(input: ConclusionInput): Promise<Buffer> {
  const cell = (children: Paragraph[], pct: number) =>
    new TableCell({ children, width: { size: pct, type: WidthType.PERCENTAGE }, borders: { top: NONE, bottom: NONE, left: NONE, right: NONE } });
  const left = input.header.left.map((l, i) => centred(l, { bold: i === input.header.left.length - 1, size: 24 }));
  const right = input.header.right.map((l, i) => centred(l, { bold: true, size: i === 0 ? 24 : SIZE }));
  const heading = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
    rows: [
      new TableRow({ children: [cell(left, 42), cell(right, 58)] }),
      new TableRow({ children: [cell([centred(input.header.number ?? "")], 42), cell([centred(input.header.placeDate, { italics: true })], 58)] }),
    ],
  });
  const children: (Paragraph | Table)[] = [
    heading,
    new Paragraph({ children: [] }),
    ...(input.draft ? [centred("DỰ THẢO", { bold: true })] : []),
    centred("THÔNG BÁO", { bold: true, size: 28 }),
    centred(`Kết luận của ${input.conference.title}`, { bold: true }),
    new Paragraph({ children: [] }),
  ];
  for (const block of conclusionParagraphs(input)) {
    if (block.heading) children.push(body(block.heading, true));
    for (const line of block.text) children.push(body(line));
    if (block.mono) children.push(body(block.mono.label), new Paragraph({ indent: { firstLine: convertMillimetersToTwip(10) }, children: [new TextRun({ text: block.mono.value, font: "Courier New", size: 18 })] }));
  }
  children.push(new Paragraph({ children: [] }));
  children.push(
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
      rows: [
        new TableRow({
          children: [
            cell([new Paragraph({ children: [run("Nơi nhận:", { bold: true, italics: true, size: 24 })] }), ...input.recipients.map((r) => new Paragraph({ children: [run(`- ${r}`, { size: 22 })] }))], 50),
            cell(input.signer.map((s) => centred(s, { bold: true })), 50),
          ],
        }),
      ],
    }),
  );
  const doc = new Document({
    creator: "Concord",
    title: "Thông báo kết luận",
    sections: [
      {
        properties: {
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: { top: convertMillimetersToTwip(20), bottom: convertMillimetersToTwip(20), left: convertMillimetersToTwip(30), right: convertMillimetersToTwip(15) },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
