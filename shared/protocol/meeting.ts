import { z } from "zod";
import { unitCodeSchema, type UnitRole } from "../definition/schema";
import type { Role } from "./roles";
import type { ScoreStage } from "./scores";
import type { DocumentsState, SpeakersState } from "./discussion";
import type { MeetingPhase } from "../discussion/phase";

/** What the big screen (and the follow view) shows; the chair chooses. */
export const screenViewSchema = z.enum(["welcome", "agenda", "attendance", "scores", "poll", "pledge", "speaker", "document"]);
export type ScreenView = z.infer<typeof screenViewSchema>;

export const rollcallMarkSchema = z.object({
  unit: unitCodeSchema,
  /** "auto" removes a manual mark: the unit counts as present once a delegate has checked in. */
  mark: z.enum(["present", "absent", "auto"]),
});
export type RollcallMark = z.infer<typeof rollcallMarkSchema>;

export const agendaGotoSchema = z.object({ index: z.number().int().min(0) });
export type AgendaGoto = z.infer<typeof agendaGotoSchema>;

export const screenShowSchema = z.object({ view: screenViewSchema });
export type ScreenShow = z.infer<typeof screenShowSchema>;

export const emptySchema = z.object({}).strict();

export interface UnitSummary {
  code: string;
  name: string;
  shortName: string;
  headTitle: string;
  role: UnitRole;
}

export interface AttendanceRow {
  unit: string;
  /** Counts for quorum: the manual mark if any, else checked in. */
  present: boolean;
  /** A delegate of the unit has joined at least once. */
  checkedIn: boolean;
  /** Delegate devices connected right now. */
  online: number;
  /** The chair's manual mark, if any. */
  mark: "present" | "absent" | null;
}

export interface QuorumState {
  met: boolean;
  present: number;
  members: number;
  required: number;
}

/** Everything every view needs about the meeting; sent on connect and after every change. */
export interface MeetingState {
  meetingId: string;
  title: string;
  cluster: { name: string; province: string; year: number; supervisingBody?: string };
  conference: { title: string; date: string; venue?: string };
  units: UnitSummary[];
  agenda: { title: string; time?: string; owner?: string }[];
  agendaIndex: number;
  screen: ScreenView;
  attendance: AttendanceRow[];
  quorum: QuorumState;
  /** Connected organiser, screen and observer devices (delegates are in attendance). */
  others: { chair: number; secretary: number; screen: number; observer: number };
  /** The score table's stage and, once locked, the ranking (unit codes in rank order). */
  scores: { stage: ScoreStage; ranking: string[] | null; lockedAt: number | null };
  journalHead: { seq: number; hash: string };
  /** Requests to speak: who has the floor (unit, kind, start, limit) and who waits, in order (server/discussion). */
  speakers: SpeakersState;
  /** Meeting documents: how many, and the page the presenter shows on the big screen (server/discussion). */
  documents: DocumentsState;
  /**
   * "comments" between the definition's discussion.commentsOpenFrom and the conference date (the pledge
   * draft open for proposals; no polls, signing or requests to speak), "closed" before it, else "day".
   */
  phase: MeetingPhase;
  /** True while the meeting is in rehearsal: every view shows "DIỄN TẬP"; rehearsal:end removes what was done. */
  rehearsal?: boolean;
  /** Increases with every change, so a client can drop a stale state. */
  version: number;
}

/** What never changes while a meeting is loaded: sent in the full state only (on connect and resync), never in a delta. */
export type StaticMeetingKey = "title" | "cluster" | "conference" | "units" | "agenda";

/**
 * meeting:state between full states: every live key (small) and only the attendance rows that changed, from
 * the room's version `from` to `version`. A client holding version v applies it when from ≤ v < version
 * (rows changed in (from, version] are all here); below `from` it missed one and asks meeting:resync.
 */
export type MeetingStateDelta = Omit<MeetingState, StaticMeetingKey | "attendance"> & {
  delta: true;
  from: number;
  attendance: AttendanceRow[];
};

/** meeting:state on the wire: the full state (connect, resync) or a delta. */
export type MeetingStateMessage = MeetingState | MeetingStateDelta;

// The delta rules live in a module without zod, so the tablet's first load does not carry the schemas.
export { applyMeetingDelta, isMeetingDelta } from "./meeting-delta";

/** Who this connection is, as the server sees it. */
export interface SessionInfo {
  meetingId: string;
  role: Role;
  unit: string | null;
  linkId: string;
  label: string;
}
