import { z } from "zod";

/**
 * Requests to speak and meeting documents (docs/protocol.md, "Discussion"). The pure rules of the
 * queue and the countdown are in shared/discussion/.
 */

/** A presentation (tham luận, prepared, longer) or a remark (ý kiến, short, from the floor). */
export const speakKindSchema = z.enum(["presentation", "remark"]);
export type SpeakKind = z.infer<typeof speakKindSchema>;

/** Ids the server gives requests: "r1", "r2"… per meeting. */
export const requestIdSchema = z.string().regex(/^r[1-9][0-9]{0,6}$/, "a request id is r1, r2…");
/** A document id: the first 16 hex digits of its SHA-256. */
export const documentIdSchema = z.string().regex(/^[0-9a-f]{16}$/, "a document id is 16 hex digits");

export const speakRequestSchema = z.object({
  kind: speakKindSchema,
  /** What the unit wants to speak about, shown to the chair (≤ 200 characters). */
  note: z.string().trim().max(200).optional(),
  /** Who will speak ("Đ/c Lê Văn Hùng, Phó Giám đốc"), shown on the big screen (≤ 120 characters). */
  name: z.string().trim().max(120).optional(),
});
export type SpeakRequestInput = z.infer<typeof speakRequestSchema>;
export const speakGiveSchema = z.object({ requestId: requestIdSchema });
export type SpeakGive = z.infer<typeof speakGiveSchema>;
export const speakReorderSchema = z.object({ order: z.array(requestIdSchema).max(200) });
export type SpeakReorder = z.infer<typeof speakReorderSchema>;
export const docShowSchema = z.object({
  /** null takes the document off the screen. */
  docId: documentIdSchema.nullable(),
  page: z.number().int().min(1).max(10_000).default(1),
});
export type DocShow = z.input<typeof docShowSchema>;

/** One waiting request, in the order the chair will give the floor. */
export interface QueuedSpeaker {
  requestId: string;
  unit: string;
  kind: SpeakKind;
  note?: string;
  name?: string;
  /** ms since the epoch. */
  requestedAt: number;
}

/** Who has the floor: `limitS` seconds from `startedAt` (ms), then the overrun counts up. */
export interface CurrentSpeaker {
  requestId: string;
  unit: string;
  kind: SpeakKind;
  note?: string;
  name?: string;
  startedAt: number;
  limitS: number;
}

/** meeting:state.speakers */
export interface SpeakersState {
  current: CurrentSpeaker | null;
  queue: QueuedSpeaker[];
}

/** One turn that ended: the journal's `speak.ended` data and a row of the minutes. */
export interface SpokenTurn {
  requestId: string;
  unit: string;
  kind: SpeakKind;
  agendaIndex: number;
  startedAt: number;
  endedAt: number;
  durationS: number;
  limitS: number;
}

/** A meeting document as listed to every device. */
export interface MeetingDocumentView {
  id: string;
  title: string;
  sha256: string;
  bytes: number;
  pages: number;
  /** The agenda item it belongs to, or null for the whole meeting. */
  agendaIndex: number | null;
  uploadedAt: number;
}

/** meeting:state.documents: how many there are (a device re-reads the list when it changes) and what is shown. */
export interface DocumentsState {
  count: number;
  presented: { docId: string; page: number; title: string; pages: number } | null;
}

export const EMPTY_SPEAKERS: SpeakersState = { current: null, queue: [] };
export const EMPTY_DOCUMENTS: DocumentsState = { count: 0, presented: null };
