import type { MeetingState } from "../../shared/protocol/meeting";

/**
 * The last meeting state this device received, kept per meeting in localStorage so a tablet reloaded
 * without Wi-Fi (the service worker serves the app) can show its view, marked "mất kết nối", instead
 * of waiting for a socket that cannot connect. Nothing in it is secret: every view receives it.
 */
const key = (meetingId: string) => `concord.state.${meetingId}`;

export interface KeptState {
  state: MeetingState;
  /** When it was received (ms since the epoch). */
  at: number;
}

export function loadKeptState(meetingId: string): KeptState | null {
  try {
    const raw = localStorage.getItem(key(meetingId));
    if (!raw) return null;
    const v = JSON.parse(raw) as KeptState;
    return v && typeof v.at === "number" && v.state?.meetingId === meetingId ? v : null;
  } catch {
    return null;
  }
}

export function saveKeptState(state: MeetingState): void {
  try {
    localStorage.setItem(key(state.meetingId), JSON.stringify({ state, at: Date.now() } satisfies KeptState));
  } catch {
    // Storage full or private mode: only the offline start loses its picture.
  }
}
