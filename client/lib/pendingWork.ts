import { loadPending } from "../features/scores/pending";
import { loadPendingSign } from "../features/pledge/pendingSign";

/** What this tablet still has to send for its unit: kept in localStorage until the server acknowledges. */
export interface PendingWork {
  scores: number;
  ballots: number;
  signature: boolean;
}

export function pendingWorkOf(meetingId: string, unit: string): PendingWork {
  let ballots = 0;
  try {
    const prefix = `concord.vote.${meetingId}.`;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k?.startsWith(prefix) || !k.endsWith(`.${unit}`)) continue;
      const v = JSON.parse(localStorage.getItem(k) ?? "null") as { receipt?: unknown } | null;
      if (v && !v.receipt) ballots++;
    }
  } catch {
    // Unreadable storage: nothing to show.
  }
  return { scores: loadPending(meetingId, unit).length, ballots, signature: loadPendingSign(meetingId, unit) !== null };
}
