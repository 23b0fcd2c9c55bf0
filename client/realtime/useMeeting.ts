import { useEffect, useState, useSyncExternalStore } from "react";
import { MeetingClient, type MeetingSnapshot, type Send } from "./meeting-client";

export type {
  ConnectionState,
  FatalError,
  MeetingSnapshot,
  Send,
  SendResult,
  LocalRefusal,
  EventName,
  PayloadOf,
  AckOf,
} from "./meeting-client";

export interface UseMeeting extends MeetingSnapshot {
  /** Emits an event with its typed payload; resolves with the server's ack (or OFFLINE/TIMEOUT). */
  send: Send;
  /** Asks the server for the whole state again. */
  resync: () => Promise<void>;
}

const INITIAL: MeetingSnapshot = { connection: "reconnecting", state: null, fatal: null };
const noSubscribe = () => () => {};
const initial = () => INITIAL;
const notConnected: Send = () =>
  Promise.resolve({ ok: false, error: { code: "OFFLINE", message: "Mất kết nối với máy chủ. (Not connected to the server.)" } });

/**
 * The live meeting for a join token: connection state, the latest MeetingState, and send().
 * One socket per mounted hook; pass null to stay disconnected.
 */
export function useMeeting(token: string | null): UseMeeting {
  const [client, setClient] = useState<MeetingClient | null>(null);
  useEffect(() => {
    if (!token) return;
    const c = new MeetingClient(token);
    setClient(c);
    return () => {
      c.close();
      setClient(null);
    };
  }, [token]);
  const snapshot = useSyncExternalStore(
    client ? client.subscribe : noSubscribe,
    client ? client.getSnapshot : initial,
  );
  return {
    ...snapshot,
    send: client ? client.send : notConnected,
    resync: client ? client.resync : () => Promise.resolve(),
  };
}
