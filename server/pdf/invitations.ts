import QRCode from "qrcode";
import { FONT } from "./fonts";
import {
  BODY_SIZE,
  SMALL_SIZE,
  centredHeading,
  contentWidth,
  createDocument,
  drawHeader,
  ensureSpace,
  finishPages,
  labelled,
  paragraph,
  toBuffer,
  type Doc,
} from "./layout";
import { vietnameseDate } from "./minutes";
import { lowerFirst } from "../text";
import type { DocumentHeader } from "./types";

/** The number line of an invitation (giấy mời): the clerk writes the number in when registered. */
export const INVITATION_NUMBER = "Số: …/GM-CTĐ";

export interface InvitationUnit {
  /** "Sở Tư pháp tỉnh Thanh Hóa". */
  name: string;
  /** "Giám đốc": the invitation is addressed to the unit's head. */
  headTitle: string;
  /** The unit's live delegate join links, one QR card each (a leader's and a deputy's tablet). */
  links: { label: string; url: string }[];
}

export interface InvitationsPdfInput {
  header: DocumentHeader;
  /** "Cụm thi đua số 8": the inviting body in the text. */
  clusterName: string;
  conference: { title: string; date: string; venue?: string };
  agenda: { title: string; time?: string; owner?: string }[];
  units: InvitationUnit[];
  /** The signature block at the foot, "TM. CỤM THI ĐUA SỐ 8" / "TRƯỞNG CỤM". */
  signer: string[];
}

const QR_SIZE = 100;
const AGENDA_SIZE = 10;

/**
 * One invitation (giấy mời) per unit, each starting on its own page, in the layout of Decree 30: the
 * heading blocks, "GIẤY MỜI", the addressee, date, venue and agenda, then the unit's QR join cards —
 * each printed with its URL and the unit's name, so a card cut from the page still says whose it is.
 */
export async function renderInvitationsPdf(input: InvitationsPdfInput): Promise<Buffer> {
  const doc = createDocument("GIẤY MỜI");
  const qr = new Map<string, Buffer>();
  for (const u of input.units)
    for (const l of u.links) qr.set(l.url, await QRCode.toBuffer(l.url, { type: "png", margin: 1, width: 360, errorCorrectionLevel: "M" }));

  input.units.forEach((unit, i) => {
    if (i > 0) doc.addPage();
    drawInvitation(doc, input, unit, qr);
  });
  finishPages(doc, { draft: false, pageNumbers: false });
  return toBuffer(doc);
}

function drawInvitation(doc: Doc, input: InvitationsPdfInput, unit: InvitationUnit, qr: Map<string, Buffer>): void {
  drawHeader(doc, { ...input.header, number: input.header.number ?? INVITATION_NUMBER });
  centredHeading(doc, "GIẤY MỜI", 14);
  doc.font(FONT.italic).fontSize(BODY_SIZE);
  doc.text(`Dự ${lowerFirst(input.conference.title)}`.normalize("NFC"), doc.page.margins.left, doc.y + 2, { width: contentWidth(doc), align: "center" });
  doc.y += 6;
  doc.font(FONT.bold).fontSize(BODY_SIZE);
  doc.text(`Kính gửi: ${unit.headTitle} ${unit.name}`.normalize("NFC"), doc.page.margins.left, doc.y, { width: contentWidth(doc), align: "center" });
  doc.y += 8;

  paragraph(
    doc,
    `${input.clusterName} trân trọng kính mời đồng chí ${unit.headTitle} ${unit.name} (hoặc đồng chí Phó Thủ trưởng được ủy quyền) và cán bộ phụ trách công tác thi đua, khen thưởng của đơn vị tham dự ${lowerFirst(input.conference.title)}.`,
  );
  const start = input.agenda.find((a) => a.time)?.time;
  labelled(doc, "Thời gian:", `${start ? `${start.replace(":", " giờ ")} phút, ` : ""}${vietnameseDate(input.conference.date)}.`);
  if (input.conference.venue) labelled(doc, "Địa điểm:", `${input.conference.venue}.`);
  paragraph(doc, "Nội dung, chương trình:", { font: FONT.bold, gap: 0 });
  doc.font(FONT.regular).fontSize(AGENDA_SIZE);
  for (const [n, a] of input.agenda.entries())
    doc.text(`${a.time ? `${a.time}  ` : ""}${n + 1}. ${a.title}`.normalize("NFC"), doc.page.margins.left + 28, doc.y, { width: contentWidth(doc) - 28 });
  doc.y += 6;

  drawCards(doc, unit, qr);
  doc.font(FONT.italic).fontSize(SMALL_SIZE);
  doc.text(
    "Hội nghị không giấy: mỗi đại biểu quét một mã bằng máy tính bảng hoặc điện thoại để điểm danh, đọc tài liệu, đăng ký phát biểu, chấm điểm, biểu quyết và ký giao ước. Mã chỉ dành cho đơn vị được mời; đề nghị không chia sẻ.",
    doc.page.margins.left,
    doc.y,
    { width: contentWidth(doc), align: "justify" },
  );
  doc.y += 8;
  drawSigner(doc, input.signer);
}

/** The signer's block at the right, compact: the invitation is one page per unit, signed by hand or stamped. */
function drawSigner(doc: Doc, lines: string[]): void {
  const half = contentWidth(doc) / 2;
  const x = doc.page.margins.left + half;
  doc.font(FONT.bold).fontSize(BODY_SIZE);
  for (const line of lines) doc.text(line.normalize("NFC"), x, doc.y, { width: half, align: "center" });
  doc.x = doc.page.margins.left;
}

/** The unit's join cards side by side: the QR code, whose card it is, and the URL under it. */
function drawCards(doc: Doc, unit: InvitationUnit, qr: Map<string, Buffer>): void {
  if (unit.links.length === 0) return;
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const each = width / Math.max(2, unit.links.length);
  const height = QR_SIZE + 48;
  ensureSpace(doc, height + 10);
  const top = doc.y;
  unit.links.forEach((l, i) => {
    const x = left + i * each;
    doc.save().lineWidth(0.5).dash(3, { space: 3 }).rect(x + 4, top, each - 8, height).stroke().undash().restore();
    doc.image(qr.get(l.url)!, x + (each - QR_SIZE) / 2, top + 6, { width: QR_SIZE, height: QR_SIZE });
    doc.font(FONT.bold).fontSize(SMALL_SIZE);
    doc.text(`${unit.name} — ${l.label}`.normalize("NFC"), x + 8, top + QR_SIZE + 10, { width: each - 16, align: "center" });
    doc.font(FONT.mono).fontSize(6.5);
    doc.text(l.url, x + 8, doc.y + 1, { width: each - 16, align: "center" });
  });
  doc.x = left;
  doc.y = top + height + 8;
}
