import { useCallback, useEffect, useRef, useState } from "react";
import { EVENTS } from "../../../shared/protocol/events";
import type { UnitVoted } from "../../../shared/protocol/polls";
import type { Ballot } from "../../../shared/voting/ballot";
import type { MeetingClient } from "../../realtime/meeting-client";
import { castKey, dropCast, loadCast, newOpId, saveCast, type StoredCast } from "./castStore";

/** A ballot not acknowledged within this time is sent again with the same opId. */
const RETRY_AFTER_TIMEOUT_MS = 3000;

export type CastStatus =
  | { phase: "idle" }
  /** Kept on the tablet; sending, or waiting for the connection to come back. */
  | { phase: "sending"; cast: StoredCast; waiting: boolean }
  | { phase: "done"; cast: StoredCast & { receipt: UnitVoted } }
  /** The server refused the ballot: it was not counted (the message says why). */
  | { phase: "refused"; code: string; message: string };

/**
 * Casting one poll's ballot for the unit: the opId and the ballot are written to localStorage
 * before the first send, and sent again (same opId) after a reconnect or a reload until an ack
 * arrives; the server answers a repeat with its first answer, so this never casts twice.
 */
export function useCast(
  client: MeetingClient | null,
  connected: boolean,
  ids: { meetingId: string; pollId: string; unit: string },
  onAck: (receipt: UnitVoted) => void,
  onConflict: () => void,
) {
  const key = castKey(ids.meetingId, ids.pollId, ids.unit);
  const [status, setStatus] = useState<CastStatus>(() => statusOf(loadCast(key)));
  const inFlight = useRef(false);
  const callbacks = useRef({ onAck, onConflict });
  callbacks.current = { onAck, onConflict };

  useEffect(() => setStatus(statusOf(loadCast(key))), [key]);

  const attempt = useCallback(
    async (cast: StoredCast) => {
      if (!client || inFlight.current) return;
      inFlight.current = true;
      setStatus({ phase: "sending", cast, waiting: false });
      const res = await client.send(EVENTS.POLL_CAST, { pollId: ids.pollId, opId: cast.opId, ballot: cast.ballot });
      inFlight.current = false;
      if (res.ok) {
        const receipt = { pollId: res.pollId, receipt: res.receipt, castAt: res.castAt };
        const done = { ...cast, receipt };
        saveCast(key, done);
        setStatus({ phase: "done", cast: done });
        callbacks.current.onAck(receipt);
        return;
      }
      if (res.error.code === "OFFLINE" || res.error.code === "TIMEOUT") {
        // Not answered: keep it, the next connect (or the timer) sends the same opId again.
        setStatus({ phase: "sending", cast, waiting: true });
        return;
      }
      // Refused, so not counted: drop the kept ballot; a new choice gets a new opId.
      dropCast(key);
      setStatus({ phase: "refused", code: res.error.code, message: res.error.message });
      // Voted from the other tablet, or the poll closed meanwhile: fetch the poll's state again.
      if (res.error.code === "ALREADY_VOTED" || res.error.code === "POLL_NOT_OPEN" || res.error.code === "CONFLICT") callbacks.current.onConflict();
    },
    [client, ids.pollId, key],
  );

  // After a (re)connect or a reload: send what is kept and not yet acknowledged.
  useEffect(() => {
    const kept = loadCast(key);
    if (connected && kept && !kept.receipt) void attempt(kept);
  }, [connected, key, attempt]);

  // A timeout while connected: try again a little later with the same opId.
  useEffect(() => {
    if (status.phase !== "sending" || !status.waiting || !connected) return;
    const timer = setTimeout(() => void attempt(status.cast), RETRY_AFTER_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [status, connected, attempt]);

  const cast = useCallback(
    (ballot: Ballot) => {
      const kept: StoredCast = { opId: newOpId(), ballot, savedAt: Date.now(), receipt: null };
      saveCast(key, kept);
      void attempt(kept);
    },
    [key, attempt],
  );
  const reset = useCallback(() => setStatus({ phase: "idle" }), []);
  return { status, cast, reset };
}

function statusOf(kept: StoredCast | null): CastStatus {
  if (!kept) return { phase: "idle" };
  if (kept.receipt) return { phase: "done", cast: { ...kept, receipt: kept.receipt } };
  return { phase: "sending", cast: kept, waiting: true };
}
