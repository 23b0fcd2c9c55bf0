import { AlignmentType, Document, Packer, Paragraph, TextRun } from "docx";
import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import { publishedPolls } from "../polls/results";
import { formatScore, rankName } from "../pdf";
import { minutesPdfInput } from "./inputs";

/**
 * The news item for the provincial portal, in Vietnamese, written only from the record: the date and
 * place, who chaired (the outgoing head unit), the member units, the agreed ranking (once the table is
 * locked) with the units acclaimed by vote, the head and deputy elected for next year, and the pledge
 * with its number of signatures. A fact the record does not hold yet is left out, never replaced by a
 * placeholder: the item is ready to edit and send as it stands.
 */
export interface PressItem {
  title: string;
  paragraphs: string[];
}

/** "2022-01-14" → "14/01/2022". */
function shortDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** "A", "A và B", "A, B và C". */
function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} và ${names.at(-1)}`;
}

export async function pressItem(ctx: ServerContext, room: MeetingRoom): Promise<PressItem> {
  const def = room.definition;
  const [input, polls] = await Promise.all([minutesPdfInput(ctx, room), publishedPolls(ctx, room.id)]);
  const cluster = def.cluster.name;
  const year = def.cluster.year;
  const chair = def.units.find((u) => u.role === "head")!;
  const paragraphs: string[] = [];

  const where = def.conference.venue ? `, tại ${def.conference.venue}` : "";
  paragraphs.push(
    `Ngày ${shortDate(def.conference.date)}${where}, ${cluster} tỉnh ${def.cluster.province} tổ chức ${def.conference.title.replace(/^Hội nghị/, "hội nghị")}. ` +
      `Hội nghị do ${chair.name}, đơn vị Trưởng cụm năm ${year}, chủ trì.`,
  );
  const { present, absent } = input.attendance;
  // Attendance is the meeting's record (present at the lock and at each decision): none yet, no sentence.
  if (present.length > 0)
    paragraphs.push(
    absent.length === 0
      ? `Tham dự hội nghị có lãnh đạo, đại diện của ${present.length}/${present.length} đơn vị thành viên: ${list(present)}.`
      : `Tham dự hội nghị có lãnh đạo, đại diện của ${present.length}/${present.length + absent.length} đơn vị thành viên: ${list(present)}; vắng ${list(absent)}.`,
  );

  if (room.scoreState.stage === "locked") {
    const ranked = [...input.scores.rows].sort((a, b) => a.rank - b.rank);
    const top = ranked.slice(0, 3).map((r) => `${r.unitName} xếp thứ ${rankName(r.rank)} (${formatScore(r.total)} điểm)`);
    paragraphs.push(`Trên cơ sở kết quả tự chấm, chấm chéo, hội nghị đã thống nhất điểm và xếp hạng thi đua năm ${year} của các đơn vị: ${top.join("; ")}.`);
  }
  // Who passed, from the published result itself (passedUnits), never from its words.
  const acclaimed = polls.filter((p) => p.subject === "ranking" && p.kind === "per_candidate").flatMap((p) => p.passed.map((u) => u.name));
  if (acclaimed.length > 0) {
    const ranking = polls.find((p) => p.subject === "ranking")!;
    const how = ranking.visibility === "secret" ? "bỏ phiếu kín" : "biểu quyết";
    paragraphs.push(`Bằng hình thức ${how}, hội nghị đã suy tôn ${list(acclaimed)} là các đơn vị dẫn đầu ${cluster} năm ${year}.`);
  }
  if (input.elected) {
    const { head, deputy, year: next } = input.elected;
    paragraphs.push(`Hội nghị đã bầu ${head} làm Trưởng cụm${deputy ? `, ${deputy} làm Phó Trưởng cụm` : ""} năm ${next}.`);
  }
  if (input.pledge) {
    const { signedCount, unitCount } = input.pledge;
    const all = signedCount === unitCount;
    paragraphs.push(
      all
        ? `Tại hội nghị, thủ trưởng ${signedCount}/${unitCount} đơn vị thành viên đã ký kết Bản giao ước thi đua năm ${year + 1}.`
        : `Bản giao ước thi đua năm ${year + 1} đã được hội nghị thông qua; đến nay ${signedCount}/${unitCount} đơn vị thành viên đã ký.`,
    );
  }
  const title = input.pledge && input.pledge.signedCount === input.pledge.unitCount
    ? `${cluster} tổng kết công tác thi đua, khen thưởng năm ${year}, ký kết giao ước thi đua năm ${year + 1}`
    : `${cluster} tổng kết công tác thi đua, khen thưởng năm ${year}`;
  return { title, paragraphs };
}

/** Plain text: the title, a blank line, then the paragraphs separated by blank lines. */
export function pressText(item: PressItem): string {
  return `${item.title}\n\n${item.paragraphs.join("\n\n")}\n`;
}

/** The same item as an editable .docx (Times New Roman 13 pt, title bold). */
export function renderPressDocx(item: PressItem): Promise<Buffer> {
  const doc = new Document({
    creator: "Concord",
    title: item.title,
    styles: { default: { document: { run: { font: "Times New Roman", size: 26 } } } },
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: item.title, bold: true, size: 28 })] }),
          ...item.paragraphs.map((p) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, indent: { firstLine: 567 }, spacing: { after: 120 }, children: [new TextRun(p)] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
