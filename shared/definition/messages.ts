import type { z } from "zod";
import { meetingDefinitionSchema, type MeetingDefinition } from "./schema";

/**
 * The schema's problems in Vietnamese, each naming the field as the set-up form labels it
 * ("Đơn vị 3 — Tên viết tắt: chưa nhập"), so a person fixes the form without reading JSON paths.
 */
export interface ViProblem {
  /** Dotted path, as parseMeetingDefinition gives it ("units.2.shortName"). */
  path: string;
  /** The field's label in the form: "Đơn vị 3 — Tên viết tắt". */
  field: string;
  /** What is wrong, in Vietnamese. */
  message: string;
}

const FIELD: Record<string, string> = {
  "cluster.id": "Mã cụm",
  "cluster.name": "Tên cụm",
  "cluster.province": "Tỉnh",
  "cluster.year": "Năm tổng kết",
  "cluster.supervisingBody": "Cơ quan chỉ đạo",
  "conference.title": "Tên hội nghị",
  "conference.date": "Ngày hội nghị",
  "conference.venue": "Địa điểm",
  code: "Mã đơn vị",
  name: "Tên",
  shortName: "Tên viết tắt",
  headTitle: "Chức danh thủ trưởng",
  role: "Vai trò",
  crossCheckedBy: "Đơn vị chấm chéo",
  id: "Mã mục",
  max: "Điểm tối đa",
  points: "Số điểm mỗi lần",
  maxCount: "Số lần tối đa",
  title: "Nội dung",
  time: "Giờ",
  owner: "Người thực hiện",
  heading: "Tiêu đề phần",
  quorum: "Điều kiện biểu quyết",
  threshold: "Tỷ lệ thông qua",
  numerator: "Tử số",
  denominator: "Mẫu số",
  comparison: "Phép so sánh",
  base: "Cơ sở tính tỷ lệ",
  tieBreak: "Thứ tự xét khi bằng điểm",
  coreGroupId: "Nhóm tiêu chí xét khi bằng điểm",
  signingOrder: "Thứ tự ký",
  "bonus.cap": "Điểm thưởng tối đa",
  placeDate: "Địa danh, ngày tháng",
  subtitle: "Tiêu đề phụ",
  preamble: "Lời mở đầu",
  signatureCaption: "Dòng chữ trên chỗ ký",
  "discussion.presentationS": "Tham luận tối đa (giây)",
  "discussion.remarkS": "Ý kiến tối đa (giây)",
  "discussion.commentsOpenFrom": "Ngày mở góp ý dự thảo giao ước",
  "speakingLimits.presentationS": "Tham luận (giây)",
  "signatories.chair.name": "Họ tên người chủ trì",
  "signatories.chair.title": "Chức vụ người chủ trì",
  "signatories.secretary.name": "Họ tên thư ký",
  "signatories.secretary.title": "Chức vụ thư ký",
  "speakingLimits.remarkS": "Ý kiến (giây)",
};

/** The form's label of a path: "units.2.shortName" → "Đơn vị 3 — Tên viết tắt". */
export function fieldLabel(path: readonly (string | number)[]): string {
  const p = path.map(String);
  const n = (i: number) => Number(p[i]) + 1;
  const leaf = (from: number) => {
    const rest = p.slice(from);
    const key = rest.filter((x) => !/^\d+$/.test(x)).join(".");
    return FIELD[key] ?? FIELD[rest.at(-1) ?? ""] ?? key;
  };
  const join = (what: string, from: number) => (p.length > from ? `${what} — ${leaf(from)}` : what);
  switch (p[0]) {
    case undefined:
      return "Định nghĩa hội nghị";
    case "cluster":
    case "conference":
      return p.length === 1 ? (p[0] === "cluster" ? "Cụm thi đua" : "Hội nghị") : (FIELD[`${p[0]}.${p[1]}`] ?? p.join("."));
    case "units":
      return p.length === 1 ? "Danh sách đơn vị" : join(`Đơn vị ${n(1)}`, 2);
    case "agenda":
      return p.length === 1 ? "Chương trình" : join(`Chương trình, mục ${n(1)}`, 2);
    case "criteria":
      if (p[1] === "groups") return p.length === 2 ? "Nhóm tiêu chí" : p[3] === "items" ? `Nhóm tiêu chí ${n(2)} — Nội dung ${p.length > 4 ? n(4) : ""}`.trim() : join(`Nhóm tiêu chí ${n(2)}`, 3);
      if (p[1] === "bonus") return p[2] === "items" ? (p.length === 3 ? "Điểm thưởng" : join(`Điểm thưởng, mục ${n(3)}`, 4)) : "Điểm thưởng tối đa";
      if (p[1] === "deductions") return p.length === 2 ? "Điểm trừ" : join(`Điểm trừ, mục ${n(2)}`, 3);
      return "Tiêu chí";
    case "rules":
      return p.length === 1 ? "Quy tắc" : `Quy tắc — ${FIELD[p[1]!] ?? p[1]}${p[2] && !/^\d+$/.test(p[2]) ? ` (${FIELD[p[2]] ?? p[2]})` : ""}`;
    case "pledge":
      if (p[1] === "header") {
        if (p[2] === "left") return `Giao ước — Tiêu đề bên trái${p[3] ? `, dòng ${n(3)}` : ""}`;
        if (p[2] === "right") return `Giao ước — Tiêu đề bên phải${p[3] ? `, dòng ${n(3)}` : ""}`;
        return `Giao ước — ${FIELD[p[2] ?? ""] ?? "Tên giao ước"}`;
      }
      if (p[1] === "legalBases") return p.length === 2 ? "Giao ước — Căn cứ" : `Giao ước — Căn cứ ${n(2)}`;
      if (p[1] === "sections") {
        if (p.length === 2) return "Giao ước — Các phần";
        if (p[3] === "commitments") return p.length === 4 ? `Giao ước, phần ${n(2)} — Cam kết` : `Giao ước, phần ${n(2)} — Cam kết ${n(4)}`;
        return `Giao ước, phần ${n(2)} — Tiêu đề phần`;
      }
      return `Giao ước — ${FIELD[p[1] ?? ""] ?? p[1]}`;
    case "discussion":
      return p.length === 1 ? "Thảo luận" : `Thảo luận — ${FIELD[`discussion.${p[1]}`] ?? p[1]}`;
    case "signatories":
      return p.length === 1 ? "Người ký biên bản" : `Người ký biên bản — ${FIELD[p.join(".")] ?? (p[1] === "chair" ? "Chủ trì" : p[1] === "secretary" ? "Thư ký" : p.slice(1).join("."))}`;
    case "scores":
      return p.length === 1 ? "Điểm nhập trước" : `Điểm nhập trước, dòng ${n(1)}`;
    default:
      return p.join(".");
  }
}

const MESSAGES_BY_PATTERN: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^unit code (\S+) is used twice$/, (m) => `mã đơn vị ${m[1]} bị trùng`],
  [/^exactly one unit must be the head \(found (\d+)\)$/, (m) => `phải có đúng một đơn vị là Trưởng cụm (đang có ${m[1]})`],
  [/^at most one unit can be the deputy$/, () => "chỉ được một đơn vị là Phó Trưởng cụm"],
  [/^no unit has code (\S+)$/, (m) => `không có đơn vị nào mã ${m[1]}`],
  [/^a unit cannot cross-check itself$/, () => "đơn vị không tự chấm chéo cho mình"],
  [/^criterion id (\S+) is used twice$/, (m) => `mã ${m[1]} bị trùng với một mục khác`],
  [/^no criteria group has id (\S+)$/, (m) => `không có nhóm tiêu chí nào mã ${m[1]}`],
  [/^a tie-break rule is listed twice$/, () => "một cách xét bị chọn hai lần"],
  [/^the share cannot exceed 1$/, () => "tử số không được lớn hơn mẫu số"],
  [/^a unit code is/, () => "mã đơn vị gồm 2–16 chữ in hoa, chữ số hoặc _, bắt đầu bằng chữ (ví dụ SNGV)"],
  [/^an id is/, () => "mã gồm 1–16 chữ cái, chữ số hoặc _, bắt đầu bằng chữ (ví dụ G1)"],
  [/^a cluster id is/, () => "mã cụm gồm chữ thường không dấu và chữ số, nối bằng - (ví dụ thanh-hoa-cum-8)"],
  [/^time is HH:MM$/, () => "giờ viết dạng HH:MM (ví dụ 08:30)"],
  [/^date is YYYY-MM-DD$/, () => "ngày chưa đúng dạng năm-tháng-ngày"],
  [/^comments open before the conference date$/, () => "ngày mở góp ý phải trước ngày hội nghị"],
  [/^scores have at most one decimal place$/, () => "điểm chỉ có tối đa một chữ số thập phân"],
  [/is above the group's maximum (\S+)$/, (m) => `vượt điểm tối đa ${m[1]}`],
  [/is above the item's maximum count (\S+)$/, (m) => `vượt số lần tối đa ${m[1]}`],
  [/^scores for (\S+) are given twice$/, (m) => `điểm của ${m[1]} được nhập hai lần`],
];

/** One zod issue in Vietnamese (never "Required"). */
export function issueMessage(issue: z.ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined" || issue.received === "null") return "chưa nhập";
      return issue.expected === "number" || issue.expected === "integer" ? "phải là một số" : "giá trị không đúng kiểu";
    case "too_small":
      if (issue.type === "string") return Number(issue.minimum) <= 1 ? "không được để trống" : `cần ít nhất ${issue.minimum} ký tự`;
      if (issue.type === "array") return `cần ít nhất ${issue.minimum} mục`;
      return issue.inclusive ? `phải từ ${issue.minimum} trở lên` : `phải lớn hơn ${issue.minimum}`;
    case "too_big":
      if (issue.type === "string") return `quá dài (tối đa ${issue.maximum} ký tự)`;
      if (issue.type === "array") return `nhiều nhất ${issue.maximum} mục`;
      return issue.inclusive ? `không được quá ${issue.maximum}` : `phải nhỏ hơn ${issue.maximum}`;
    case "invalid_enum_value":
      return "hãy chọn một giá trị trong danh sách";
    case "not_finite":
      return "phải là một số";
    case "invalid_date":
    case "invalid_string":
    case "custom":
    default: {
      for (const [re, vi] of MESSAGES_BY_PATTERN) {
        const m = re.exec(issue.message);
        if (m) return vi(m);
      }
      if (issue.code === "invalid_type" as string) return "giá trị không đúng kiểu";
      return "giá trị không hợp lệ";
    }
  }
}

export type ViCheckResult = { ok: true; definition: MeetingDefinition } | { ok: false; problems: ViProblem[] };

/** Checks a definition with the one schema; every problem names its field in Vietnamese. */
export function checkDefinitionVi(input: unknown): ViCheckResult {
  const result = meetingDefinitionSchema.safeParse(input);
  if (result.success) return { ok: true, definition: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => ({ path: i.path.join(".") || "(root)", field: fieldLabel(i.path), message: issueMessage(i) })),
  };
}
