import type { Ack } from "./errors";
import { EVENTS } from "./events";
import type { AgendaGoto, MeetingState, RollcallMark, ScreenShow } from "./meeting";

/** Events a client sends; every one takes an acknowledgement. Types come from the zod schemas. */
export interface ClientToServerEvents {
  [EVENTS.ROLLCALL_MARK]: (payload: RollcallMark, ack: (res: Ack) => void) => void;
  [EVENTS.AGENDA_GOTO]: (payload: AgendaGoto, ack: (res: Ack) => void) => void;
  [EVENTS.SCREEN_SHOW]: (payload: ScreenShow, ack: (res: Ack) => void) => void;
  [EVENTS.MEETING_RESYNC]: (payload: Record<string, never>, ack: (res: Ack<{ state: MeetingState }>) => void) => void;
}

export interface ServerToClientEvents {
  [EVENTS.MEETING_STATE]: (state: MeetingState) => void;
}
