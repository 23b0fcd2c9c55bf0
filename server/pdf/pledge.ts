import QRCode from "qrcode";
import { commitmentLine, legalBasisLine, normalisePledgeLine } from "../../shared/pledge/canonical";
import { FONT } from "./fonts";
import {
  BODY_SIZE,
  balanced,
  SMALL_SIZE,
  centredHeading,
  contentWidth,
  createDocument,
  drawHeader,
  drawRecipients,
  ensureSpace,
  finishPages,
  pageBottom,
  paragraph,
  toBuffer,
  upper,
  type Doc,
} from "./layout";
import { drawStrokes } from "./signature";
import type { PledgePdfInput, PledgeSignatureEntry } from "./types";

const SIGNATURE_HEIGHT = 62;
const CELL_GAP = 12;

/** The emulation pledge: the adopted text, the signature grid, and a verification page. */
export async function renderPledgePdf(input: PledgePdfInput): Promise<Buffer> {
  const { pledge } = input;
  const doc = createDocument(normalisePledgeLine(pledge.header.title));
  drawHeader(doc, {
    left: pledge.header.left.map(normalisePledgeLine),
    right: pledge.header.right.map(normalisePledgeLine),
    placeDate: normalisePledgeLine(pledge.header.placeDate),
  }, true);

  // Every printed line is a line of the canonical text, so the paper says exactly what was hashed.
  doc.y += 6;
  centredHeading(doc, normalisePledgeLine(pledge.header.title), 14, FONT.bold, true);
  const subtitle = normalisePledgeLine(pledge.header.subtitle ?? "");
  if (subtitle) centredHeading(doc, subtitle, 13, FONT.bold, true);
  const ruleY = doc.y + 6;
  const mid = doc.page.margins.left + contentWidth(doc) / 2;
  doc
    .save()
    .lineWidth(0.6)
    .moveTo(mid - 40, ruleY)
    .lineTo(mid + 40, ruleY)
    .stroke()
    .restore();
  doc.y = ruleY + 12;

  for (const basis of pledge.legalBases) paragraph(doc, legalBasisLine(basis), { font: FONT.italic, gap: 1, marked: true });
  doc.y += 4;
  const preamble = normalisePledgeLine(pledge.preamble);
  if (preamble) paragraph(doc, preamble, { gap: 6, marked: true });

  for (const section of pledge.sections) {
    ensureSpace(doc, 60);
    paragraph(doc, normalisePledgeLine(section.heading), { font: FONT.bold, gap: 3, marked: true });
    section.commitments.forEach((c, i) => paragraph(doc, commitmentLine(i, c), { marked: true }));
    doc.y += 4;
  }

  drawSignatureGrid(doc, normalisePledgeLine(pledge.signatureCaption), input.signatures);
  // "Nơi nhận" only when it fits under the grid: a page of its own would part it from the signatures.
  const recipients = input.recipients ?? [];
  if (recipients.length > 0 && doc.y + 24 + recipients.length * 14 < pageBottom(doc)) {
    doc.y += 8;
    drawRecipients(doc, recipients);
  }
  doc.addPage();
  await drawVerificationPage(doc, input);
  finishPages(doc, { draft: input.draft, pageNumbers: true });
  return toBuffer(doc);
}

/** The lines printed above a signature: "TRƯỞNG BAN", or "KT. GIÁM ĐỐC" then "PHÓ GIÁM ĐỐC". */
export function signatureTitleLines(entry: PledgeSignatureEntry): string[] {
  const own = upper(normalisePledgeLine(entry.title));
  return entry.onBehalf ? [`KT. ${upper(normalisePledgeLine(entry.onBehalf.representedTitle))}`, own] : [own];
}

const UNIT_SIZE = 12;

function unitLine(doc: Doc, entry: PledgeSignatureEntry, width: number): string {
  return balanced(doc, upper(normalisePledgeLine(entry.unitName)), width);
}

/** Height of the unit name and title lines of one cell, the part above the signature. */
function cellHeadHeight(doc: Doc, entry: PledgeSignatureEntry, width: number): number {
  doc.font(FONT.bold).fontSize(UNIT_SIZE);
  const name = doc.heightOfString(unitLine(doc, entry, width), { width });
  return name + signatureTitleLines(entry).length * doc.currentLineHeight(true);
}

/** One cell; the signature and the name start at the same height in both cells of a row. */
function drawCell(
  doc: Doc,
  entry: PledgeSignatureEntry,
  x: number,
  top: number,
  headHeight: number,
  width: number,
): void {
  doc.font(FONT.bold).fontSize(UNIT_SIZE);
  doc.text(unitLine(doc, entry, width), x, top, { width, align: "center" });
  for (const line of signatureTitleLines(entry)) doc.text(line, x, doc.y, { width, align: "center" });
  const box = { x: x + 20, y: top + headHeight + 4, width: width - 40, height: SIGNATURE_HEIGHT - 8 };
  if (entry.strokes) drawStrokes(doc, entry.strokes, box);
  if (entry.signerName) {
    doc.font(FONT.bold).fontSize(BODY_SIZE);
    doc.text(normalisePledgeLine(entry.signerName), x, top + headHeight + SIGNATURE_HEIGHT, {
      width,
      align: "center",
    });
  }
}

/** Caption, then the units two per row; a lone last unit is centred. A row never splits across pages. */
function drawSignatureGrid(doc: Doc, caption: string, entries: PledgeSignatureEntry[]): void {
  // The grid uses a little of the side margins, as the header does, so most unit names fit on one line.
  // Inside the text area: Decree 30's margins stay empty.
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const cellWidth = (width - CELL_GAP) / 2;
  const rows: PledgeSignatureEntry[][] = [];
  for (let i = 0; i < entries.length; i += 2) rows.push(entries.slice(i, i + 2));

  const headHeight = (row: PledgeSignatureEntry[]) =>
    Math.max(...row.map((e) => cellHeadHeight(doc, e, cellWidth)));
  const nameHeight = BODY_SIZE * 1.4;
  const rowHeight = (row: PledgeSignatureEntry[]) => headHeight(row) + SIGNATURE_HEIGHT + nameHeight + 16;
  doc.y += 8;
  ensureSpace(doc, 30 + (rows[0] ? rowHeight(rows[0]) : 0));
  centredHeading(doc, caption, 13, FONT.bold, true);
  doc.y += 12;

  for (const row of rows) {
    const height = rowHeight(row);
    ensureSpace(doc, height);
    const top = doc.y;
    const head = headHeight(row);
    row.forEach((entry, i) => {
      const x = row.length === 1 ? left + (width - cellWidth) / 2 : left + i * (cellWidth + CELL_GAP);
      drawCell(doc, entry, x, top, head, cellWidth);
    });
    doc.x = doc.page.margins.left;
    doc.y = top + height;
  }
}

/** "14/01/2022 09:41:05 (giờ Việt Nam)"; Vietnam has no daylight saving, so UTC+7 is exact. */
export function formatVietnamTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const v = new Date(t.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${p(v.getUTCDate())}/${p(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ` +
    `${p(v.getUTCHours())}:${p(v.getUTCMinutes())}:${p(v.getUTCSeconds())} (giờ Việt Nam)`
  );
}

function hashLine(doc: Doc, label: string, hash: string): void {
  const left = doc.page.margins.left;
  doc
    .font(FONT.regular)
    .fontSize(SMALL_SIZE)
    .text(label, left, doc.y, { width: contentWidth(doc) });
  doc
    .font(FONT.mono)
    .fontSize(9)
    .text(hash, left + 14, doc.y + 1, { width: contentWidth(doc) - 14 });
  doc.y += 5;
}

async function drawVerificationPage(doc: Doc, input: PledgePdfInput): Promise<void> {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  centredHeading(doc, "THÔNG TIN XÁC THỰC", 14);
  doc.font(FONT.italic).fontSize(SMALL_SIZE);
  doc.text(
    "Mã băm SHA-256 của nội dung giao ước đã chốt, của từng chữ ký và của nhật ký hội nghị; " +
      "quét mã QR hoặc mở địa chỉ dưới đây để đối chiếu.",
    left,
    doc.y + 4,
    { width, align: "center" },
  );
  doc.y += 12;
  hashLine(doc, "Mã băm nội dung giao ước:", input.textHash);

  doc
    .font(FONT.bold)
    .fontSize(BODY_SIZE)
    .text("Chữ ký của các đơn vị", left, doc.y + 4, { width });
  doc.y += 4;
  input.signatures.forEach((s, i) => {
    ensureSpace(doc, 48);
    doc.font(FONT.bold).fontSize(SMALL_SIZE);
    doc.text(`${i + 1}. ${normalisePledgeLine(s.unitName)}`, left, doc.y, {
      width,
      continued: Boolean(s.signerName),
    });
    if (s.signerName) doc.font(FONT.regular).text(` — ${normalisePledgeLine(s.signerName)}`);
    doc.font(FONT.regular).fontSize(SMALL_SIZE);
    const when = s.signedAt ? `Ký lúc ${formatVietnamTime(s.signedAt)}` : "Chưa ký";
    doc.text(when, left + 14, doc.y, { width: width - 14 });
    if (s.signatureHash)
      doc
        .font(FONT.mono)
        .fontSize(9)
        .text(s.signatureHash, left + 14, doc.y + 1, { width: width - 14 });
    doc.y += 4;
  });

  doc.y += 6;
  hashLine(doc, "Mã băm đầu nhật ký hội nghị (journal head):", input.journalHead);

  const qrSize = 118;
  ensureSpace(doc, qrSize + 50);
  const png = await QRCode.toBuffer(input.verificationUrl, {
    type: "png",
    margin: 1,
    width: 360,
    errorCorrectionLevel: "M",
  });
  const top = doc.y + 10;
  doc.image(png, left + (width - qrSize) / 2, top, { width: qrSize, height: qrSize });
  doc.font(FONT.regular).fontSize(SMALL_SIZE);
  doc.text("Địa chỉ xác thực:", left, top + qrSize + 6, { width, align: "center" });
  doc
    .font(FONT.mono)
    .fontSize(9)
    .text(input.verificationUrl, left, doc.y + 1, { width, align: "center" });
}
