import type { Ack } from "./errors";
import type { ClientEventName, PayloadIn, ReplyOf, ServerEventName, ServerPayloadOf } from "./table";

/**
 * Socket.IO's event maps, derived from the protocol table (table.ts): an event, its payload and its
 * acknowledgement are written once, there. Type-only, so importing this costs the client nothing.
 */

/** Events a client sends; every one takes an acknowledgement. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: PayloadIn<E>, ack: (res: Ack<ReplyOf<E>>) => void) => void;
};

export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerPayloadOf<E>) => void;
};

export type { ClientEventName, ServerEventName };
