/**
 * Compile-time tests of the journal entry union, checked by `npm run typecheck` (not run by vitest:
 * its include is tests/**\/*.test.ts). Each @ts-expect-error line must stay an error: if the types ever
 * accept it, the directive itself fails to compile.
 */
import type { JournalData, JournalEvent, JournalEventOf } from "../../shared/journal/entries";
import type { JournalInput } from "../../server/storage/store";

// A writer's entry as the stores take it.
export const ok: JournalInput = { actor: "chair", type: "agenda.moved", data: { index: 2, title: "Bầu Trưởng cụm" } };
export const archived: JournalInput = { actor: "admin", type: "meeting.archived", data: null };
export const secretBallot: JournalInput = { actor: "delegate:BDT", type: "poll.ballot_cast", data: { pollId: "head-1", unit: "BDT" } };

// @ts-expect-error an unknown type name
export const unknownType: JournalInput = { actor: "chair", type: "agenda.jumped", data: { index: 2 } };

// @ts-expect-error a type name with another type's data
export const wrongData: JournalInput = { actor: "chair", type: "agenda.moved", data: { view: "scores" } };

// @ts-expect-error a field of the wrong type
export const wrongField: JournalInput = { actor: "chair", type: "rollcall.marked", data: { unit: "BDT", mark: "late" } };

// @ts-expect-error a missing field
export const missingField: JournalInput = { actor: "chair", type: "link.reissued", data: { linkId: "delegate-BDT-1" } };

// @ts-expect-error an entry without its data
export const noData: JournalInput = { actor: "chair", type: "scores.unlocked" };

// @ts-expect-error a type name is no longer any string
export const anyType: JournalInput = { actor: "chair", type: "agenda.moved" as string, data: { index: 2 } };

// The union narrows on `type`: the data of the case is typed.
export function indexOf(e: JournalEvent): number | null {
  if (e.type !== "agenda.moved") return null;
  const index: number = e.data.index;
  // @ts-expect-error agenda.moved has no view
  void e.data.view;
  return index;
}

// JournalData and JournalEventOf name one type's data and event.
export const data: JournalData<"speak.reordered"> = { order: ["r2", "r1"] };
export const event: JournalEventOf<"speak.reordered"> = { type: "speak.reordered", data };
// @ts-expect-error JournalEventOf holds its type to the one named
export const otherEvent: JournalEventOf<"speak.reordered"> = { type: "speak.withdrawn", data: { requestId: "r1", unit: "BDT" } };

// An exhaustive switch over the union compiles only while every type has its case.
export function domainOf(e: JournalEvent): string {
  switch (e.type) {
    case "meeting.created":
    case "meeting.definition_updated":
    case "meeting.archived":
    case "meeting.unarchived":
    case "link.revoked":
    case "link.reissued":
    case "device.joined":
      return "set-up";
    default: {
      // @ts-expect-error every other type is still possible here: not exhaustive
      const rest: never = e;
      return String(rest);
    }
  }
}
