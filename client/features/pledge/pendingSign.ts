import type { PledgeSign } from "../../../shared/protocol/pledge";

/**
 * A signature sent but not yet acknowledged, kept across reloads: after a reconnect the same payload
 * (same opId) is sent again, and the server answers a retry with its first answer.
 */
const key = (meetingId: string, unit: string) => `concord.pledgeSign.${meetingId}.${unit}`;

export function loadPendingSign(meetingId: string, unit: string): PledgeSign | null {
  try {
    const raw = localStorage.getItem(key(meetingId, unit));
    if (!raw) return null;
    const p = JSON.parse(raw) as Partial<PledgeSign>;
    return typeof p.opId === "string" && typeof p.hash === "string" && Array.isArray(p.strokes) ? (p as PledgeSign) : null;
  } catch {
    return null;
  }
}

export function savePendingSign(meetingId: string, unit: string, payload: PledgeSign): void {
  try {
    localStorage.setItem(key(meetingId, unit), JSON.stringify(payload));
  } catch {
    // Private mode: the signature is still sent; it just does not survive a reload.
  }
}

export function clearPendingSign(meetingId: string, unit: string): void {
  try {
    localStorage.removeItem(key(meetingId, unit));
  } catch {
    // nothing stored
  }
}

export function newOpId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `sign-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
