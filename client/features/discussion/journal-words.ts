import { formatClock } from "../../../shared/discussion/timer";
import type { JournalEventOf } from "../../../shared/journal/entries";
import { assertNever } from "../../../shared/voting/poll";
import type { DescribeContext } from "../../views/journal/describe";
import { unitShortName } from "../../views/linkWords";

/** The discussion's journal entries (speak.*, document.*, invitations.issued). */
export type DiscussionJournalEvent = JournalEventOf<
  "speak.requested" | "speak.withdrawn" | "speak.reordered" | "speak.given" | "speak.ended" | "document.attached" | "document.shown" | "invitations.issued"
>;

/** The journal page's sentence for a discussion entry. */
export function describeDiscussionEntry(e: DiscussionJournalEvent, ctx: DescribeContext): string {
  const { t, units } = ctx;
  const unit = (code: string) => unitShortName(units, code);
  const kind = (k: "presentation" | "remark") => (k === "presentation" ? t("speak.kind.presentation") : t("speak.kind.remark")).toLowerCase();
  switch (e.type) {
    case "speak.requested":
      return t("ev.speak.requested", { unit: unit(e.data.unit), kind: kind(e.data.kind), id: e.data.requestId });
    case "speak.withdrawn":
      return t("ev.speak.withdrawn", { unit: unit(e.data.unit), id: e.data.requestId });
    case "speak.reordered":
      return t("ev.speak.reordered", { order: e.data.order.join(", ") });
    case "speak.given":
      return t("ev.speak.given", { unit: unit(e.data.unit), kind: kind(e.data.kind), limit: formatClock(e.data.limitS) });
    case "speak.ended":
      return t("ev.speak.ended", { unit: unit(e.data.unit), duration: formatClock(e.data.durationS), limit: formatClock(e.data.limitS) });
    case "document.attached":
      return t("ev.document.attached", { title: e.data.title, pages: e.data.pages, hash: e.data.sha256.slice(0, 12) });
    case "document.shown":
      return e.data.docId !== null ? t("ev.document.shown", { id: e.data.docId, page: e.data.page }) : t("ev.document.hidden");
    case "invitations.issued":
      return t("ev.invitations.issued", { n: e.data.units.length });
    default:
      return assertNever(e);
  }
}
