import { formatClock } from "../../../shared/discussion/timer";
import type { DescribeContext } from "../../views/journal/describe";
import { unitShortName } from "../../views/linkWords";

type Data = Record<string, unknown>;
const str = (d: Data, k: string): string => (typeof d[k] === "string" ? (d[k] as string) : "");
const num = (d: Data, k: string): number => (typeof d[k] === "number" ? (d[k] as number) : 0);

/** The journal page's sentence for a discussion entry (speak.*, document.*, invitations.issued); null for others. */
export function describeDiscussionEntry(type: string, d: Data, ctx: DescribeContext): string | null {
  const { t, units } = ctx;
  const unit = unitShortName(units, str(d, "unit"));
  const kind = () => (str(d, "kind") === "presentation" ? t("speak.kind.presentation") : t("speak.kind.remark"));
  switch (type) {
    case "speak.requested":
      return t("ev.speak.requested", { unit, kind: kind().toLowerCase(), id: str(d, "requestId") });
    case "speak.withdrawn":
      return t("ev.speak.withdrawn", { unit, id: str(d, "requestId") });
    case "speak.reordered":
      return t("ev.speak.reordered", { order: Array.isArray(d.order) ? d.order.join(", ") : "" });
    case "speak.given":
      return t("ev.speak.given", { unit, kind: kind().toLowerCase(), limit: formatClock(num(d, "limitS")) });
    case "speak.ended":
      return t("ev.speak.ended", { unit, duration: formatClock(num(d, "durationS")), limit: formatClock(num(d, "limitS")) });
    case "document.attached":
      return t("ev.document.attached", { title: str(d, "title"), pages: num(d, "pages"), hash: str(d, "sha256").slice(0, 12) });
    case "document.shown":
      return str(d, "docId") ? t("ev.document.shown", { id: str(d, "docId"), page: num(d, "page") }) : t("ev.document.hidden");
    case "invitations.issued":
      return t("ev.invitations.issued", { n: Array.isArray(d.units) ? d.units.length : 0 });
    default:
      return null;
  }
}
