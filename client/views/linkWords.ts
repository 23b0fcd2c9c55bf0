import type { Translate } from "../i18n";

/** What the link and journal pages need of a unit (MeetingState and the definition both have it). */
export interface UnitNames {
  code: string;
  name: string;
  shortName: string;
}

const DELEGATE_LINK = /^delegate-([A-Z0-9_]+)-(\d+)$/;

export function unitShortName(units: readonly UnitNames[], code: string): string {
  return units.find((u) => u.code === code)?.shortName ?? code;
}

/** "delegate-BDT-1" → "Ban Dân tộc — đại biểu 1"; "screen" → "Màn hình chiếu" (the ids of server/meetings/links.ts). */
export function linkLabel(linkId: string, units: readonly UnitNames[], t: Translate): string {
  const m = DELEGATE_LINK.exec(linkId);
  if (m) return t("link.delegate", { unit: unitShortName(units, m[1]!), n: m[2]! });
  switch (linkId) {
    case "chair":
      return t("role.chair");
    case "secretary":
      return t("role.secretary");
    case "screen":
      return t("role.screen");
    case "public":
      return t("role.observer");
    default:
      return linkId;
  }
}

/** A journal actor in words: "delegate:BDT:delegate-BDT-1" → "Đại biểu Ban Dân tộc · thẻ 1", "chair" → "Chủ trì". */
export function actorLabel(actor: string, units: readonly UnitNames[], t: Translate): string {
  if (actor.startsWith("delegate:")) {
    const [, unit = "", linkId = ""] = actor.split(":");
    const n = DELEGATE_LINK.exec(linkId)?.[2];
    const name = unitShortName(units, unit);
    return n ? t("actor.delegateCard", { unit: name, n }) : t("actor.delegate", { unit: name });
  }
  switch (actor) {
    case "chair":
    case "secretary":
    case "screen":
    case "observer":
      return t(`role.${actor}`);
    case "server":
      return t("actor.server");
    case "admin":
      return t("actor.admin");
    default:
      return actor;
  }
}
