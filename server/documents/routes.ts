import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerContext } from "../context";
import { requireMeetingRole, type Authed } from "../http/auth";
import { minutesPdfInput } from "./inputs";
import { pledgePdfInput } from "../pledge/pdf";
import { renderMinutesDocx, renderPledgeDocx } from "./docx";
import { issueDocument } from "./generate";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A document link opened by the browser cannot send a header: ?token= stands in for Authorization. */
export function tokenFromQuery(req: Request, _res: Response, next: NextFunction): void {
  const token = req.query.token;
  if (!req.headers.authorization && typeof token === "string") req.headers.authorization = `Bearer ${token}`;
  next();
}

function sendDocx(res: Response, file: Buffer, name: string): void {
  res.setHeader("Content-Type", DOCX);
  res.setHeader("Content-Disposition", `attachment; filename="${name}"`);
  res.setHeader("Cache-Control", "no-store");
  res.send(file);
}

/**
 * Editable .docx versions of the minutes and the pledge (same access as their PDFs: any join token
 * of the meeting), made from the same inputs, so they say what the PDFs say. Mounted by the minutes
 * domain, under /api.
 */
export function documentRoutes(ctx: ServerContext) {
  const r = express.Router();
  const anyRole = requireMeetingRole(ctx.registry, "any", ctx.adminToken);

  r.get("/meetings/:id/minutes.docx", tokenFromQuery, anyRole, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const input = await minutesPdfInput(ctx, room);
    const file = await issueDocument(ctx, { kind: "minutes-docx", meetingId: room.id, input, render: () => renderMinutesDocx(input) });
    sendDocx(res, file, `bien-ban-${room.id}.docx`);
  });

  r.get("/meetings/:id/pledge.docx", tokenFromQuery, anyRole, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const input = await pledgePdfInput(ctx, room);
    const file = await issueDocument(ctx, { kind: "pledge-docx", meetingId: room.id, input, render: () => renderPledgeDocx(input) });
    sendDocx(res, file, `giao-uoc-${room.id}.docx`);
  });
  return r;
}
