import QRCode from "qrcode";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import type { JoinLink } from "../../lib/api";

/** One printable card: the link, what the card says it is for, and its QR code as a data URL. */
export interface Card {
  link: JoinLink;
  /** The unit's full name for a delegate card; null for the big screen and public follow cards. */
  unitName: string | null;
  /** "delegate n of total" for a delegate card. */
  n: number;
  total: number;
  qr: string;
}

export function qrOf(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 360 });
}

/** Every link in the order the chair thinks of them: organisers, screen, public, then delegates by unit. */
export function sortLinks(def: MeetingDefinition, all: readonly JoinLink[]): JoinLink[] {
  const roleOrder = ["chair", "secretary", "screen", "observer", "delegate"];
  const unitOrder = new Map(def.units.map((u, i) => [u.code, i]));
  return [...all].sort(
    (a, b) =>
      roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) ||
      (unitOrder.get(a.unit ?? "") ?? 0) - (unitOrder.get(b.unit ?? "") ?? 0) ||
      a.linkId.localeCompare(b.linkId, "en", { numeric: true }),
  );
}

/** The cards to print: active delegate links (numbered within their unit), and the screen and public links. */
export async function buildCards(
  def: MeetingDefinition,
  all: readonly JoinLink[],
): Promise<{ delegates: Card[]; others: Card[] }> {
  const active = sortLinks(def, all).filter((l) => !l.revoked);
  const delegates = active.filter((l) => l.role === "delegate" && l.unit);
  const others = active.filter((l) => l.role === "screen" || l.role === "observer");
  const perUnit = new Map<string, number>();
  const delegateCards = delegates.map(async (link): Promise<Card> => {
    const unit = link.unit!;
    const n = (perUnit.get(unit) ?? 0) + 1;
    perUnit.set(unit, n);
    return {
      link,
      unitName: def.units.find((u) => u.code === unit)?.name ?? unit,
      n,
      total: delegates.filter((d) => d.unit === unit).length,
      qr: await qrOf(link.url),
    };
  });
  const otherCards = others.map(async (link): Promise<Card> => ({
    link,
    unitName: null,
    n: 1,
    total: 1,
    qr: await qrOf(link.url),
  }));
  return { delegates: await Promise.all(delegateCards), others: await Promise.all(otherCards) };
}
