import { FONT } from "./fonts";
import { contentWidth, ensureSpace, paragraph, SMALL_SIZE, type Doc } from "./layout";
import { drawTable } from "./table";

/** What the minutes print of the discussion (server/discussion/summary.ts fills it). */
export interface MinutesDiscussion {
  /** One row per turn that ended, in speaking order. */
  speakers: Array<{ unitName: string; kindLabel: string; agendaTitle: string; from: string; to: string; duration: string; overrun: string | null }>;
  /** Documents attached to the meeting, with their SHA-256. */
  documents: Array<{ title: string; pages: number; agendaLabel: string | null; sha256: string }>;
}

/** "THẢO LUẬN, THAM LUẬN": who spoke, from when to when and for how long; then the documents and their hashes. */
export function drawDiscussion(doc: Doc, d: MinutesDiscussion, heading: (text: string, keepWith?: number) => void): void {
  if (d.speakers.length === 0 && d.documents.length === 0) return;
  heading("THẢO LUẬN, THAM LUẬN VÀ TÀI LIỆU HỘI NGHỊ", 120);
  if (d.speakers.length > 0) {
    paragraph(doc, `Hội nghị đã nghe ${d.speakers.length} lượt tham luận, ý kiến:`, { gap: 4 });
    drawTable(
      doc,
      [
        { header: "STT", weight: 0.6, align: "center", nowrap: true },
        { header: "Đơn vị", weight: 3 },
        { header: "Hình thức", weight: 1.2, nowrap: true },
        { header: "Thời gian", weight: 1.3, align: "center", nowrap: true },
        { header: "Thời lượng", weight: 1.3, align: "center", nowrap: true },
      ],
      d.speakers.map((s, i) => [String(i + 1), s.unitName, s.kindLabel, `${s.from}–${s.to}`, s.overrun ? `${s.duration}\n(quá ${s.overrun})` : s.duration]),
      { size: 10 },
    );
    doc.y += 4;
  }
  if (d.documents.length > 0) {
    ensureSpace(doc, 60);
    paragraph(doc, "Tài liệu hội nghị (mã băm SHA-256 của từng tệp):", { gap: 2 });
    d.documents.forEach((x, i) => {
      ensureSpace(doc, 34);
      paragraph(doc, `${i + 1}. ${x.title} (${x.pages} trang${x.agendaLabel ? `; ${x.agendaLabel}` : ""})`, { gap: 0 });
      doc
        .font(FONT.mono)
        .fontSize(SMALL_SIZE - 1.5)
        .text(x.sha256, doc.page.margins.left + 28, doc.y, { width: contentWidth(doc) - 28 });
      doc.y += 3;
    });
  }
}
