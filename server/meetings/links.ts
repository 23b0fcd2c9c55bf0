import type { MeetingDefinition } from "../../shared/definition/schema";
import type { Role } from "../../shared/protocol/roles";
import { mayManageLink, type IssuedLink, type LinksByRole } from "../../shared/protocol/links";

/** Delegate links per unit: a leader and a deputy or secretary each get their own tablet. */
export const DELEGATE_LINKS_PER_UNIT = 2;

export interface LinkSlot {
  linkId: string;
  role: Role;
  unit: string | null;
  label: string;
}

/** Every join link a meeting starts with. */
export function linkSlots(def: MeetingDefinition): LinkSlot[] {
  const slots: LinkSlot[] = [
    { linkId: "chair", role: "chair", unit: null, label: "Chủ trì" },
    { linkId: "secretary", role: "secretary", unit: null, label: "Thư ký" },
    { linkId: "screen", role: "screen", unit: null, label: "Màn hình chiếu" },
    { linkId: "public", role: "observer", unit: null, label: "Theo dõi trực tuyến" },
  ];
  for (const u of def.units)
    for (let n = 1; n <= DELEGATE_LINKS_PER_UNIT; n++)
      slots.push({ linkId: `delegate-${u.code}-${n}`, role: "delegate", unit: u.code, label: `${u.shortName} — đại biểu ${n}` });
  return slots;
}

export type { IssuedLink, LinksByRole };
export { mayManageLink };

/** The links a session may see: those it may manage (the chair's link is the chair's and the admin's alone). */
export function linksVisibleTo(actor: Role, links: IssuedLink[]): IssuedLink[] {
  return links.filter((l) => mayManageLink(actor, l.role));
}

/** By role; a link left out of `links` (not visible to the reader) comes out as "". */
export function groupLinks(links: IssuedLink[]): LinksByRole {
  const pick = (id: string) => links.find((l) => l.linkId === id)?.url ?? "";
  const delegates: Record<string, string[]> = {};
  for (const l of links) if (l.role === "delegate" && l.unit && !l.revoked) (delegates[l.unit] ??= []).push(l.url);
  return { chair: pick("chair"), secretary: pick("secretary"), screen: pick("screen"), public: pick("public"), delegates };
}

/**
 * A link as read back from the store, merged with the one this process holds. A link's first join is never
 * undone (firstSeenAt is set once, and only ever from null), so a stored record without it while the held one
 * has it is a read that overtook this process's own check-in, still on its way to the store (MeetingRoom.connect
 * sets it, then writes it): keep the check-in. Taking the read as it was left the unit checked out on the
 * instance its tablet joined, while every other instance, reading after the write, showed it checked in.
 */
export function mergeStoredLink<L extends { firstSeenAt: number | null }>(held: L | undefined, stored: L): L {
  if (held && held.firstSeenAt !== null && stored.firstSeenAt === null) return { ...stored, firstSeenAt: held.firstSeenAt };
  return stored;
}

/** Takes the links read back from the store into those held (each through mergeStoredLink); returns the ones whose record changed. */
export function takeStoredLinks<L extends { linkId: string; firstSeenAt: number | null }>(held: Map<string, L>, stored: readonly L[]): L[] {
  const changed: L[] = [];
  for (const s of stored) {
    const before = held.get(s.linkId);
    const link = mergeStoredLink(before, s);
    if (before && JSON.stringify(before) === JSON.stringify(link)) continue;
    held.set(link.linkId, link);
    changed.push(link);
  }
  return changed;
}
