/**
 * Error codes carried in every refusal ({ ok: false, error: { code, message } }) and close codes of
 * the Yjs WebSocket. Clients branch on codes; people read messages.
 */
export const ERROR_CODES = {
  /** The payload does not match the event's schema. */
  BAD_REQUEST: "BAD_REQUEST",
  /** No token, or a token that names no link. */
  UNAUTHENTICATED: "UNAUTHENTICATED",
  /** The link was revoked by the chair or an administrator. */
  TOKEN_REVOKED: "TOKEN_REVOKED",
  /** The role or unit may not do this. */
  FORBIDDEN: "FORBIDDEN",
  /** No such meeting, unit, poll or link. */
  NOT_FOUND: "NOT_FOUND",
  /** The action conflicts with the meeting's current state (locked table, closed poll…). */
  CONFLICT: "CONFLICT",
  /** A poll cannot open: too few units present (rules.quorum). */
  NO_QUORUM: "NO_QUORUM",
  /** The acclamation waits for the locked score table. */
  SCORES_NOT_LOCKED: "SCORES_NOT_LOCKED",
  /** The unit has already cast its ballot in this poll; the message says when. */
  ALREADY_VOTED: "ALREADY_VOTED",
  /** The poll is not open (draft, closed, published or void): the ballot was not counted. */
  POLL_NOT_OPEN: "POLL_NOT_OPEN",
  /** The unit is recorded absent (roll call): its ballot was refused and nothing was stored. */
  NOT_PRESENT: "NOT_PRESENT",
  /** A signature over a hash that is not the frozen text's: reload the text. */
  TEXT_CHANGED: "TEXT_CHANGED",
  /** The unit has already signed the pledge. */
  ALREADY_SIGNED: "ALREADY_SIGNED",
  /** Signing order "head_first": the new head signs before the others. */
  NOT_YOUR_TURN: "NOT_YOUR_TURN",
  /** The meeting definition is invalid; `problems` lists every bad field. */
  INVALID_DEFINITION: "INVALID_DEFINITION",
  /** A request body larger than the route takes (HTTP 413); the limits are in docs/protocol.md. */
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  /** More messages of one kind than the connection's or the link's budget allows; the socket is closed. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The join link already has as many open connections as it may (a leaked link opened many times). */
  TOO_MANY_CONNECTIONS: "TOO_MANY_CONNECTIONS",
  /** The server could not store the change; nothing was applied. */
  STORAGE_FAILED: "STORAGE_FAILED",
  /** Too many documents being generated at once; retry in a few seconds (HTTP 503, Retry-After). */
  BUSY: "BUSY",
  /** The meeting is archived (read-only): nothing may change it. */
  ARCHIVED: "ARCHIVED",
  /** A cluster organiser's link used on another cluster's meeting. */
  OTHER_CLUSTER: "OTHER_CLUSTER",
  /** The meeting has begun (check-ins, scores, polls…): its definition can no longer be edited. */
  MEETING_STARTED: "MEETING_STARTED",
  /** An upload that is not what the route takes (HTTP 415/400): a meeting document that is not a readable PDF. */
  NOT_A_PDF: "NOT_A_PDF",
  /** Unexpected failure; nothing was applied. */
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  problems?: { path: string; message: string }[];
}

export type Ack<T = Record<string, never>> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

/** Close codes of the Yjs WebSocket (4000–4999 is the application range). */
export const CLOSE_CODES = {
  /**
   * Stock y-websocket providers treat 4400–4499 as final (they stop reconnecting) and reconnect after any
   * other code. A code is in the 4400s only when reconnecting cannot help: the same client would be
   * refused again (revoked link, oversized message) or must not send its copy back (rehearsal ended).
   * Codes an honest tablet can hit by a burst or a stale copy are in the 4500s: it reconnects and resyncs,
   * and a hostile client reconnecting meets the same budgets on every connection.
   */
  /** The link was revoked while connected. Final. */
  REVOKED: 4401,
  /**
   * Too many refused Yjs updates in a short time (e.g. a tablet's offline edits after the stage moved on);
   * the client reconnects and resyncs. Was 4429 (final for stock providers, which then stopped syncing).
   */
  TOO_MANY_REFUSALS: 4529,
  /**
   * The rehearsal ended and the document went back to its state at the rehearsal's start: the client
   * throws its copy away and syncs a fresh one. In the 4400s so a stock provider stops instead of
   * reconnecting with the rehearsal's edits.
   */
  REHEARSAL_ENDED: 4410,
  /**
   * The document was renewed (rebuilt without its tombstones, server/yjs/renew.ts) since the client's
   * copy was made: the copy's `epoch` (the socket's parameter) is not the document's. Sent before
   * anything else on the socket. The client throws its copy away and syncs a fresh one (its pending
   * edits are applied again to the fresh copy); final, so a provider does not reconnect with the old copy.
   */
  DOC_RENEWED: 4409,
  /**
   * A Yjs message larger than its kind allows (update, sync request, awareness): see docs/protocol.md.
   * Final on purpose: a provider reconnecting would send the same state (its sync step 2 or awareness)
   * again and be closed again, in a loop; the client has to start from a fresh copy.
   */
  MESSAGE_TOO_LARGE: 4413,
  /**
   * More Yjs messages of one kind than the connection's budget allows (sync requests, updates,
   * awareness): an honest burst reconnects (with the provider's back-off) and resyncs. Was 4430.
   */
  OVER_BUDGET: 4530,
  /**
   * The connection did not read what was sent to it (a backlog over the limit); the client reconnects
   * and resyncs. In the 4500s on purpose: y-websocket providers treat 4400–4499 as final and stop.
   */
  SLOW_CONSUMER: 4508,
  /** The server is shutting down; reconnect later. */
  SHUTTING_DOWN: 4503,
} as const;
