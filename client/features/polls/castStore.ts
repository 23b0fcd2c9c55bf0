import type { Ballot } from "../../../shared/voting/ballot";
import type { CastReceipt } from "../../../shared/protocol/polls";

/**
 * A ballot kept on the tablet from the moment "Xác nhận" is pressed until the server answers:
 * a reload or a lost connection sends the same opId again, and the server returns its first
 * answer (never a second ballot). After the ack the receipt stays, so the tablet can show it.
 */
export interface StoredCast {
  opId: string;
  ballot: Ballot;
  savedAt: number;
  receipt: CastReceipt | null;
}

const PREFIX = "concord.vote";

export function castKey(meetingId: string, pollId: string, unit: string): string {
  return `${PREFIX}.${meetingId}.${pollId}.${unit}`;
}

/**
 * An unguessable operation id: for a secret poll it is the only key to the sealed receipt.
 * crypto.randomUUID() exists only in secure contexts (https, localhost); tablets that open the
 * room's http://192.168.… address get the same 122 random bits from getRandomValues.
 */
export function newOpId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function loadCast(key: string): StoredCast | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as StoredCast;
    return typeof v.opId === "string" && v.ballot ? v : null;
  } catch {
    return null;
  }
}

/** Returns false when the tablet cannot keep it (private mode, full storage): the cast still goes out. */
export function saveCast(key: string, cast: StoredCast): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(cast));
    return true;
  } catch {
    return false;
  }
}

export function dropCast(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing kept, nothing to drop.
  }
}
