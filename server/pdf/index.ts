/** Printed documents of the meeting: the signed pledge and the minutes. */
export { renderPledgePdf, signatureTitleLines, formatVietnamTime } from "./pledge";
export { renderMinutesPdf, rankName, vietnameseDate } from "./minutes";
export { formatScore, DRAFT_MARK } from "./layout";
export type * from "./types";
