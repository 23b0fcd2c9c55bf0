import { EVENTS } from "../../shared/protocol/events";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { handle, Refusal, type ConcordSocket } from "./context";

/** Roll call, agenda and what the big screen shows: the chair and the secretary drive them (senders in shared/protocol/table.ts). */
export function registerMeetingHandlers(socket: ConcordSocket): void {
  handle(socket, EVENTS.ROLLCALL_MARK, async (input, { room, session }) => {
    if (!room.definition.units.some((u) => u.code === input.unit))
      throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có đơn vị mã ${input.unit}. (No unit has code ${input.unit}.)`);
    await room.markAttendance(session, input.unit, input.mark);
    return {};
  });

  handle(socket, EVENTS.AGENDA_GOTO, async (input, { room, session }) => {
    if (input.index >= room.definition.agenda.length)
      throw new Refusal(ERROR_CODES.NOT_FOUND, `Chương trình có ${room.definition.agenda.length} mục; không có mục ${input.index + 1}. (The agenda has ${room.definition.agenda.length} items; there is no item ${input.index + 1}.)`);
    await room.gotoAgenda(session, input.index);
    return {};
  });

  handle(socket, EVENTS.SCREEN_SHOW, async (input, { room, session }) => {
    await room.showOnScreen(session, input.view);
    return {};
  });

  handle(socket, EVENTS.MEETING_RESYNC, (_input, { room }) => ({ state: room.snapshot() }));
}
