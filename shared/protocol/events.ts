/** Socket.IO event names: one constant each, never a repeated literal. */
export const EVENTS = {
  // client → server (each takes an acknowledgement callback)
  ROLLCALL_MARK: "rollcall:mark",
  AGENDA_GOTO: "agenda:goto",
  SCREEN_SHOW: "screen:show",
  MEETING_RESYNC: "meeting:resync",
  // server → client
  MEETING_STATE: "meeting:state",
} as const;
