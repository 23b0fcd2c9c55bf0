import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerContext } from "../context";
import { requireMeetingRole, type Authed } from "../http/auth";
import { minutesPdfInput } from "./inputs";
import { pledgePdfInput } from "../pledge/pdf";
// The .docx writers (docx package) load on the first .docx asked for, not at start-up.
const docxWriters = () => import("./docx");
const pressWriters = () => import("./press");
import { issueDocument } from "./generate";
import { embedApi } from "./embed";

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
  r.use(embedApi(ctx));

  r.get("/meetings/:id/minutes.docx", tokenFromQuery, anyRole, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const input = await minutesPdfInput(ctx, room);
    const file = await issueDocument(ctx, { kind: "minutes-docx", meetingId: room.id, input, render: async () => (await docxWriters()).renderMinutesDocx(input) });
    sendDocx(res, file, `bien-ban-${room.id}.docx`);
  });

  r.get("/meetings/:id/pledge.docx", tokenFromQuery, anyRole, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const input = await pledgePdfInput(ctx, room);
    const file = await issueDocument(ctx, { kind: "pledge-docx", meetingId: room.id, input, render: async () => (await docxWriters()).renderPledgeDocx(input) });
    sendDocx(res, file, `giao-uoc-${room.id}.docx`);
  });

  /** The news item for the portal (organisers): plain text, and the same as .docx. */
  const organisers = requireMeetingRole(ctx.registry, ["chair", "secretary"], ctx.adminToken);
  r.get("/meetings/:id/press.txt", tokenFromQuery, organisers, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("Content-Disposition", `inline; filename="tin-bai-${room.id}.txt"`);
    res.setHeader("Cache-Control", "no-store");
    const { pressItem, pressText } = await pressWriters();
    res.send(pressText(await pressItem(ctx, room)));
  });
  r.get("/meetings/:id/press.docx", tokenFromQuery, organisers, async (_req, res) => {
    const { room } = res.locals.authed as Authed;
    const { pressItem, renderPressDocx } = await pressWriters();
    const item = await pressItem(ctx, room);
    sendDocx(res, await issueDocument(ctx, { kind: "press-docx", meetingId: room.id, input: item, render: () => renderPressDocx(item) }), `tin-bai-${room.id}.docx`);
  });
  return r;
}
