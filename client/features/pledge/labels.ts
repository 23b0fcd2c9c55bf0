import type { PledgeStage } from "../../../shared/protocol/pledge";
import type { Lang, MessageKey } from "../../i18n";

export const STAGE_KEY: Record<PledgeStage, MessageKey> = {
  drafting: "pledge.stage.drafting",
  adopted: "pledge.stage.adopted",
  frozen: "pledge.stage.frozen",
  final: "pledge.stage.final",
};

export const STAGE_PILL: Record<PledgeStage, string> = {
  drafting: "pill-muted",
  adopted: "pill-warn",
  frozen: "pill-ok",
  final: "pill-ok",
};

/** "10:31" from an ISO time or epoch ms, in the room's local time. */
export function formatClock(at: string | number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(at));
}

/** "10:31 14/01/2022". */
export function formatStamp(at: string | number, lang: Lang): string {
  const date = new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", { day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(at));
  return `${formatClock(at, lang)} ${date}`;
}

/** The title as printed in the signature block: "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC" for a deputy. */
export function printedTitle(signerTitle: string, onBehalf: { representedTitle: string } | null): string[] {
  const up = (s: string) => s.toLocaleUpperCase("vi-VN");
  return onBehalf ? [`KT. ${up(onBehalf.representedTitle)}`, up(signerTitle)] : [up(signerTitle)];
}
