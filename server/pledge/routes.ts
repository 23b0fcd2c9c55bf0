import express, { type NextFunction, type Request, type Response } from "express";
import { publishedPolls } from "../polls/results";
import { z } from "zod";
import { canonicalPledgeText, pledgeHash } from "../../shared/pledge/canonical";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { isOrganiser } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { requireMeetingRole, sendError, type Authed } from "../http/auth";
import { sendBusy } from "../documents/generate";
import { textHashFromPdf } from "./pdf-meta";
import { pledgePdf } from "./pdf";
import { pledgeService } from "./service";
import { auditSignature, publicSignature } from "./view";

/** Largest PDF accepted for verification. */
const MAX_PDF_BYTES = 10 * 1024 * 1024;
const MEETING_ID = /^[A-Za-z0-9_-]{6,40}$/;
const verifyHashSchema = z.object({ hash: z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 hex digits") });

const authed = (res: Response) => res.locals.authed as Authed;

/** A PDF link opened by the browser cannot send a header: ?token= stands in for Authorization. */
function tokenFromQuery(req: Request, _res: Response, next: NextFunction): void {
  const token = req.query.token;
  if (!req.headers.authorization && typeof token === "string") req.headers.authorization = `Bearer ${token}`;
  next();
}

export function pledgeRoutes(ctx: ServerContext) {
  const service = pledgeService(ctx);
  const r = express.Router();
  const anyRole = requireMeetingRole(ctx.registry, "any", ctx.adminToken);

  /** The pledge's state, its text (frozen, else the current draft) and the signatures. */
  r.get("/meetings/:id/pledge", anyRole, async (_req, res) => {
    const { room, session } = authed(res);
    const rec = await service.record(room.id);
    const draft = rec.draft ?? (await service.currentDraft(room));
    const organiser = isOrganiser(session.role);
    res.json({
      ok: true,
      state: await service.state(room),
      textHash: rec.textHash,
      text: rec.text ?? canonicalPledgeText(draft),
      /** Hash of the text shown: the frozen hash, or the draft's hash as it stands now. */
      shownHash: rec.textHash ?? pledgeHash(draft),
      signatures: (await service.signatures(room.id)).map((s) => (organiser ? auditSignature(s) : publicSignature(s))),
    });
  });

  r.get("/meetings/:id/pledge.pdf", tokenFromQuery, anyRole, async (_req, res) => {
    const { room } = authed(res);
    const pdf = await pledgePdf(ctx, room);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `inline; filename="giao-uoc-${room.id}.pdf"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(pdf);
  });

  const meetingFor = async (req: Request, res: Response) => {
    const id = String(req.params.meetingId);
    const room = MEETING_ID.test(id) ? await ctx.registry.get(id) : null;
    if (!room) sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "No such meeting." });
    return room;
  };

  /** Public, no token: what anyone needs to check a printed or downloaded pledge. */
  r.get("/verify/:meetingId", async (req, res) => {
    const room = await meetingFor(req, res);
    if (!room) return;
    const state = await service.state(room);
    res.json({
      ok: true,
      meetingId: room.id,
      title: room.definition.conference.title,
      stage: state.stage,
      textHash: state.textHash,
      frozenAt: state.frozenAt,
      finalAt: state.finalAt,
      signedCount: state.signedCount,
      unitCount: state.unitCount,
      signatures: state.units
        .filter((u) => u.signature)
        .map(({ unit, name, signature: s }) => ({
          unit,
          unitName: name,
          signerName: s!.signerName,
          signerTitle: s!.signerTitle,
          onBehalf: s!.onBehalf,
          signedAt: s!.signedAt,
          signatureHash: s!.signatureHash,
        })),
      // The published results, so the public can check the outcomes the minutes quote.
      results: (await publishedPolls(ctx, room.id)).map((p) => ({ id: p.id, title: p.title, visibility: p.visibility, cast: p.cast, threshold: p.threshold, outcome: p.outcome, headline: p.headline })),
      journalHead: await ctx.store.journalHead(room.id),
    });
  });

  /** Checks a pasted hash ({ hash }) or an uploaded pledge PDF (application/pdf) against the frozen text hash. */
  r.post("/verify/:meetingId", express.raw({ type: "application/pdf", limit: MAX_PDF_BYTES }), async (req, res) => {
    const room = await meetingFor(req, res);
    if (!room) return;
    let candidate: string | null;
    let source: "hash" | "pdf";
    if (Buffer.isBuffer(req.body)) {
      source = "pdf";
      candidate = textHashFromPdf(req.body);
    } else {
      const parsed = verifyHashSchema.safeParse(req.body ?? {});
      if (!parsed.success)
        return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Send { hash } as JSON or a PDF as application/pdf." });
      source = "hash";
      candidate = parsed.data.hash;
    }
    const rec = await service.record(room.id);
    res.json({
      ok: true,
      source,
      stage: rec.stage,
      textHash: rec.textHash,
      /** The hash read from the PDF (null: the file carries none) or the one pasted. */
      found: candidate,
      matches: rec.textHash !== null && candidate === rec.textHash,
    });
  });

  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (sendBusy(res, err)) return;
    if ((err as { type?: string }).type === "entity.too.large")
      return sendError(res, 413, { code: ERROR_CODES.BAD_REQUEST, message: "The PDF is larger than 10 MB." });
    next(err);
  });
  return r;
}
