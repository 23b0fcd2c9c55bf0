/**
 * The two Yjs documents of a meeting, at /yjs/<meetingId>/<doc>. Their structure is created by the
 * server (server/yjs/structure.ts); docs/protocol.md describes every key and who may write it.
 */
export const DOC_NAMES = ["scores", "pledge"] as const;
export type DocName = (typeof DOC_NAMES)[number];

export function isDocName(s: string): s is DocName {
  return (DOC_NAMES as readonly string[]).includes(s);
}

/** scores: units.<CODE>.<layer>.<criterion id> = number (group points) or count (bonus/deduction). */
export { SCORE_LAYERS, type ScoreLayerName as ScoreLayer } from "../scoring/types";

/**
 * Why the server refused a Yjs update (sent as `refused:<CODE>:<path>\n<message>`). The code is what
 * clients branch on; the path names the refused cell; the message is for people, in Vietnamese, and
 * no client decision reads it. The English explanation stays in the server's log.
 */
export const YJS_REFUSALS = {
  /** Not a Yjs update, or an unknown message. */
  MALFORMED: "Thay đổi không đọc được; đã tải lại tài liệu.",
  /** The big screen and the public follow link write nothing. */
  READ_ONLY: "Liên kết này chỉ được xem, không được sửa.",
  /** The score table is locked: nobody writes it. */
  LOCKED: "Bảng điểm đã khoá; không sửa được nữa.",
  /** The pledge is frozen: nobody writes it. */
  FROZEN: "Bản giao ước đã chốt; không sửa được nữa.",
  /** A vote on adopting the pledge is running: its draft is the text being voted on. */
  VOTE_OPEN: "Đang biểu quyết thông qua giao ước: dự thảo chỉ được đọc cho đến khi công bố kết quả.",
  /** The role or unit may not write this key (another unit's row, the draft for a delegate…). */
  FORBIDDEN: "Bạn không có quyền sửa mục này.",
  /** The score layer is not open in the current stage. */
  NOT_OPEN: "Lớp điểm này chưa mở hoặc đã đóng.",
  /** A value outside what the key allows (score range, note length, draft shape). */
  BAD_VALUE: "Giá trị không hợp lệ.",
  /** Structure the server owns (roots, unit rows, layers, meta, clients). */
  STRUCTURE: "Cấu trúc tài liệu do máy chủ quản lý.",
  /** A proposal that is not { section, index, text } within the current draft. */
  BAD_PROPOSAL: "Đề xuất phải chỉ đúng mục, đúng ý trong dự thảo, nội dung tối đa 2.000 ký tự.",
  /** Before discussion.commentsOpenFrom: the pledge draft is not yet open for delegates' proposals. */
  NOT_YET: "Chưa đến ngày mở góp ý dự thảo giao ước; chưa gửi được đề xuất.",
  /** More proposals than a unit (or the document) may have. */
  TOO_MANY_PROPOSALS: "Đơn vị đã có quá nhiều đề xuất; hãy rút bớt trước khi thêm.",
  /** The document would grow beyond its size limit. */
  DOC_TOO_LARGE: "Tài liệu đã quá lớn; thay đổi không được lưu.",
  /** The update carries a client id bound to another device. */
  FOREIGN_CLIENT: "Thay đổi mang mã thiết bị của máy khác.",
  /** More new client ids in one update than a device ever needs. */
  TOO_MANY_CLIENTS: "Thay đổi mang quá nhiều mã thiết bị.",
  /** Structs without content (GC or skip) for a client id: nothing a device writes by itself. */
  NO_CONTENT: "Thay đổi không có nội dung.",
  /** The update depends on changes the server does not have. */
  MISSING_DEPS: "Thiếu các thay đổi trước đó; đang đồng bộ lại.",
  /** An awareness state that names another device or breaks its limits. */
  BAD_AWARENESS: "Trạng thái hiện diện không hợp lệ.",
  /** The meeting is archived: read-only for everyone. */
  ARCHIVED: "Hội nghị đã lưu trữ, chỉ xem được; không thay đổi được gì nữa.",
  /** The server could not check or store the change; nothing was applied. */
  SERVER_ERROR: "Máy chủ không lưu được thay đổi; hãy thử lại.",
} as const;
export type YjsRefusalCode = keyof typeof YJS_REFUSALS;

/** The path of a refusal that is about no one cell (a locked table, a malformed update, a foreign client id…). */
export const YJS_WHOLE_UPDATE = "*";

export interface YjsRefusal {
  code: YjsRefusalCode;
  /**
   * The refused cell, as a dotted path into the document ("units.BDT.self.G1", "units.BDT.notes.G2",
   * "proposals.BDT:a1", "draft.title"), or YJS_WHOLE_UPDATE.
   */
  path: string;
}

const REFUSAL_PREFIX = "refused:";
/** Paths are the document's keys, which a client chooses: cut to a length a log line and a toast can take. */
const MAX_PATH_CHARS = 200;

/** The reason string of a permission-denied message; `messages` only for tests that reword them. */
export function formatYjsRefusal(
  r: YjsRefusal,
  messages: Record<YjsRefusalCode, string> = YJS_REFUSALS,
): string {
  const path = r.path.replace(/[\r\n]/g, " ").slice(0, MAX_PATH_CHARS) || YJS_WHOLE_UPDATE;
  return `${REFUSAL_PREFIX}${r.code}:${path}\n${messages[r.code]}`;
}

/** Reads a reason string; null when it is not a refusal in this format. */
export function parseYjsRefusal(reason: string): (YjsRefusal & { message: string }) | null {
  const m = /^refused:([A-Z_]+):([^\n]*)(?:\n([\s\S]*))?$/.exec(reason);
  if (!m || !Object.prototype.hasOwnProperty.call(YJS_REFUSALS, m[1]!)) return null;
  const code = m[1] as YjsRefusalCode;
  return { code, path: m[2] || YJS_WHOLE_UPDATE, message: m[3] ?? "" };
}
