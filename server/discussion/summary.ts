import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import type { MinutesDiscussion } from "../pdf/discussion-section";
import { discussionOf } from "./service";

/** One ended turn as the minutes print it. */
export interface SpeakerLine {
  unitName: string;
  kind: "presentation" | "remark";
  /** "Tham luận" / "Ý kiến". */
  kindLabel: string;
  agendaTitle: string;
  startedAt: number;
  endedAt: number;
  durationS: number;
  limitS: number;
}

export interface DiscussionSummary {
  documents: { title: string; sha256: string; pages: number; bytes: number; agendaIndex: number | null; agendaTitle: string | null }[];
  speakers: SpeakerLine[];
}

export const KIND_LABEL = { presentation: "Tham luận", remark: "Ý kiến" } as const;

/**
 * What the minutes and the conclusion notice print of the discussion: the documents attached (with
 * their SHA-256) and who spoke, under which item, from when to when. Read from the store, not memory.
 */
export async function discussionSummary(ctx: ServerContext, room: MeetingRoom): Promise<DiscussionSummary> {
  const d = discussionOf(ctx);
  const def = room.definition;
  const [docs, turns] = await Promise.all([d.store.listDocuments(room.id), d.store.listTurns(room.id)]);
  const nameOf = (code: string) => def.units.find((u) => u.code === code)?.name ?? code;
  return {
    documents: docs.map((doc) => ({
      title: doc.title,
      sha256: doc.sha256,
      pages: doc.pages,
      bytes: doc.bytes,
      agendaIndex: doc.agendaIndex,
      agendaTitle: doc.agendaIndex === null ? null : (def.agenda[doc.agendaIndex]?.title ?? null),
    })),
    speakers: turns.map((t) => ({
      unitName: nameOf(t.unit),
      kind: t.kind,
      kindLabel: KIND_LABEL[t.kind],
      agendaTitle: def.agenda[t.agendaIndex]?.title ?? "",
      startedAt: t.startedAt,
      endedAt: t.endedAt,
      durationS: t.durationS,
      limitS: t.limitS,
    })),
  };
}

/** "08:52", Vietnam time (UTC+7, no daylight saving). */
export function vietnamClock(ms: number): string {
  const v = new Date(ms + 7 * 3600_000);
  return `${String(v.getUTCHours()).padStart(2, "0")}:${String(v.getUTCMinutes()).padStart(2, "0")}`;
}

/** "7 phút 05 giây", "45 giây". */
export function vietnameseDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m === 0 ? `${s} giây` : `${m} phút ${String(s % 60).padStart(2, "0")} giây`;
}

/** The summary as the minutes print it (times in Vietnam time, durations in words). */
export function minutesDiscussion(s: DiscussionSummary): MinutesDiscussion {
  return {
    speakers: s.speakers.map((x) => ({
      unitName: x.unitName,
      kindLabel: x.kindLabel,
      agendaTitle: x.agendaTitle,
      from: vietnamClock(x.startedAt),
      to: vietnamClock(x.endedAt),
      duration: vietnameseDuration(x.durationS),
      overrun: x.durationS > x.limitS ? vietnameseDuration(x.durationS - x.limitS) : null,
    })),
    documents: s.documents.map((d) => ({ title: d.title, pages: d.pages, agendaLabel: d.agendaIndex === null ? null : `mục ${d.agendaIndex + 1}`, sha256: d.sha256 })),
  };
}
