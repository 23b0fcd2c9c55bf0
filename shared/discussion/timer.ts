import type { SpeakKind } from "../protocol/discussion";

/** Default time limits when the definition sets none: 7 minutes for a presentation, 3 for a remark. */
export const DEFAULT_LIMITS_S: Record<SpeakKind, number> = { presentation: 420, remark: 180 };

/** What the definition may say about limits (all optional; see shared/definition/schema.ts). */
export interface LimitSettings {
  discussion?: { presentationS?: number; remarkS?: number };
  agenda: { speakingLimits?: { presentationS?: number; remarkS?: number } }[];
}

const KEY: Record<SpeakKind, "presentationS" | "remarkS"> = { presentation: "presentationS", remark: "remarkS" };

/** The limit for a kind of turn under an agenda item: the item's own, else the meeting's, else the default. */
export function limitFor(def: LimitSettings, agendaIndex: number, kind: SpeakKind): number {
  const key = KEY[kind];
  return def.agenda[agendaIndex]?.speakingLimits?.[key] ?? def.discussion?.[key] ?? DEFAULT_LIMITS_S[kind];
}

export interface Countdown {
  elapsedS: number;
  /** Seconds left, 0 once past the limit. */
  remainingS: number;
  /** Seconds past the limit, 0 before it. */
  overrunS: number;
  over: boolean;
}

/** Where a turn stands at `now` (whole seconds, counting down then up). A clock behind the start reads 0. */
export function countdown(turn: { startedAt: number; limitS: number }, now: number): Countdown {
  const elapsedS = Math.max(0, Math.floor((now - turn.startedAt) / 1000));
  return {
    elapsedS,
    remainingS: Math.max(0, turn.limitS - elapsedS),
    overrunS: Math.max(0, elapsedS - turn.limitS),
    over: elapsedS > turn.limitS,
  };
}

/** "7:00", "0:05", "12:30": minutes and seconds of a duration. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
