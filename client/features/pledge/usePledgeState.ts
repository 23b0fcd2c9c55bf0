import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { EVENTS } from "../../../shared/protocol/events";
import type { PledgeState } from "../../../shared/protocol/pledge";
import type { MeetingClient } from "../../realtime/meeting-client";
import { useOpenClient, useServerEvent } from "../../realtime/useServerEvent";

const noSubscribe = () => () => {};
const offline = () => "offline" as const;

export interface UsePledgeState {
  state: PledgeState | null;
  /** Asks the server again (after a refusal, to see why); resolves with the fresh state. */
  refresh: () => Promise<PledgeState | null>;
}

async function fetchState(client: MeetingClient): Promise<PledgeState | null> {
  const res = await client.send(EVENTS.PLEDGE_GET, {});
  return res.ok ? res.state : null;
}

/**
 * The pledge's stage and signature wall: pledge:get when the panel mounts and after every
 * reconnect (the pledge:state sent on connect may have come before the panel), then every
 * pledge:state broadcast, dropping one older than what is shown.
 */
export function usePledgeState(token: string): UsePledgeState {
  const client = useOpenClient(token);
  const connection = useSyncExternalStore(
    client ? client.subscribe : noSubscribe,
    client ? () => client.getSnapshot().connection : offline,
  );
  const [state, setState] = useState<PledgeState | null>(null);
  const accept = useCallback((next: PledgeState, authoritative: boolean) => {
    setState((cur) => (!authoritative && cur && cur.meetingId === next.meetingId && next.version < cur.version ? cur : next));
  }, []);
  useServerEvent(token, EVENTS.PLEDGE_STATE, (s) => accept(s, false));

  const refresh = useCallback(async () => {
    if (!client) return null;
    const s = await fetchState(client);
    if (s) accept(s, true);
    return s;
  }, [client, accept]);

  useEffect(() => {
    if (connection === "connected") void refresh();
  }, [connection, refresh]);
  return { state, refresh };
}
