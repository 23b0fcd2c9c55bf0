import { z } from "zod";

/**
 * Rehearsal (issue 10, item 5): before the conference the chair puts the meeting in rehearsal, the
 * organisers test every tablet, and `rehearsal:end` removes everything done meanwhile. Payloads are empty.
 */
export const rehearsalStartSchema = z.object({}).strict();
export const rehearsalEndSchema = z.object({}).strict();

/** What `rehearsal:end` removed (journaled as `rehearsal.ended` and acknowledged). */
export interface RehearsalRemoved {
  polls: number;
  ballots: number;
  signatures: number;
  turns: number;
  /** Yjs updates of the scores and pledge documents thrown away (the documents go back to their state at the start). */
  docUpdates: number;
  /** Roll-call marks undone. */
  marks: number;
}

/** The journal entry types that open and close a rehearsal window. */
export const REHEARSAL_STARTED = "rehearsal.started";
export const REHEARSAL_ENDED = "rehearsal.ended";

/**
 * The journal without what happened in rehearsal: every entry from a `rehearsal.started` up to and
 * including its `rehearsal.ended` (or to the end, while a rehearsal runs). The minutes, "has the meeting
 * begun" and where a meeting stands read this; the chain itself keeps every entry.
 */
export function outsideRehearsal<E extends { type: string }>(entries: readonly E[]): E[] {
  const out: E[] = [];
  let inside = false;
  for (const e of entries) {
    if (e.type === REHEARSAL_STARTED) inside = true;
    else if (e.type === REHEARSAL_ENDED) inside = false;
    else if (!inside) out.push(e);
  }
  return out;
}

/** Whether a journal entry was made during a rehearsal (for marking it "DIỄN TẬP" in the journal view). */
export function rehearsalMarks<E extends { type: string }>(entries: readonly E[]): boolean[] {
  let inside = false;
  return entries.map((e) => {
    if (e.type === REHEARSAL_STARTED) inside = true;
    const mark = inside;
    if (e.type === REHEARSAL_ENDED) inside = false;
    return mark;
  });
}
