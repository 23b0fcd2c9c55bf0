import express, { type NextFunction, type Request, type Response } from "express";
import type { Domain } from "../domains";
import { requireMeetingRole, type Authed } from "../http/auth";
import { issueDocument, sendBusy } from "../documents/generate";
import { minutesPdfInput } from "../documents/inputs";
import { renderPdf } from "../documents/render-pool";
import { documentRoutes } from "../documents/routes";

/**
 * The minutes of the conference as PDF, at every stage ("DỰ THẢO" until the pledge is final).
 * Rendered once per state version (the whole input is the key) and at most a few at a time.
 */
export const minutesDomain: Domain = {
  name: "minutes",
  routes(ctx) {
    const r = express.Router();
    r.get("/meetings/:id/minutes.pdf", requireMeetingRole(ctx.registry, "any", ctx.adminToken), async (_req, res) => {
      const { room } = res.locals.authed as Authed;
      const input = await minutesPdfInput(ctx, room);
      const pdf = await issueDocument(ctx, {
        kind: "minutes",
        meetingId: room.id,
        input,
        final: !input.draft,
        render: () => renderPdf("minutes", input),
        signing: { reason: `Bien ban hoi nghi ${room.definition.cluster.name}`, location: room.definition.cluster.province },
      });
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Disposition", `inline; filename="bien-ban-${room.id}.pdf"`);
      res.setHeader("Cache-Control", "no-store");
      res.send(pdf);
    });
    // The other documents (.docx, the news item) share the minutes' inputs.
    r.use(documentRoutes(ctx));
    r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
      if (!sendBusy(res, err)) next(err);
    });
    return r;
  },
};
