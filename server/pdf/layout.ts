import PDFDocument from "pdfkit";
import { FONT, registerFonts } from "./fonts";
import type { DocumentHeader } from "./types";

/**
 * A4 in the layout of Decree 30/2020/NĐ-CP (Appendix I) on administrative documents: margins top and
 * bottom 20–25 mm (20), left 30–35 mm (30), right 15–20 mm (15); body text 13–14 pt (13) in a
 * Times-metric face, first line indented 1–1.27 cm, at least 6 pt between paragraphs.
 */
export const MM = 72 / 25.4;
/** Stacked Vietnamese marks on capitals ("Ộ", "Ủ") rise above pdfkit's line box: text starts this much lower. */
const MARK_RISE = 4;
export const MARGIN = { top: 20 * MM + MARK_RISE, bottom: 20 * MM, left: 30 * MM, right: 15 * MM };
export const BODY_SIZE = 13;
export const SMALL_SIZE = 11;
/** Heading lines (issuing body, national motto) 12–13 pt. */
export const HEADER_SIZE = 12.5;
/** First-line indent of body paragraphs (1 cm). */
export const INDENT = 10 * MM;
/** Space after a body paragraph (Decree 30: at least 6 pt). */
export const PARAGRAPH_GAP = 6;
export const DRAFT_MARK = "DỰ THẢO";

export type Doc = PDFKit.PDFDocument;

/**
 * Marked-content tag around every line of a document's canonical text (the pledge's hashed lines):
 * /verify reads the text inside these marks back from an uploaded PDF and rebuilds the canonical
 * text from it, so the check rests on the words printed, not on metadata anyone can rewrite.
 */
export const CANONICAL_TAG = "ConcordText";

const lineCount = new WeakMap<Doc, number>();

/**
 * Draws one canonical line inside the marked-content tag (a no-op wrapper when `on` is false). The
 * mark carries the line's number as its MCID: pdfkit closes a mark at a page break and reopens it on
 * the next page, and the number tells the reader that both parts are the same line.
 */
export function canonical(doc: Doc, on: boolean, draw: () => void): void {
  if (!on) return draw();
  const n = lineCount.get(doc) ?? 0;
  lineCount.set(doc, n + 1);
  // pdfkit writes the MCID into the mark's property list; its typings omit the option.
  doc.markContent(CANONICAL_TAG, { mcid: n } as PDFKit.Mixins.MarkingOptions);
  draw();
  doc.endMarkedContent();
}

export function createDocument(title: string): Doc {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    // Pages stay in memory so the draft mark and page numbers can be added once the page count is known.
    bufferPages: true,
    info: { Title: title, Creator: "Concord" },
  });
  registerFonts(doc);
  doc.fontSize(BODY_SIZE);
  return doc;
}

export function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

/** Bottom of the writable area of the current page. */
export function pageBottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page unless `height` points still fit below the cursor. */
export function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

/** Vietnamese capitals ("Sở Tư pháp" → "SỞ TƯ PHÁP"), NFC so extraction and comparison agree. */
export function upper(text: string): string {
  return text.normalize("NFC").toLocaleUpperCase("vi");
}

/** One decimal place with a decimal comma: 99.5 → "99,5", 98 → "98,0". */
export function formatScore(value: number): string {
  return value.toFixed(1).replace(".", ",");
}

/** Smallest size a heading line is shrunk to before it wraps instead (long cluster names). */
const MIN_HEADER_SIZE = 10.5;

/**
 * Draws `lines` centred in a column. A line too wide is first shrunk a little, then wrapped into
 * balanced lines; the block's real height is measured, so the rule under it is drawn under the
 * last line, never through a wrapped one. Returns the y under the block and the last line's width.
 */
function headerColumn(
  doc: Doc,
  lines: { text: string; bold: boolean; size: number }[],
  x: number,
  width: number,
  y: number,
  marked: boolean,
): { y: number; lastWidth: number } {
  let lastWidth = 0;
  for (const line of lines) {
    let size = line.size;
    doc.font(line.bold ? FONT.bold : FONT.regular).fontSize(size);
    while (size > MIN_HEADER_SIZE && doc.widthOfString(line.text) > width) doc.fontSize((size -= 0.5));
    const text = balanced(doc, line.text, width);
    const widest = Math.max(...text.split("\n").map((part) => doc.widthOfString(part)));
    lastWidth = Math.min(width, widest);
    const height = doc.heightOfString(text, { width, align: "center", lineGap: 0 });
    canonical(doc, marked, () => doc.text(text, x, y, { width, align: "center", lineGap: 0 }));
    y += Math.max(height, size * 1.3);
  }
  return { y, lastWidth };
}

function centredRule(doc: Doc, centreX: number, y: number, length: number): void {
  doc
    .save()
    .lineWidth(0.6)
    .moveTo(centreX - length / 2, y)
    .lineTo(centreX + length / 2, y)
    .stroke()
    .restore();
}

/**
 * The heading of Decree 30: at left the superior body (regular capitals), the issuing body (bold
 * capitals) with a short rule under it (a third to a half of the line), and the document number
 * ("Số: …/BB-CTĐ") when the document has one; at right the national motto, its second line bold with
 * a rule as long as the line; under the motto the place and date in italics.
 */
export function drawHeader(doc: Doc, header: DocumentHeader, marked = false): void {
  // Both blocks stay inside the text area, so nothing is printed in the margins Decree 30 fixes.
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const leftWidth = width * 0.42;
  const rightX = left + leftWidth;
  const rightWidth = width - leftWidth;
  const top = doc.page.margins.top;

  const leftLines = header.left.map((text, i) => ({
    text: text.normalize("NFC"),
    bold: i === header.left.length - 1,
    size: HEADER_SIZE,
  }));
  const l = headerColumn(doc, leftLines, left, leftWidth, top, marked);
  const ruleY = l.y + 3;
  centredRule(doc, left + leftWidth / 2, ruleY, Math.max(40, l.lastWidth * 0.4));

  const rightLines = header.right.map((text, i) => ({
    text: text.normalize("NFC"),
    bold: true,
    size: i === 0 ? 12 : BODY_SIZE,
  }));
  const r = headerColumn(doc, rightLines, rightX, rightWidth, top, marked);
  centredRule(doc, rightX + rightWidth / 2, r.y + 3, r.lastWidth);

  // The number line and the place-and-date line share one row under the two blocks.
  const y = Math.max(ruleY, r.y + 3) + 8;
  if (header.number) {
    doc.font(FONT.regular).fontSize(BODY_SIZE);
    doc.text(header.number.normalize("NFC"), left, y, { width: leftWidth, align: "center", lineBreak: false });
  }
  doc.font(FONT.italic).fontSize(BODY_SIZE);
  canonical(doc, marked, () => doc.text(header.placeDate.normalize("NFC"), rightX, y, { width: rightWidth, align: "center" }));
  doc.x = doc.page.margins.left;
  doc.y = Math.max(doc.y, y + BODY_SIZE * 1.2) + 16;
}

/**
 * A name that does not fit one line split into two lines of similar length (with "\n"),
 * so a signature cell never ends with a lone word. The current font is used for measuring.
 */
export function balanced(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const words = text.split(" ");
  let best = text;
  let bestWidth = Infinity;
  for (let i = 1; i < words.length; i++) {
    const a = words.slice(0, i).join(" ");
    const b = words.slice(i).join(" ");
    const widest = Math.max(doc.widthOfString(a), doc.widthOfString(b));
    if (widest <= width && widest < bestWidth) [best, bestWidth] = [`${a}\n${b}`, widest];
  }
  return best;
}

/** Centred bold heading across the text width. */
export function centredHeading(doc: Doc, text: string, size: number, font: string = FONT.bold, marked = false): void {
  doc.font(font).fontSize(size);
  canonical(doc, marked, () =>
    doc.text(text.normalize("NFC"), doc.page.margins.left, doc.y, {
      width: contentWidth(doc),
      align: "center",
    }),
  );
}

/** A body paragraph, justified, first line indented. */
export function paragraph(
  doc: Doc,
  text: string,
  options: { font?: string; indent?: number; gap?: number; marked?: boolean } = {},
): void {
  doc.font(options.font ?? FONT.regular).fontSize(BODY_SIZE);
  if (options.marked) {
    // A line of the canonical text stays on one page when it can: read back (pdftotext, a reader's
    // copy and paste) it is then one run, not two halves around a page number.
    const height = doc.heightOfString(text.normalize("NFC"), { width: contentWidth(doc), indent: options.indent ?? INDENT, lineGap: 2 });
    if (height < pageBottom(doc) - doc.page.margins.top) ensureSpace(doc, height);
  }
  canonical(doc, options.marked ?? false, () =>
    doc.text(text.normalize("NFC"), doc.page.margins.left, doc.y, {
      width: contentWidth(doc),
      align: "justify",
      indent: options.indent ?? INDENT,
      lineGap: 2,
    }),
  );
  doc.y += options.gap ?? PARAGRAPH_GAP;
}

/** "Label: value" with the label in bold, indented like a paragraph's first line. */
export function labelled(doc: Doc, label: string, value: string, valueFont: string = FONT.regular): void {
  doc.font(FONT.bold).fontSize(BODY_SIZE);
  const x = doc.page.margins.left + INDENT;
  doc.text(`${label} `, x, doc.y, { continued: true, width: contentWidth(doc) - INDENT, lineGap: 2 });
  doc.font(valueFont).text(value.normalize("NFC"), { lineGap: 2 });
  doc.y += 3;
}

/**
 * Signature blocks side by side (Decree 30): the authority lines in bold capitals ("TM. …", "KT. …",
 * the title), room for the signature, then the signer's name in bold and, under it, their title. With
 * no name the line stays empty, for a name written by hand.
 */
export function drawSignatureBlocks(doc: Doc, blocks: Array<{ lines: string[]; name?: string; title?: string }>): void {
  const left = doc.page.margins.left;
  const each = contentWidth(doc) / blocks.length;
  doc.font(FONT.bold).fontSize(BODY_SIZE);
  const headHeight = (b: { lines: string[] }) => b.lines.reduce((h, line) => h + doc.heightOfString(line, { width: each - 8 }), 0);
  const head = Math.max(...blocks.map(headHeight));
  const titled = blocks.some((b) => b.name && b.title);
  ensureSpace(doc, head + 70 + BODY_SIZE * (titled ? 2.8 : 1.4));
  const top = doc.y;
  // The names line up across the blocks, under the tallest authority block and the room to sign.
  const nameY = top + head + 70;
  blocks.forEach((b, i) => {
    const x = left + i * each + 4;
    doc.font(FONT.bold).fontSize(BODY_SIZE);
    let y = top;
    for (const line of b.lines) {
      doc.text(line.normalize("NFC"), x, y, { width: each - 8, align: "center" });
      y = doc.y;
    }
    if (b.name) doc.font(FONT.bold).text(b.name.normalize("NFC"), x, nameY, { width: each - 8, align: "center" });
    if (b.name && b.title) doc.font(FONT.regular).text(b.title.normalize("NFC"), x, doc.y, { width: each - 8, align: "center" });
  });
  doc.x = left;
  doc.y = nameY + BODY_SIZE * (titled ? 2.8 : 1.4) + 10;
}

/** "Nơi nhận:" (bold italic, 12 pt) and its lines (11 pt), at the left, as at the foot of every administrative document. */
export function drawRecipients(doc: Doc, lines: string[]): void {
  if (lines.length === 0) return;
  const left = doc.page.margins.left;
  const width = contentWidth(doc) * 0.62;
  ensureSpace(doc, 20 + lines.length * 14);
  doc.font(FONT.boldItalic).fontSize(12).text("Nơi nhận:", left, doc.y, { width });
  doc.font(FONT.regular).fontSize(SMALL_SIZE);
  for (const line of lines) doc.text(`- ${line.normalize("NFC")}`, left, doc.y, { width });
  doc.x = left;
}

/**
 * Once every page exists: the draft mark (a boxed "DỰ THẢO" top right and a faint diagonal watermark)
 * and the page number as Decree 30 sets it: Arabic numerals, 13 pt upright, centred in the top margin,
 * none on the first page.
 */
export function finishPages(doc: Doc, options: { draft: boolean; pageNumbers: boolean }): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const { width, height } = doc.page;
    // Writing in the margins must not trigger pdfkit's automatic page break.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    if (options.draft) drawDraftMark(doc, width, height);
    if (options.pageNumbers && i > start) {
      // Decree 30 (Phụ lục I, khoản 5): the number alone, 13 pt upright, centred in the top margin; page 1 has none.
      doc.font(FONT.regular).fontSize(BODY_SIZE).fillColor("black");
      doc.text(String(i - start + 1), 0, 9 * MM, { width, align: "center", lineBreak: false });
    }
    doc.page.margins.bottom = savedBottom;
  }
}

function drawDraftMark(doc: Doc, width: number, height: number): void {
  doc.save();
  doc.rotate(-40, { origin: [width / 2, height / 2] });
  doc.font(FONT.bold).fontSize(96).fillColor("#b00000").fillOpacity(0.06);
  // Placed by measurement rather than `align`, so the rotated word is neither wrapped nor shifted.
  const markWidth = doc.widthOfString(DRAFT_MARK);
  doc.text(DRAFT_MARK, (width - markWidth) / 2, height / 2 - doc.currentLineHeight() / 2, {
    lineBreak: false,
  });
  doc.restore();

  doc.save();
  doc.font(FONT.bold).fontSize(12).fillColor("#b00000").strokeColor("#b00000");
  const boxW = doc.widthOfString(DRAFT_MARK) + 16;
  const x = width - MARGIN.right - boxW;
  const y = 7 * MM;
  doc.lineWidth(1).rect(x, y, boxW, 20).stroke();
  doc.text(DRAFT_MARK, x, y + 4, { width: boxW, align: "center", lineBreak: false });
  doc.restore();
  doc.fillColor("black").fillOpacity(1);
}

/** Ends the document and collects its bytes. */
export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}
