import { useCallback, useEffect, useReducer, useSyncExternalStore } from "react";
import { EVENTS } from "../../../shared/protocol/events";
import type { MeetingClient } from "../../realtime/meeting-client";
import { useOpenClient, useServerEvent } from "../../realtime/useServerEvent";
import { EMPTY_POLLS, pollList, pollsReducer, type PollsState } from "./store";
import type { PollView, UnitVoted } from "../../../shared/protocol/polls";

export interface UsePolls extends PollsState {
  list: PollView[];
  client: MeetingClient | null;
  connected: boolean;
  /** Asks for every poll again (after a refusal, or when the view doubts what it shows). */
  sync: () => Promise<void>;
  /** Records a ballot acknowledged on this device, as poll:voted does for the unit's other tablet. */
  noteVoted: (v: UnitVoted) => void;
}

const noSubscribe = () => () => {};
const offline = () => "reconnecting" as const;

/**
 * Every poll of the meeting on the view's own connection: poll:list on connect, poll:sync after
 * every (re)connect (the list may have been sent before this panel listened), poll:state kept by
 * version, poll:pending for organisers and poll:voted for the unit's tablets.
 */
export function usePolls(token: string): UsePolls {
  const [state, dispatch] = useReducer(pollsReducer, EMPTY_POLLS);
  const client = useOpenClient(token);
  const connection = useSyncExternalStore(
    client ? client.subscribe : noSubscribe,
    client ? () => client.getSnapshot().connection : offline,
  );
  const connected = connection === "connected";

  useServerEvent(token, EVENTS.POLL_LIST, (reply) => dispatch({ type: "list", reply }));
  useServerEvent(token, EVENTS.POLL_STATE, (poll) => dispatch({ type: "state", poll }));
  useServerEvent(token, EVENTS.POLL_PENDING, (pending) => dispatch({ type: "pending", pending }));
  useServerEvent(token, EVENTS.POLL_VOTED, (voted) => dispatch({ type: "voted", voted }));

  const sync = useCallback(async () => {
    if (!client) return;
    const res = await client.send(EVENTS.POLL_SYNC, {});
    if (res.ok) dispatch({ type: "list", reply: res });
  }, [client]);

  useEffect(() => {
    if (connected) void sync();
  }, [connected, sync]);

  const noteVoted = useCallback((voted: UnitVoted) => dispatch({ type: "voted", voted }), []);
  return { ...state, list: pollList(state), client, connected, sync, noteVoted };
}
