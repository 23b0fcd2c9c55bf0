import type { PledgeDraft } from "../../shared/definition/schema";
import type { MinutesDiscussion } from "./discussion-section";

/**
 * Plain inputs for the two printed documents. The renderers never read the database:
 * the caller (the meeting room, the demo CLI, a test) fills these from what it holds.
 */

/** A point of a finger stroke, normalised to the signing pad: 0..1 from the left, 0..1 from the top. */
export type StrokePoint = [x: number, y: number];

/** One cell of the pledge's signature grid, in print order (new head, deputy, then the others). */
export interface PledgeSignatureEntry {
  /** "Ban Dân tộc tỉnh Thanh Hóa"; printed in capitals. */
  unitName: string;
  /** The signer's own title, "Trưởng ban", "Phó Giám đốc"; printed in capitals. */
  title: string;
  /** A deputy signing for the head: printed "KT. GIÁM ĐỐC" above the signer's own title. */
  onBehalf?: { representedTitle: string };
  /** Full name, printed bold under the signature; absent while the unit has not signed. */
  signerName?: string;
  /** ISO time of signing (shown on the verification page). */
  signedAt?: string;
  /** The drawing, one array of points per finger stroke. */
  strokes?: StrokePoint[][];
  /** sha256 of the signature record, as written in the journal. */
  signatureHash?: string;
}

export interface PledgePdfInput {
  pledge: PledgeDraft;
  /** pledgeHash(pledge): the frozen canonical text's sha256. */
  textHash: string;
  /** Prints "DỰ THẢO" on every page. */
  draft: boolean;
  signatures: PledgeSignatureEntry[];
  /** Hash of the last journal entry when the PDF was made. */
  journalHead: string;
  /** Where anyone can check the hashes; printed as text and as a QR code. */
  verificationUrl: string;
  /** "Nơi nhận" lines under the signatures (not part of the canonical text). */
  recipients?: string[];
}

/** The two-column heading of a Vietnamese administrative document. */
export interface DocumentHeader {
  /** ["UBND TỈNH THANH HÓA", "CỤM THI ĐUA SỐ 8"]: the last line is the issuing body, printed bold. */
  left: string[];
  /** ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]. */
  right: string[];
  /** "Thanh Hóa, ngày 14 tháng 01 năm 2022", printed in italics under the right column. */
  placeDate: string;
  /** The document number line under the issuing body, "Số: …/BB-CTĐ" (minutes); none on the pledge. */
  number?: string;
}

export interface MinutesScoreGroup {
  id: string;
  /** Column heading, short: "I", "II" … ; the full name goes in the legend under the table. */
  label: string;
  name: string;
  max: number;
}

/** One unit's agreed scores. */
export interface MinutesScoreRow {
  unitName: string;
  /** Points per group id. */
  groups: Record<string, number>;
  bonus: number;
  deduction: number;
  total: number;
  /** 1 = leads the cluster. */
  rank: number;
}

export interface MinutesPoll {
  title: string;
  /** Shown as the form of the vote. */
  visibility: "secret" | "open";
  /** "approve": for / against / abstain per row; "choice": one count per option. */
  kind: "approve" | "choice";
  /** Column headings of the count table, e.g. ["Đồng ý", "Không đồng ý", "Không ý kiến"] or ["Số phiếu"]. */
  columns: string[];
  /** One row per candidate or option; counts line up with `columns`. */
  rows: Array<{ label: string; counts: number[] }>;
  /** Ballots (or raised hands) counted. */
  cast: number;
  /** What the threshold is measured against, "tổng số đơn vị thành viên", and its size. */
  base: { description: string; count: number };
  /** "trên 1/2 tổng số đơn vị thành viên". */
  threshold: string;
  /** The result as read out, one or more sentences. */
  outcome: string;
}

/** Who was recorded present at one decision of the meeting. */
export interface MinutesDecisionAttendance {
  /** "khóa bảng điểm", "biểu quyết «Bầu Trưởng cụm năm 2022»". */
  label: string;
  /** "08:40", Vietnam time. */
  time: string;
  /** Unit names. */
  present: string[];
  absent: string[];
}

/** A unit present at some decisions only (arrived late, left early). */
export interface MinutesPartialAttendance {
  /** Unit name. */
  name: string;
  /** Labels (with times) of the decisions it was absent from: "khóa bảng điểm (08:40)". */
  absentAt: string[];
}

export interface MinutesPdfInput {
  header: DocumentHeader;
  cluster: { name: string; province: string; year: number };
  conference: { title: string; date: string; venue?: string };
  /**
   * The meeting's record of attendance, not the live state when the PDF is made. `present`: units
   * recorded present at every decision; `absent`: at none; `partial`: at some, with the decisions
   * they missed; `decisions`: who was present at each (the score lock, each published poll's close).
   * With no decision recorded yet, `present`/`absent` are the roll call of the moment (draft minutes).
   */
  attendance: { present: string[]; absent: string[]; partial?: MinutesPartialAttendance[]; decisions?: MinutesDecisionAttendance[] };
  /** The agreed layer, one row per unit, any order (printed by rank). */
  scores: { groups: MinutesScoreGroup[]; rows: MinutesScoreRow[] };
  polls: MinutesPoll[];
  /** Next year's head and deputy (unit names) and the year they serve. */
  elected?: { year: number; head: string; deputy?: string };
  pledge?: { textHash: string; signedCount: number; unitCount: number };
  journalHead: string;
  /**
   * Printed under the closing signatures when the definition names them (definition.signatories): the
   * name in bold, the title under it. Absent, the space is left for a handwritten name.
   */
  secretaryName?: string;
  secretaryTitle?: string;
  chairName?: string;
  chairTitle?: string;
  /** "Nơi nhận" lines at the foot ("Ban Thi đua – Khen thưởng tỉnh (để báo cáo)", …). */
  recipients?: string[];
  /** Who spoke and the documents attached (issue 15; server/pdf/discussion-section.ts). */
  discussion?: MinutesDiscussion;
  draft: boolean;
}
