import * as z from "zod/v4/mini";
import type { MeetingDefinitionInput } from "../definition/schema";
import { epochMs, nullableEpochMs, objectOf, pledgeStageEnum } from "./http/route";

/**
 * The organisers' side for a whole province: the list of meetings (GET /api/meetings), the province
 * results, cluster organiser links. Schemas of the replies (./http/admin.ts), shared by server/admin
 * and client/views/admin; the types are inferred from them.
 */

/** Where a meeting stands, furthest step reached: derived from stored state, never stored. */
export const MEETING_STATUSES = [
  "not_started",
  "in_progress",
  "scores_locked",
  "head_elected",
  "pledge_final",
] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

const unitRef = z.object({ code: z.string(), name: z.string() });
export const electedPairSchema = z.object({ head: z.nullable(unitRef), deputy: z.nullable(unitRef) });
export type ElectedPair = z.output<typeof electedPairSchema>;

export const meetingSummarySchema = z.object({
  meetingId: z.string(),
  title: z.string(),
  /** The cluster's key (clusterKey: its id, else province and name). */
  clusterId: z.string(),
  cluster: z.string(),
  province: z.string(),
  year: z.number(),
  /** The conference day, YYYY-MM-DD. */
  date: z.string(),
  status: z.enum(MEETING_STATUSES),
  /** Units present (checked in or marked) of all units. */
  unitCount: z.number(),
  presentCount: z.number(),
  elected: z.nullable(electedPairSchema),
  pledgeStage: pledgeStageEnum,
  archived: z.boolean(),
  /** Invented sample data (the demo's second cluster) or the demo meeting. */
  sample: z.boolean(),
  createdAt: epochMs(),
});
export type MeetingSummary = z.output<typeof meetingSummarySchema>;

/** Who is asking: the province admin, or one cluster's organiser (then only that cluster's meetings). */
export const adminScopeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("admin") }),
  z.object({ kind: z.literal("cluster"), clusterId: z.string(), label: z.string() }),
]);
export type AdminScope = z.output<typeof adminScopeSchema>;

/** GET /api/meetings. */
export const meetingsReplySchema = z.object({
  scope: adminScopeSchema,
  meetings: z.array(meetingSummarySchema),
});
export type MeetingsResponse = z.output<typeof meetingsReplySchema>;

/** One cluster's row group in the province results (GET /api/results.csv, GET /api/results). */
export const clusterResultSchema = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  province: z.string(),
  year: z.number(),
  meetingId: z.string(),
  /** Locked ranking, best first; null before the lock. */
  ranking: z.nullable(
    z.array(
      z.object({
        rank: z.number(),
        code: z.string(),
        name: z.string(),
        total: z.nullable(z.number()),
        acclaimed: z.nullable(z.boolean()),
      }),
    ),
  ),
  elected: z.nullable(electedPairSchema),
});
export type ClusterResult = z.output<typeof clusterResultSchema>;

/** POST /api/meetings/:id/next-year: a definition for the set-up form, and where it came from. */
export const nextYearReplySchema = z.object({
  definition: objectOf<MeetingDefinitionInput>(),
  from: z.object({
    meetingId: z.string(),
    year: z.number(),
    pledgeStage: pledgeStageEnum,
    elected: z.nullable(electedPairSchema),
  }),
});

/** A cluster organiser link as the admin sees it (the token only once, at creation). */
export const organiserLinkViewSchema = z.object({
  linkId: z.string(),
  clusterId: z.string(),
  label: z.string(),
  createdAt: epochMs(),
  revokedAt: nullableEpochMs(),
  /** Only in the answer to the creation. */
  url: z.optional(z.string()),
});
export type OrganiserLinkView = z.output<typeof organiserLinkViewSchema>;
