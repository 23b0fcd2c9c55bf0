/**
 * The first number of every message on a Yjs socket (/yjs/<meetingId>/<doc>): the y-websocket
 * protocol's four, and Concord's acknowledgement. Server, client and tests read them from here only.
 */
export const YJS_MESSAGE = {
  /** y-protocols/sync: sync step 1, sync step 2 or update. */
  SYNC: 0,
  /** y-protocols/awareness: an awareness update. */
  AWARENESS: 1,
  /** y-protocols/auth: permission denied, with a refusal (shared/protocol/documents.ts). */
  AUTH: 2,
  /** Asks for every awareness state (no payload). */
  QUERY_AWARENESS: 3,
  /**
   * Server → client only, not in the stock protocol: an update from this connection is stored. The
   * payload is a state vector (varUint8Array): per client id, the clock the accepted update ends at.
   */
  ACK: 4,
} as const;
export type YjsMessageType = (typeof YJS_MESSAGE)[keyof typeof YJS_MESSAGE];
