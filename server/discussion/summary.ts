import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
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
  documents: { title: string; sha256: string; pages: number; bytes: number; agendaTitle: string | null }[];
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
