import { useCallback, useEffect, useRef, useState } from "react";
import { ERROR_CODES } from "../../../shared/protocol/errors";
import { EVENTS } from "../../../shared/protocol/events";
import type { PledgeSign, PledgeSignatureView, PledgeState } from "../../../shared/protocol/pledge";
import type { ConnectionState } from "../../realtime/useMeeting";
import type { SendAs } from "../../realtime/meeting-client";
import { clearPendingSign, loadPendingSign, savePendingSign } from "./pendingSign";

/** A signature that timed out is sent again after this long (same opId, so never twice). */
const RETRY_MS = 3000;

/** Why the server refused: from its error code, with the head's name from the fresh state. */
export type SignRefusal =
  | { reason: "stale" }
  | { reason: "head_first"; head: string }
  | { reason: "signed" }
  | { reason: "other"; message: string };

function classify(fresh: PledgeState | null, code: string, message: string): SignRefusal {
  switch (code) {
    case ERROR_CODES.ALREADY_SIGNED:
      return { reason: "signed" };
    case ERROR_CODES.TEXT_CHANGED:
      return { reason: "stale" };
    case ERROR_CODES.NOT_YOUR_TURN: {
      const head = fresh?.units.find((u) => u.unit === fresh.headUnit);
      return { reason: "head_first", head: head?.name ?? fresh?.headUnit ?? "" };
    }
    default:
      return { reason: "other", message };
  }
}

export interface UseSigning {
  /** Sent, not yet acknowledged (also after a reload). */
  pending: PledgeSign | null;
  refusal: SignRefusal | null;
  /** The acknowledged signature (before the pledge:state that carries it arrives). */
  signed: PledgeSignatureView | null;
  sign: (payload: PledgeSign) => void;
  dismiss: () => void;
}

/** pledge:sign with the operation kept in localStorage until the server acknowledges it. */
export function useSigning(opts: {
  meetingId: string;
  unit: string;
  /** Only a delegate signs (the protocol table's senders of pledge:sign). */
  send: SendAs<"delegate">;
  connection: ConnectionState;
  refresh: () => Promise<PledgeState | null>;
}): UseSigning {
  const { meetingId, unit, send, connection, refresh } = opts;
  const [pending, setPending] = useState<PledgeSign | null>(() => loadPendingSign(meetingId, unit));
  const [refusal, setRefusal] = useState<SignRefusal | null>(null);
  const [signed, setSigned] = useState<PledgeSignatureView | null>(null);
  const inFlight = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const attempt = useCallback(
    async (payload: PledgeSign) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const res = await send(EVENTS.PLEDGE_SIGN, payload);
      inFlight.current = false;
      if (res.ok) {
        clearPendingSign(meetingId, unit);
        setPending(null);
        setSigned(res.signature);
        void refresh();
        return;
      }
      // Not sent or not answered: keep it; a reconnect (or the timer) sends the same operation again.
      if (res.error.code === "OFFLINE") return;
      if (res.error.code === "TIMEOUT") {
        retry.current = setTimeout(() => void attempt(payload), RETRY_MS);
        return;
      }
      clearPendingSign(meetingId, unit);
      setPending(null);
      setRefusal(classify(await refresh(), res.error.code, res.error.message));
    },
    [send, meetingId, unit, refresh],
  );

  useEffect(() => {
    if (pending && connection === "connected") void attempt(pending);
    return () => clearTimeout(retry.current);
  }, [pending, connection, attempt]);

  const sign = useCallback(
    (payload: PledgeSign) => {
      savePendingSign(meetingId, unit, payload);
      setRefusal(null);
      setPending(payload);
    },
    [meetingId, unit],
  );
  return { pending, refusal, signed, sign, dismiss: () => setRefusal(null) };
}
