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
  formatScore,
  labelled,
  paragraph,
  drawRecipients,
  drawSignatureBlocks,
  toBuffer,
  upper,
  type Doc,
} from "./layout";
import { drawTable } from "./table";
import { drawDiscussion } from "./discussion-section";
import type { MinutesPdfInput, MinutesPoll } from "./types";

/** The number line of the minutes: the number itself is written in by the clerk when registered. */
export const MINUTES_NUMBER = "Số: …/BB-CTĐ";

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];
const ORDINAL = ["Nhất", "Nhì", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười"];

/** "Nhất", "Nhì" … for ranks 1–10, then "thứ 11" style numbers. */
export function rankName(rank: number): string {
  return ORDINAL[rank - 1] ?? String(rank);
}

/** "2022-01-14" → "ngày 14 tháng 01 năm 2022". */
export function vietnameseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `ngày ${m[3]} tháng ${m[2]} năm ${m[1]}` : isoDate;
}

/** The conference minutes (biên bản hội nghị): attendance, agreed scores and ranking, votes, election, pledge. */
export async function renderMinutesPdf(input: MinutesPdfInput): Promise<Buffer> {
  const doc = createDocument("BIÊN BẢN HỘI NGHỊ");
  drawHeader(doc, { ...input.header, number: input.header.number ?? MINUTES_NUMBER });
  centredHeading(doc, "BIÊN BẢN HỘI NGHỊ", 14);
  centredHeading(doc, input.conference.title, 13);
  doc.y += 12;

  let section = 0;
  const heading = (text: string, keepWith = 60) => {
    doc.y += 4;
    ensureSpace(doc, keepWith);
    paragraph(doc, `${ROMAN[section++] ?? section}. ${text}`, { font: FONT.bold, indent: 0, gap: 3 });
  };

  heading("THỜI GIAN, ĐỊA ĐIỂM");
  labelled(doc, "Thời gian:", vietnameseDate(input.conference.date));
  if (input.conference.venue) labelled(doc, "Địa điểm:", input.conference.venue);

  heading("THÀNH PHẦN THAM DỰ");
  // The meeting's record (server/minutes/attendance.ts): present at every decision, at some, at none.
  const { present, absent, partial = [], decisions = [] } = input.attendance;
  const members = present.length + absent.length + partial.length;
  const throughout = decisions.length > 0 ? " (tại mọi quyết định)" : "";
  labelled(doc, "Có mặt:", `${present.length}/${members} đơn vị thành viên${throughout}${present.length ? `: ${present.join("; ")}` : ""}.`);
  if (partial.length > 0) labelled(doc, "Có mặt một phần:", `${partial.map((p) => `${p.name} (vắng khi ${p.absentAt.join(", ")})`).join("; ")}.`);
  labelled(doc, "Vắng:", absent.length === 0 ? "không." : `${absent.length} đơn vị: ${absent.join("; ")}.`);
  for (const d of decisions)
    labelled(doc, `Khi ${d.label} (${d.time}):`, `có mặt ${d.present.length}/${members}; vắng: ${d.absent.length === 0 ? "không" : d.absent.join("; ")}.`);

  heading(`KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA NĂM ${input.cluster.year}`, 160);
  drawScores(doc, input);

  if (input.polls.length > 0) {
    heading("KẾT QUẢ BIỂU QUYẾT, BỎ PHIẾU", 120);
    input.polls.forEach((poll, i) => drawPoll(doc, poll, i + 1));
  }

  if (input.elected) {
    const { year, head, deputy } = input.elected;
    heading(`BẦU TRƯỞNG CỤM, PHÓ TRƯỞNG CỤM NĂM ${year}`);
    paragraph(doc, `${head} — Trưởng cụm năm ${year}`, { font: FONT.bold, gap: 1 });
    if (deputy) paragraph(doc, `${deputy} — Phó Trưởng cụm năm ${year}`, { font: FONT.bold, gap: 1 });
  }

  if (input.discussion) drawDiscussion(doc, input.discussion, heading);

  heading("GIAO ƯỚC THI ĐUA VÀ XÁC THỰC");
  if (input.pledge) {
    const { signedCount, unitCount, textHash } = input.pledge;
    paragraph(doc, `Bản giao ước thi đua đã được thông qua; số đơn vị đã ký: ${signedCount}/${unitCount}.`, {
      gap: 1,
    });
    monoLine(doc, "Mã băm nội dung giao ước:", textHash);
  }
  monoLine(doc, "Mã băm đầu nhật ký hội nghị (journal head):", input.journalHead);

  drawClosing(doc, input);
  finishPages(doc, { draft: input.draft, pageNumbers: true });
  return toBuffer(doc);
}

function monoLine(doc: Doc, label: string, hash: string): void {
  ensureSpace(doc, 34);
  doc
    .font(FONT.regular)
    .fontSize(BODY_SIZE)
    .text(label, doc.page.margins.left + 28, doc.y, { width: contentWidth(doc) - 28 });
  doc
    .font(FONT.mono)
    .fontSize(9)
    .text(hash, doc.page.margins.left + 28, doc.y + 1, { width: contentWidth(doc) - 28 });
  doc.y += 4;
}

function drawScores(doc: Doc, input: MinutesPdfInput): void {
  const { groups, rows } = input.scores;
  const ranked = [...rows].sort((a, b) => a.rank - b.rank);
  paragraph(doc, "Hội nghị thống nhất kết quả chấm điểm (điểm thống nhất) của các đơn vị như sau:", {
    gap: 4,
  });
  drawTable(
    doc,
    [
      { header: "STT", weight: 0, align: "center", nowrap: true },
      { header: "Đơn vị", weight: 1 },
      ...groups.map((g) => ({
        header: `${g.label}\n(${formatScore(g.max).replace(/,0$/, "")})`,
        weight: 0,
        align: "center" as const,
        nowrap: true,
      })),
      { header: "Thưởng", weight: 0, align: "center", nowrap: true },
      { header: "Trừ", weight: 0, align: "center", nowrap: true },
      { header: "Tổng", weight: 0, align: "center", nowrap: true },
      { header: "Xếp\nhạng", weight: 0, align: "center", nowrap: true },
    ],
    ranked.map((r, i) => [
      String(i + 1),
      r.unitName,
      ...groups.map((g) => formatScore(r.groups[g.id] ?? 0)),
      formatScore(r.bonus),
      formatScore(r.deduction),
      formatScore(r.total),
      String(r.rank),
    ]),
    { size: 11, minSize: 8, boldRows: ranked.flatMap((r, i) => (r.rank === 1 ? [i] : [])) },
  );

  // The legend keeps the columns narrow: each group's full name once, under the table.
  doc.font(FONT.italic).fontSize(SMALL_SIZE - 1);
  const legend = groups.map((g) => `${g.label}: ${g.name} (tối đa ${formatScore(g.max)} điểm)`).join("; ");
  doc.text(`Ghi chú: ${legend}.`, doc.page.margins.left, doc.y, {
    width: contentWidth(doc),
    align: "justify",
  });
  doc.y += 6;

  // The ranking is read as one list: keep it on one page.
  ensureSpace(doc, 24 + ranked.length * BODY_SIZE * 1.35);
  paragraph(doc, "Kết quả xếp hạng:", { font: FONT.bold, indent: 0, gap: 1 });
  for (const r of ranked)
    paragraph(doc, `Xếp thứ ${rankName(r.rank)}: ${r.unitName} — ${formatScore(r.total)} điểm`, { gap: 0 });
}

function drawPoll(doc: Doc, poll: MinutesPoll, n: number): void {
  // A poll is read as one block (form, counts, rule, result): keep it on one page when it fits.
  ensureSpace(doc, 150 + poll.rows.length * 15);
  paragraph(doc, `${n}. ${poll.title}`, { font: FONT.bold, gap: 1 });
  labelled(doc, "Hình thức:", poll.visibility === "secret" ? "bỏ phiếu kín." : "biểu quyết giơ tay.");
  labelled(doc, "Số phiếu:", `${poll.cast}/${poll.base.count} (${poll.base.description}).`);
  const firstColumn = poll.kind === "choice" ? "Phương án" : "Nội dung";
  drawTable(
    doc,
    [
      { header: firstColumn, weight: 4 },
      ...poll.columns.map((c) => ({ header: c, weight: 1.4, align: "center" as const })),
    ],
    poll.rows.map((r) => [r.label, ...poll.columns.map((_, i) => String(r.counts[i] ?? 0))]),
    { size: 11 },
  );
  labelled(doc, "Quy định:", `${poll.threshold}.`);
  labelled(doc, "Kết quả:", poll.outcome, FONT.italic);
  doc.y += 4;
}

/**
 * "Biên bản … thông qua", then the signature blocks of Decree 30: the secretary at left ("THƯ KÝ"),
 * at right the chair on behalf of the cluster ("TM. CỤM THI ĐUA …" over "CHỦ TRÌ"), the names
 * under the space for the signatures; then "Nơi nhận" at left.
 */
function drawClosing(doc: Doc, input: MinutesPdfInput): void {
  ensureSpace(doc, 190);
  paragraph(doc, "Biên bản đã được đọc lại trước hội nghị và được các đại biểu thống nhất thông qua.", { gap: 16 });
  const issuer = input.header.left.at(-1) ?? input.cluster.name;
  drawSignatureBlocks(doc, [
    { lines: ["THƯ KÝ"], name: input.secretaryName, title: input.secretaryTitle },
    { lines: [`TM. ${upper(issuer)}`, "CHỦ TRÌ"], name: input.chairName, title: input.chairTitle },
  ]);
  drawRecipients(doc, input.recipients ?? []);
}
