import * as z from "zod/v4/mini";
import { pledgeStageEnum, sha256Hex } from "./http/route";

/**
 * GET /api/embed/:meetingId (public; docs/protocol.md, "HTTP routes"): what the portal's embedded page
 * shows, only what is already public (published, locked, signed). One schema for server and client.
 */
export const embedResultsSchema = z.object({
  meetingId: z.string(),
  cluster: z.string(),
  province: z.string(),
  year: z.number(),
  conference: z.object({ title: z.string(), date: z.string(), venue: z.optional(z.string()) }),
  /** The agreed ranking once the score table is locked; null before. */
  ranking: z.nullable(z.array(z.object({ rank: z.number(), unitName: z.string(), total: z.number() }))),
  /** Published polls: title and result as read out. */
  results: z.array(
    z.object({ id: z.string(), title: z.string(), outcome: z.string(), headline: z.nullable(z.string()) }),
  ),
  elected: z.nullable(z.object({ year: z.number(), head: z.string(), deputy: z.optional(z.string()) })),
  pledge: z.object({
    stage: pledgeStageEnum,
    signedCount: z.number(),
    unitCount: z.number(),
    textHash: z.nullable(sha256Hex()),
    signatures: z.array(z.object({ unitName: z.string(), signerName: z.string(), signedAt: z.string() })),
  }),
});
export type EmbedResults = z.output<typeof embedResultsSchema>;
