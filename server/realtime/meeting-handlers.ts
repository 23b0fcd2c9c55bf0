import { EVENTS } from "../../shared/protocol/events";
import { agendaGotoSchema, emptySchema, rollcallMarkSchema, screenShowSchema } from "../../shared/protocol/meeting";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { ORGANISER_ROLES } from "../../shared/protocol/roles";
import { Refusal, withSchema, type ConcordSocket } from "./context";

/** Roll call, agenda and what the big screen shows: the chair and the secretary drive them. */
export function registerMeetingHandlers(socket: ConcordSocket): void {
  withSchema(socket, EVENTS.ROLLCALL_MARK, rollcallMarkSchema, ORGANISER_ROLES, async (input, { room, session }) => {
    if (!room.definition.units.some((u) => u.code === input.unit))
      throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có đơn vị mã ${input.unit}. (No unit has code ${input.unit}.)`);
    await room.markAttendance(session, input.unit, input.mark);
    return {};
  });

  withSchema(socket, EVENTS.AGENDA_GOTO, agendaGotoSchema, ORGANISER_ROLES, async (input, { room, session }) => {
    if (input.index >= room.definition.agenda.length)
      throw new Refusal(ERROR_CODES.NOT_FOUND, `Chương trình có ${room.definition.agenda.length} mục; không có mục ${input.index + 1}. (The agenda has ${room.definition.agenda.length} items; there is no item ${input.index + 1}.)`);
    await room.gotoAgenda(session, input.index);
    return {};
  });

  withSchema(socket, EVENTS.SCREEN_SHOW, screenShowSchema, ORGANISER_ROLES, async (input, { room, session }) => {
    await room.showOnScreen(session, input.view);
    return {};
  });

  withSchema(socket, EVENTS.MEETING_RESYNC, emptySchema, "any", (_input, { room }) => ({ state: room.snapshot() }));
}
