import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IBorderOptions,
  type ParagraphChild,
} from "docx";
import { commitmentLine, legalBasisLine, normalisePledgeLine } from "../../shared/pledge/canonical";
import { formatScore, rankName, signatureTitleLines, vietnameseDate, formatVietnamTime } from "../pdf";
import { DRAFT_MARK } from "../pdf/layout";
import { MINUTES_NUMBER } from "../pdf/minutes";
import type { DocumentHeader, MinutesPdfInput, PledgePdfInput } from "../pdf/types";

/**
 * The minutes and the pledge as editable Word files, in the layout of the PDFs (Decree 30/2020:
 * A4, margins 20/20/30/15 mm, Times New Roman 13 pt, the heading blocks, signature blocks, Nơi nhận),
 * so the secretary can correct a word before the chair signs. "DỰ THẢO" stands in the page header
 * until the document is final, and every page's footer says that only the PDF is the signed record.
 */

const FONT = "Times New Roman";
const MONO = "Courier New";
/** Half-points, as Word counts them. */
const pt = (n: number) => Math.round(n * 2);
const BODY = pt(13);
const TEXT_WIDTH_MM = 210 - 30 - 15;
const TEXT_WIDTH = convertMillimetersToTwip(TEXT_WIDTH_MM);
const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: "000000" };

export const PDF_ONLY_NOTE =
  "Tệp Word này chỉ để chỉnh sửa. Chỉ bản PDF do hệ thống phát hành mới là văn bản đã ký. (This Word file is for editing; only the PDF issued by the system is the signed record.)";

interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  size?: number;
  font?: string;
  color?: string;
}

const run = (text: string, o: RunOptions = {}) =>
  new TextRun({ text: text.normalize("NFC"), bold: o.bold, italics: o.italics, size: o.size ?? BODY, font: o.font ?? FONT, color: o.color });

function para(children: ParagraphChild[] | string, o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number; before?: number; run?: RunOptions; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    children: typeof children === "string" ? [run(children, o.run)] : children,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indent ? { firstLine: convertMillimetersToTwip(10) } : undefined,
    spacing: { after: (o.after ?? 6) * 20, before: (o.before ?? 0) * 20, line: 264 },
    keepNext: o.keepNext,
  });
}

const centred = (text: string, r: RunOptions = {}, after = 0) => para(text, { align: AlignmentType.CENTER, after, run: r });

/** A short centred rule (a paragraph whose top border is narrowed by its indents). */
function rule(cellWidthTwip: number, lengthTwip: number): Paragraph {
  const side = Math.max(0, Math.round((cellWidthTwip - lengthTwip) / 2));
  return new Paragraph({ children: [], border: { top: LINE }, indent: { left: side, right: side }, spacing: { after: 60 } });
}

function cell(children: Paragraph[], width: number, o: { borders?: boolean; shade?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    borders: o.borders ? undefined : NO_BORDERS,
    verticalAlign: VerticalAlign.CENTER,
    shading: o.shade ? { fill: "EEEEEE" } : undefined,
    margins: { left: 60, right: 60, top: 30, bottom: 30 },
  });
}

/** The two heading blocks of Decree 30 as a borderless table, then the number and place-and-date row. */
function headerBlocks(h: DocumentHeader): Table {
  const leftW = Math.round(TEXT_WIDTH * 0.42);
  const rightW = TEXT_WIDTH - leftW;
  const left = [
    ...h.left.map((line, i) => centred(line, { bold: i === h.left.length - 1, size: pt(12.5) })),
    rule(leftW, Math.round(leftW * 0.35)),
  ];
  const right = [
    ...h.right.map((line, i) => centred(line, { bold: true, size: i === 0 ? pt(12) : BODY })),
    rule(rightW, Math.round(rightW * 0.62)),
  ];
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftW, rightW],
    borders: NO_BORDERS,
    rows: [
      new TableRow({ children: [cell(left, leftW), cell(right, rightW)] }),
      new TableRow({
        children: [cell([centred(h.number ?? "", {})], leftW), cell([centred(h.placeDate, { italics: true })], rightW)],
      }),
    ],
  });
}

/** A ruled table; widths in twips; the header row shaded and bold. */
function grid(headers: string[], rows: string[][], widths: number[], o: { size?: number; boldRows?: number[]; alignFirst?: number } = {}): Table {
  const size = o.size ?? pt(11);
  const line = (cells: string[], bold: boolean, shade: boolean) =>
    new TableRow({
      tableHeader: shade,
      cantSplit: true,
      children: cells.map((text, i) =>
        cell(
          text.split("\n").map((part) => para(part, { align: i < (o.alignFirst ?? 1) + 1 && i > 0 && !shade ? AlignmentType.LEFT : AlignmentType.CENTER, after: 0, run: { bold, size } })),
          widths[i]!,
          { borders: true, shade },
        ),
      ),
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    rows: [line(headers, true, true), ...rows.map((r, i) => line(r, o.boldRows?.includes(i) ?? false, false))],
  });
}

/** Signature blocks side by side: authority lines bold, room to sign, the name bold and the title under it (an empty line to write a name by hand). */
function signatureBlocks(blocks: Array<{ lines: string[]; name?: string; title?: string; note?: string }>): Table {
  const w = Math.floor(TEXT_WIDTH / blocks.length);
  const cells = blocks.map((b) =>
    cell(
      [
        ...b.lines.map((l) => centred(l, { bold: true })),
        ...(b.note ? [centred(b.note, { italics: true, size: pt(11) })] : []),
        para("", { after: 48 }),
        centred(b.name ?? "", { bold: true }, b.name && b.title ? 0 : 6),
        ...(b.name && b.title ? [centred(b.title, {}, 6)] : []),
      ],
      w,
    ),
  );
  return new Table({ layout: TableLayoutType.FIXED, width: { size: w * blocks.length, type: WidthType.DXA }, columnWidths: blocks.map(() => w), borders: NO_BORDERS, rows: [new TableRow({ cantSplit: true, children: cells })] });
}

function recipients(lines: string[]): Paragraph[] {
  if (lines.length === 0) return [];
  return [
    para([run("Nơi nhận:", { bold: true, italics: true, size: pt(12) })], { align: AlignmentType.LEFT, after: 0, before: 12 }),
    ...lines.map((l) => para(`- ${l}`, { align: AlignmentType.LEFT, after: 0, run: { size: pt(11) } })),
  ];
}

function pack(children: Array<Paragraph | Table>, o: { draft: boolean; title: string }): Promise<Buffer> {
  // Decree 30: the page number alone, 13 pt upright, centred in the top margin, and none on page 1 (its own header).
  const draftMark = o.draft ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(DRAFT_MARK, { bold: true, color: "B00000", size: pt(12) })] })] : [];
  const header = new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: BODY, font: FONT })] }), ...draftMark],
  });
  const firstHeader = new Header({ children: draftMark.length ? draftMark : [new Paragraph({ children: [] })] });
  const footer = () => new Footer({ children: [para(PDF_ONLY_NOTE, { align: AlignmentType.CENTER, after: 0, run: { italics: true, size: pt(9) } })] });
  const doc = new Document({
    title: o.title,
    creator: "Concord",
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: {
              top: convertMillimetersToTwip(20),
              bottom: convertMillimetersToTwip(20),
              left: convertMillimetersToTwip(30),
              right: convertMillimetersToTwip(15),
              header: convertMillimetersToTwip(8),
              footer: convertMillimetersToTwip(8),
            },
          },
        },
        headers: { default: header, first: firstHeader },
        footers: { default: footer(), first: footer() },
        children: [
          ...(o.draft ? [para(`${DRAFT_MARK} — văn bản chưa chính thức (draft, not final)`, { align: AlignmentType.RIGHT, run: { bold: true, color: "B00000", size: pt(11) } })] : []),
          ...children,
          para(PDF_ONLY_NOTE, { align: AlignmentType.LEFT, before: 12, run: { italics: true, size: pt(10) } }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/** The minutes as .docx: the same sections, tables and signature blocks as the PDF. */
export function renderMinutesDocx(input: MinutesPdfInput): Promise<Buffer> {
  const out: Array<Paragraph | Table> = [headerBlocks({ ...input.header, number: input.header.number ?? MINUTES_NUMBER })];
  out.push(centred("BIÊN BẢN HỘI NGHỊ", { bold: true, size: pt(14) }, 0), centred(input.conference.title, { bold: true }, 12));
  let n = 0;
  const heading = (text: string) => out.push(para(`${ROMAN[n++] ?? n}. ${text}`, { run: { bold: true }, keepNext: true, before: 6 }));
  const labelled = (label: string, value: string, italics = false) => out.push(para([run(`${label} `, { bold: true }), run(value, { italics })], { indent: true }));

  heading("THỜI GIAN, ĐỊA ĐIỂM");
  labelled("Thời gian:", vietnameseDate(input.conference.date));
  if (input.conference.venue) labelled("Địa điểm:", input.conference.venue);
  heading("THÀNH PHẦN THAM DỰ");
  const { present, absent } = input.attendance;
  labelled("Có mặt:", `${present.length}/${present.length + absent.length} đơn vị thành viên: ${present.join("; ")}.`);
  labelled("Vắng:", absent.length === 0 ? "không." : `${absent.length} đơn vị: ${absent.join("; ")}.`);

  heading(`KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM ${input.cluster.year}`);
  out.push(para("Hội nghị thống nhất kết quả chấm điểm (điểm thống nhất) của các đơn vị như sau:", { indent: true }));
  const { groups, rows } = input.scores;
  const ranked = [...rows].sort((a, b) => a.rank - b.rank);
  // Score cells ("38,5") need 12 mm; "Thưởng" in bold needs 15 mm, or Word and LibreOffice break it inside the
  // word. With six groups this leaves 33 mm of the 165 mm text width to the unit's name.
  const numeric = convertMillimetersToTwip(12);
  const fixed = [convertMillimetersToTwip(10), ...groups.map(() => numeric), convertMillimetersToTwip(15), numeric, numeric, convertMillimetersToTwip(11)];
  const nameW = Math.max(convertMillimetersToTwip(28), TEXT_WIDTH - fixed.reduce((a, b) => a + b, 0));
  out.push(
    grid(
      ["STT", "Đơn vị", ...groups.map((g) => `${g.label}\n(${formatScore(g.max).replace(/,0$/, "")})`), "Thưởng", "Trừ", "Tổng", "Xếp\nhạng"],
      ranked.map((r, i) => [String(i + 1), r.unitName, ...groups.map((g) => formatScore(r.groups[g.id] ?? 0)), formatScore(r.bonus), formatScore(r.deduction), formatScore(r.total), String(r.rank)]),
      [fixed[0]!, nameW, ...fixed.slice(1)],
      { size: groups.length > 6 ? pt(9) : pt(10.5), boldRows: ranked.flatMap((r, i) => (r.rank === 1 ? [i] : [])) },
    ),
  );
  out.push(para(`Ghi chú: ${groups.map((g) => `${g.label}: ${g.name} (tối đa ${formatScore(g.max)} điểm)`).join("; ")}.`, { run: { italics: true, size: pt(10) }, before: 4 }));
  out.push(para("Kết quả xếp hạng:", { run: { bold: true }, after: 2, keepNext: true }));
  for (const r of ranked) out.push(para(`Xếp thứ ${rankName(r.rank)}: ${r.unitName} — ${formatScore(r.total)} điểm`, { indent: true, after: 0 }));

  if (input.polls.length > 0) {
    heading("KẾT QUẢ BIỂU QUYẾT, BỎ PHIẾU");
    input.polls.forEach((poll, i) => {
      out.push(para(`${i + 1}. ${poll.title}`, { indent: true, run: { bold: true }, keepNext: true }));
      labelled("Hình thức:", poll.visibility === "secret" ? "bỏ phiếu kín." : "biểu quyết giơ tay.");
      labelled("Số phiếu:", `${poll.cast}/${poll.base.count} (${poll.base.description}).`);
      const colW = convertMillimetersToTwip(28);
      out.push(
        grid(
          [poll.kind === "choice" ? "Phương án" : "Nội dung", ...poll.columns],
          poll.rows.map((r) => [r.label, ...poll.columns.map((_, k) => String(r.counts[k] ?? 0))]),
          [TEXT_WIDTH - colW * poll.columns.length, ...poll.columns.map(() => colW)],
          { alignFirst: 0 },
        ),
      );
      labelled("Quy định:", `${poll.threshold}.`);
      labelled("Kết quả:", poll.outcome, true);
    });
  }
  const d = input.discussion;
  if (d && (d.speakers.length > 0 || d.documents.length > 0)) {
    // The same section as server/pdf/discussion-section.ts prints.
    heading("THẢO LUẬN, THAM LUẬN VÀ TÀI LIỆU HỘI NGHỊ");
    if (d.speakers.length > 0) {
      out.push(para(`Hội nghị đã nghe ${d.speakers.length} lượt tham luận, ý kiến:`, { indent: true }));
      const w = [10, 0, 26, 26, 24].map((mm) => convertMillimetersToTwip(mm));
      w[1] = TEXT_WIDTH - w.reduce((a, b) => a + b, 0);
      out.push(
        grid(
          ["STT", "Đơn vị", "Hình thức", "Thời gian", "Thời lượng"],
          d.speakers.map((x, i) => [String(i + 1), x.unitName, x.kindLabel, `${x.from}–${x.to}`, x.overrun ? `${x.duration}\n(quá ${x.overrun})` : x.duration]),
          w,
        ),
      );
    }
    if (d.documents.length > 0) {
      out.push(para("Tài liệu hội nghị (mã băm SHA-256 của từng tệp):", { indent: true, before: 6, after: 2 }));
      d.documents.forEach((x, i) => {
        out.push(para(`${i + 1}. ${x.title} (${x.pages} trang${x.agendaLabel ? `; ${x.agendaLabel}` : ""})`, { indent: true, after: 0 }));
        out.push(para([run(x.sha256, { font: MONO, size: pt(9) })], { indent: true, after: 2 }));
      });
    }
  }
  if (input.elected) {
    const { year, head, deputy } = input.elected;
    heading(`BẦU TRƯỞNG CỤM, PHÓ TRƯỞNG CỤM NĂM ${year}`);
    out.push(para(`${head} — Trưởng cụm năm ${year}`, { indent: true, run: { bold: true }, after: 2 }));
    if (deputy) out.push(para(`${deputy} — Phó Trưởng cụm năm ${year}`, { indent: true, run: { bold: true } }));
  }
  heading("GIAO ƯỚC THI ĐUA VÀ XÁC THỰC");
  if (input.pledge) {
    out.push(para(`Bản giao ước thi đua đã được thông qua; số đơn vị đã ký: ${input.pledge.signedCount}/${input.pledge.unitCount}.`, { indent: true, after: 2 }));
    out.push(para([run("Mã băm nội dung giao ước: "), run(input.pledge.textHash, { font: MONO, size: pt(9) })], { indent: true, after: 2 }));
  }
  out.push(para([run("Mã băm đầu nhật ký hội nghị (journal head): "), run(input.journalHead, { font: MONO, size: pt(9) })], { indent: true }));
  out.push(para("Biên bản đã được đọc lại trước hội nghị và được các đại biểu thống nhất thông qua.", { indent: true, after: 12 }));
  const issuer = input.header.left.at(-1) ?? input.cluster.name;
  out.push(
    signatureBlocks([
      { lines: ["THƯ KÝ"], name: input.secretaryName, title: input.secretaryTitle },
      { lines: [`TM. ${issuer.toLocaleUpperCase("vi")}`, "CHỦ TRÌ"], name: input.chairName, title: input.chairTitle },
    ]),
  );
  out.push(...recipients(input.recipients ?? []));
  return pack(out, { draft: input.draft, title: "BIÊN BẢN HỘI NGHỊ" });
}

/** The pledge as .docx: the same canonical lines as the PDF, then the signature grid and the text hash. */
export function renderPledgeDocx(input: PledgePdfInput): Promise<Buffer> {
  const { pledge } = input;
  const out: Array<Paragraph | Table> = [
    headerBlocks({ left: pledge.header.left.map(normalisePledgeLine), right: pledge.header.right.map(normalisePledgeLine), placeDate: normalisePledgeLine(pledge.header.placeDate) }),
    centred(normalisePledgeLine(pledge.header.title), { bold: true, size: pt(14) }, 0),
  ];
  const subtitle = normalisePledgeLine(pledge.header.subtitle ?? "");
  if (subtitle) out.push(centred(subtitle, { bold: true }, 12));
  for (const basis of pledge.legalBases) out.push(para(legalBasisLine(basis), { indent: true, run: { italics: true }, after: 2 }));
  const preamble = normalisePledgeLine(pledge.preamble);
  if (preamble) out.push(para(preamble, { indent: true }));
  for (const section of pledge.sections) {
    out.push(para(normalisePledgeLine(section.heading), { indent: true, run: { bold: true }, keepNext: true }));
    section.commitments.forEach((c, i) => out.push(para(commitmentLine(i, c), { indent: true })));
  }
  out.push(centred(normalisePledgeLine(pledge.signatureCaption), { bold: true }, 12));
  for (let i = 0; i < input.signatures.length; i += 2) {
    out.push(
      signatureBlocks(
        input.signatures.slice(i, i + 2).map((s) => ({
          lines: [s.unitName.normalize("NFC").toLocaleUpperCase("vi"), ...signatureTitleLines(s)],
          note: s.signedAt ? `Đã ký điện tử lúc ${formatVietnamTime(s.signedAt)}` : undefined,
          name: s.signerName,
        })),
      ),
    );
  }
  out.push(...recipients(input.recipients ?? []));
  out.push(para([run("Mã băm nội dung giao ước: ", { size: pt(11) }), run(input.textHash, { font: MONO, size: pt(9) })], { before: 12, after: 2, align: AlignmentType.LEFT }));
  out.push(para([run("Địa chỉ xác thực: ", { size: pt(11) }), run(input.verificationUrl, { font: MONO, size: pt(9) })], { align: AlignmentType.LEFT }));
  return pack(out, { draft: input.draft, title: normalisePledgeLine(pledge.header.title) });
}
