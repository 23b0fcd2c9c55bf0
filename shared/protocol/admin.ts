import type { MeetingDefinitionInput } from "../definition/schema";
import type { PledgeStage } from "./pledge";

/**
 * The organisers' side for a whole province: the list of meetings (GET /api/meetings), the province
 * results, cluster organiser links. Types shared by server/admin and client/views/admin.
 */

/** Where a meeting stands, furthest step reached: derived from stored state, never stored. */
export const MEETING_STATUSES = ["not_started", "in_progress", "scores_locked", "head_elected", "pledge_final"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export interface ElectedPair {
  head: { code: string; name: string } | null;
  deputy: { code: string; name: string } | null;
}

export interface MeetingSummary {
  meetingId: string;
  title: string;
  /** The cluster's key (clusterKey: its id, else province and name). */
  clusterId: string;
  cluster: string;
  province: string;
  year: number;
  /** The conference day, YYYY-MM-DD. */
  date: string;
  status: MeetingStatus;
  /** Units present (checked in or marked) of all units. */
  unitCount: number;
  presentCount: number;
  elected: ElectedPair | null;
  pledgeStage: PledgeStage;
  archived: boolean;
  /** Invented sample data (the demo's second cluster) or the demo meeting. */
  sample: boolean;
  createdAt: number;
}

export interface MeetingsResponse {
  ok: true;
  /** Who is asking: the province admin, or one cluster's organiser (then only that cluster's meetings). */
  scope: AdminScope;
  meetings: MeetingSummary[];
}

export type AdminScope = { kind: "admin" } | { kind: "cluster"; clusterId: string; label: string };

/** One cluster's row group in the province results (GET /api/results.csv, GET /api/results). */
export interface ClusterResult {
  clusterId: string;
  cluster: string;
  province: string;
  year: number;
  meetingId: string;
  /** Locked ranking, best first; null before the lock. */
  ranking: { rank: number; code: string; name: string; total: number | null; acclaimed: boolean | null }[] | null;
  elected: ElectedPair | null;
}

export interface NextYearResponse {
  ok: true;
  definition: MeetingDefinitionInput;
}

/** A cluster organiser link as the admin sees it (the token only once, at creation). */
export interface OrganiserLinkView {
  linkId: string;
  clusterId: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
  /** Only in the answer to the creation. */
  url?: string;
}
