import type { SessionInfo } from "../../shared/protocol/meeting";
import type { Role } from "../../shared/protocol/roles";
import type { ViewName } from "../router";

/** A signed-in device: its join token and who the server says it is. */
export interface StoredSession {
  token: string;
  session: SessionInfo;
}

// One entry per meeting and role, so a laptop can hold the chair and the screen link at once.
const key = (meetingId: string, role: Role) => `concord.session.${meetingId}.${role}`;

export function saveSession(s: StoredSession): void {
  localStorage.setItem(key(s.session.meetingId, s.session.role), JSON.stringify(s));
}

export function loadSession(meetingId: string, role: Role): StoredSession | null {
  try {
    const raw = localStorage.getItem(key(meetingId, role));
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof s.token !== "string" || !s.session || s.session.meetingId !== meetingId) return null;
    return s as StoredSession;
  } catch {
    return null;
  }
}

export function forgetSession(meetingId: string, role: Role): void {
  localStorage.removeItem(key(meetingId, role));
}

/** The view a role lands on after joining. */
export function homeViewOf(role: Role): ViewName {
  switch (role) {
    case "chair":
    case "secretary":
      return "chair";
    case "delegate":
      return "delegate";
    case "screen":
      return "screen";
    case "observer":
      return "follow";
  }
}

/** Which stored roles may open a view, in order of preference (follow accepts anyone). */
export const VIEW_ROLES: Record<ViewName, readonly Role[]> = {
  delegate: ["delegate"],
  chair: ["chair", "secretary"],
  screen: ["screen", "chair", "secretary"],
  follow: ["observer", "screen", "chair", "secretary", "delegate"],
  cards: ["chair", "secretary"],
};

export function findSession(meetingId: string, view: ViewName): StoredSession | null {
  for (const role of VIEW_ROLES[view]) {
    const s = loadSession(meetingId, role);
    if (s) return s;
  }
  return null;
}
