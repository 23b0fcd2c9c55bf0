import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import { minutesInput } from "../minutes/assemble";
import type { MinutesPdfInput } from "../pdf/types";
import { recipientsOf } from "./recipients";

/** What the minutes print (PDF and .docx): the record (minutes/assemble.ts) and the "Nơi nhận" lines. */
export async function minutesPdfInput(ctx: ServerContext, room: MeetingRoom): Promise<MinutesPdfInput> {
  return { ...(await minutesInput(ctx, room)), recipients: recipientsOf(room.definition) };
}
