import { useEffect, useRef, useSyncExternalStore } from "react";
import type { ServerToClientEvents } from "../../shared/protocol/socket";
import { openClientFor, subscribeOpenClients, type MeetingClient, type ServerEventName } from "./meeting-client";

/**
 * The connection the mounted view holds for `token` (useMeeting opens it), or null before it opens.
 * For panels that only get the token (big screen) and need send() or server events.
 */
export function useOpenClient(token: string | null): MeetingClient | null {
  return useSyncExternalStore(subscribeOpenClients, () => (token ? openClientFor(token) : null));
}

/**
 * Calls `handler` for every `event` the server sends on the view's connection for `token`
 * (pledge:state, poll:state…). Events sent before the panel mounted are not replayed: ask for the
 * current state once mounted (e.g. pledge:get) and again after a reconnect.
 */
export function useServerEvent<E extends ServerEventName>(
  token: string | null,
  event: E,
  handler: ServerToClientEvents[E],
): void {
  const client = useOpenClient(token);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!client) return;
    const forward = ((...args: unknown[]) => (latest.current as (...a: unknown[]) => void)(...args)) as ServerToClientEvents[E];
    return client.on(event, forward);
  }, [client, event]);
}
