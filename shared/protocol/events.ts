/**
 * Socket.IO event names: one constant each, never a repeated literal. What each event carries, who may send
 * it and what it answers is in the protocol table (table.ts); the compiler holds every name here to an entry there.
 */
export const EVENTS = {
  // client → server (each takes an acknowledgement callback)
  ROLLCALL_MARK: "rollcall:mark",
  AGENDA_GOTO: "agenda:goto",
  SCREEN_SHOW: "screen:show",
  MEETING_RESYNC: "meeting:resync",
  SCORES_STAGE: "scores:stage",
  SCORES_LOCK: "scores:lock",
  SCORES_UNLOCK: "scores:unlock",
  SCORES_COPY: "scores:copy",
  // polls (docs/protocol.md, "Votes"): organisers drive, delegates cast
  POLL_CREATE: "poll:create",
  POLL_OPEN: "poll:open",
  POLL_CLOSE: "poll:close",
  POLL_PUBLISH: "poll:publish",
  POLL_VOID: "poll:void",
  POLL_RUNOFF: "poll:runoff",
  POLL_CAST: "poll:cast",
  POLL_SYNC: "poll:sync",
  // pledge (docs/protocol.md, "Pledge"): chair adopts and decides proposals, organisers freeze, delegates sign
  PLEDGE_ADOPT: "pledge:adopt",
  PLEDGE_FREEZE: "pledge:freeze",
  PLEDGE_UNFREEZE: "pledge:unfreeze",
  PLEDGE_PROPOSAL_ACCEPT: "pledge:proposal:accept",
  PLEDGE_PROPOSAL_REJECT: "pledge:proposal:reject",
  PLEDGE_SIGN: "pledge:sign",
  PLEDGE_GET: "pledge:get",
  // discussion (docs/protocol.md, "Discussion"): delegates ask for the floor, organisers run the queue and show documents
  SPEAK_REQUEST: "speak:request",
  SPEAK_WITHDRAW: "speak:withdraw",
  SPEAK_GIVE: "speak:give",
  SPEAK_END: "speak:end",
  SPEAK_REORDER: "speak:reorder",
  DOC_SHOW: "doc:show",
  // rehearsal (docs/protocol.md, "Rehearsal"): the chair starts and ends it
  REHEARSAL_START: "rehearsal:start",
  REHEARSAL_END: "rehearsal:end",
  // server → client
  MEETING_STATE: "meeting:state",
  /** Every poll, sent on connect. */
  POLL_LIST: "poll:list",
  /** One poll changed (coalesced for ballots, with a version). */
  POLL_STATE: "poll:state",
  /** Organisers: who has not voted yet. */
  POLL_PENDING: "poll:pending",
  /** The unit's own devices: its ballot was acknowledged. */
  POLL_VOTED: "poll:voted",
  /** The pledge's stage and the signature wall, on connect and after every change. */
  PLEDGE_STATE: "pledge:state",
} as const;
