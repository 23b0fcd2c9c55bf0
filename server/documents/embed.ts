import type { EmbedResults } from "../../shared/protocol/embed";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerContext } from "../context";
import { allowFraming } from "../http/headers";
import { sendError } from "../http/auth";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { pledgeService } from "../pledge/service";
import { publishedPolls } from "../polls/results";
import { minutesPdfInput } from "./inputs";
import { reply, serve } from "../http/reply";
import { EMBED } from "../../shared/protocol/http/documents";

const MEETING_ID = /^[A-Za-z0-9_-]{6,40}$/;

export type { EmbedResults } from "../../shared/protocol/embed";

export async function embedResults(ctx: ServerContext, meetingId: string): Promise<EmbedResults | null> {
  const room = MEETING_ID.test(meetingId) ? await ctx.registry.get(meetingId) : null;
  if (!room) return null;
  const def = room.definition;
  const [input, polls, pledge] = await Promise.all([
    minutesPdfInput(ctx, room),
    publishedPolls(ctx, room.id),
    pledgeService(ctx).state(room),
  ]);
  const locked = room.scoreState.stage === "locked";
  return {
    meetingId: room.id,
    cluster: def.cluster.name,
    province: def.cluster.province,
    year: def.cluster.year,
    conference: def.conference,
    ranking: locked
      ? [...input.scores.rows]
          .sort((a, b) => a.rank - b.rank)
          .map((r) => ({ rank: r.rank, unitName: r.unitName, total: r.total }))
      : null,
    results: polls.map((p) => ({ id: p.id, title: p.title, outcome: p.outcome, headline: p.headline })),
    elected: input.elected ?? null,
    pledge: {
      stage: pledge.stage,
      signedCount: pledge.signedCount,
      unitCount: pledge.unitCount,
      textHash: pledge.textHash,
      signatures: pledge.units
        .filter((u) => u.signature)
        .map((u) => ({
          unitName: u.name,
          signerName: u.signature!.signerName,
          signedAt: u.signature!.signedAt,
        })),
    },
  };
}

/** GET /api/embed/:meetingId — public, read-only, the data of the embedded results page (mounted under /api). */
export function embedApi(ctx: ServerContext) {
  const r = express.Router();
  serve(r, EMBED, async (req, res) => {
    const results = await embedResults(ctx, String(req.params.meetingId));
    if (!results)
      return sendError(res, 404, {
        code: ERROR_CODES.NOT_FOUND,
        message: "Không có hội nghị này. (No such meeting.)",
      });
    res.setHeader("Cache-Control", "no-store");
    reply(res, EMBED, results);
  });
  return r;
}

/**
 * The page /embed/<meetingId> may be framed by the origins in EMBED_ORIGINS (CSP frame-ancestors,
 * no X-Frame-Options); every other page keeps the app-wide "nobody frames this". Runs before the SPA
 * fallback, which then serves index.html with these headers. Mounted in server/http/app.ts.
 */
export function embedPage(ctx: ServerContext) {
  const origins = ctx.config.EMBED_ORIGINS ?? [];
  const framing = allowFraming(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    if (!/^\/embed\/[^/]+\/?$/.test(req.path)) return next();
    framing(req, res, next);
  };
}
