import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import { minutesInput } from "../minutes/assemble";
import { upper } from "../pdf/layout";
import { lowerFirst } from "../text";
import type { DocumentHeader } from "../pdf/types";
import { discussionSummary } from "./summary";

/** The number line of the conclusion notice. */
export const CONCLUSION_NUMBER = "Số: …/TB-CTĐ";

/** Everything the conclusion notice (thông báo kết luận) prints, drafted from the meeting's record. */
export interface ConclusionInput {
  header: DocumentHeader;
  clusterName: string;
  year: number;
  conference: { title: string; date: string; venue?: string };
  attendance: { present: number; members: number };
  /** The agreed ranking, best first; empty until the score table is locked. */
  ranking: { rank: number; unitName: string; total: number }[];
  /** Published polls: title and the result as read out. */
  decisions: { title: string; outcome: string }[];
  elected?: { year: number; head: string; deputy?: string };
  pledge?: { signedCount: number; unitCount: number; textHash: string };
  /** Units that presented or remarked, in speaking order (a unit once per kind). */
  speakers: { unitName: string; kindLabel: string }[];
  documents: { title: string }[];
  signer: string[];
  recipients: string[];
  journalHead: string;
  /** "DỰ THẢO" until the minutes are final (table locked, pledge final). */
  draft: boolean;
}

/**
 * Drafts the conclusion notice from the same record as the minutes (scores, polls, election, pledge)
 * and the discussion (who spoke, the documents); the secretary edits the .docx before it is signed.
 */
export async function conclusionInput(ctx: ServerContext, room: MeetingRoom): Promise<ConclusionInput> {
  const def = room.definition;
  const [minutes, discussion] = await Promise.all([minutesInput(ctx, room), discussionSummary(ctx, room)]);
  const { present, absent, partial = [] } = minutes.attendance;
  const seen = new Set<string>();
  const speakers = discussion.speakers.filter((s) => {
    const key = `${s.unitName}\n${s.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    header: { ...minutes.header, number: CONCLUSION_NUMBER },
    clusterName: def.cluster.name,
    year: def.cluster.year,
    conference: def.conference,
    attendance: { present: present.length + partial.length, members: present.length + partial.length + absent.length },
    ranking: room.scoreState.stage !== "locked" ? [] : [...minutes.scores.rows].sort((a, b) => a.rank - b.rank).map((r) => ({ rank: r.rank, unitName: r.unitName, total: r.total })),
    decisions: minutes.polls.map((p) => ({ title: p.title, outcome: p.outcome })),
    elected: minutes.elected,
    pledge: minutes.pledge,
    speakers: speakers.map((s) => ({ unitName: s.unitName, kindLabel: s.kindLabel })),
    documents: discussion.documents.map((d) => ({ title: d.title })),
    signer: [`TM. ${upper(def.pledge.header.left.at(-1) ?? def.cluster.name)}`, "TRƯỞNG CỤM"],
    recipients: ["Ban Thi đua – Khen thưởng tỉnh (để báo cáo)", "Các đơn vị thành viên Cụm", "Lưu: VT, Cụm."],
    journalHead: minutes.journalHead,
    draft: minutes.draft,
  };
}

/** A numbered part of the notice: its heading, paragraphs, and a hash printed in a fixed-width face. */
export interface ConclusionBlock {
  heading?: string;
  text: string[];
  mono?: { label: string; value: string };
}

/** The notice's paragraphs as plain text, shared by the PDF and the .docx so both say the same. */
export function conclusionParagraphs(c: ConclusionInput): ConclusionBlock[] {
  const score = (n: number) => n.toFixed(1).replace(".", ",");
  const blocks: ConclusionBlock[] = [];
  const where = c.conference.venue ? `, tại ${c.conference.venue}` : "";
  blocks.push({
    text: [
      `Ngày ${dayMonthYear(c.conference.date)}${where}, ${c.clusterName} tổ chức ${lowerFirst(c.conference.title)}. Tham dự có ${c.attendance.present}/${c.attendance.members} đơn vị thành viên.`,
      `Sau khi nghe báo cáo tổng kết${c.speakers.length ? ", các tham luận và ý kiến của đơn vị thành viên" : ""}, Hội nghị thống nhất kết luận như sau:`,
    ],
  });
  let n = 1;
  blocks.push({
    heading: `${n++}. Kết quả chấm điểm, xếp hạng thi đua năm ${c.year}`,
    text: c.ranking.length ? c.ranking.map((r) => `Xếp thứ ${r.rank}: ${r.unitName} — ${score(r.total)} điểm.`) : ["Bảng điểm chưa được khóa; kết quả xếp hạng sẽ được bổ sung."],
  });
  if (c.decisions.length)
    blocks.push({ heading: `${n++}. Kết quả biểu quyết, bỏ phiếu`, text: c.decisions.map((d) => `${d.title}: ${d.outcome}`) });
  if (c.elected)
    blocks.push({
      heading: `${n++}. Trưởng cụm, Phó Trưởng cụm năm ${c.elected.year}`,
      text: [`${c.elected.head} — Trưởng cụm năm ${c.elected.year}.`, ...(c.elected.deputy ? [`${c.elected.deputy} — Phó Trưởng cụm năm ${c.elected.year}.`] : [])],
    });
  if (c.pledge)
    blocks.push({
      heading: `${n++}. Giao ước thi đua năm ${c.year + 1}`,
      text: [`Các đơn vị đã ký giao ước thi đua: ${c.pledge.signedCount}/${c.pledge.unitCount} đơn vị.`],
      mono: { label: "Mã băm nội dung giao ước:", value: c.pledge.textHash },
    });
  if (c.speakers.length || c.documents.length)
    blocks.push({
      heading: `${n++}. Tham luận, ý kiến và tài liệu hội nghị`,
      text: [
        ...(c.speakers.length ? [`Các đơn vị đã trình bày: ${c.speakers.map((s) => `${s.unitName} (${s.kindLabel.toLowerCase()})`).join("; ")}.`] : []),
        ...(c.documents.length ? [`Tài liệu hội nghị: ${c.documents.map((d) => d.title).join("; ")}.`] : []),
      ],
    });
  blocks.push({
    heading: `${n}. Tổ chức thực hiện`,
    text: [
      "Đề nghị các đơn vị thành viên căn cứ kết quả Hội nghị và nội dung giao ước thi đua, triển khai thực hiện tại đơn vị; đơn vị Trưởng cụm tổng hợp, báo cáo Ban Thi đua – Khen thưởng tỉnh theo quy định.",
    ],
    mono: { label: "Mã băm đầu nhật ký hội nghị (journal head):", value: c.journalHead },
  });
  return blocks;
}

function dayMonthYear(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}
