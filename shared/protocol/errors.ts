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
  /** The meeting definition is invalid; `problems` lists every bad field. */
  INVALID_DEFINITION: "INVALID_DEFINITION",
  /** The server could not store the change; nothing was applied. */
  STORAGE_FAILED: "STORAGE_FAILED",
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
  /** The link was revoked while connected. */
  REVOKED: 4401,
  /** Too many refused Yjs updates in a short time; the client reconnects and resyncs. */
  TOO_MANY_REFUSALS: 4429,
  /** The server is shutting down; reconnect later. */
  SHUTTING_DOWN: 4503,
} as const;

/** Reasons sent in the y-websocket "permission denied" message when an update is refused. */
export const YJS_REFUSAL_PREFIX = "refused:";
