import express, { type Response } from "express";
import type { ServerContext } from "../context";
import { documentLimiter } from "../documents/generate";
import type { Authed } from "../http/auth";
import { organisersOnly } from "./http-roles";
import { actorOf } from "../meetings/room";
import type { InvitationsPdfInput } from "../pdf/invitations";
// pdfkit, the fonts and docx load on the first document asked for, not at start-up.
const writers = async () => ({ ...(await import("../pdf/invitations")), ...(await import("../pdf/layout")), ...(await import("./conclusion-docx")), ...(await import("../pdf/conclusion")), ...(await import("./conclusion")) });

const authed = (res: Response) => res.locals.authed as Authed;

/**
 * Printed documents of the discussion domain, for organisers: the invitations (they carry every unit's
 * join tokens, so they are never cached and each issue is journaled) and the conclusion notice.
 */
export function printRoutes(ctx: ServerContext): express.Router {
  const r = express.Router();
  const organisers = organisersOnly(ctx);

  r.get("/meetings/:id/invitations.pdf", organisers, async (_req, res) => {
    const { renderInvitationsPdf, upper } = await writers();
    const { room, session } = authed(res);
    const def = room.definition;
    const links = (await ctx.service.links(room.id)).filter((l) => l.role === "delegate" && !l.revoked);
    const issuer = def.pledge.header.left.at(-1) ?? def.cluster.name;
    const input: InvitationsPdfInput = {
      header: {
        left: def.pledge.header.left,
        right: def.pledge.header.right,
        // Dated when signed: the clerk fills in the day.
        placeDate: `${def.cluster.province}, ngày     tháng     năm ${def.conference.date.slice(0, 4)}`,
      },
      clusterName: def.cluster.name,
      conference: def.conference,
      agenda: def.agenda,
      units: def.units.map((u) => ({
        name: u.name,
        headTitle: u.headTitle,
        links: links.filter((l) => l.unit === u.code).map((l, i) => ({ label: `Đại biểu ${i + 1}`, url: l.url })),
      })),
      signer: [`TM. ${upper(issuer)}`, "TRƯỞNG CỤM"],
    };
    const pdf = await documentLimiter.run(() => renderInvitationsPdf(input));
    // Who printed every unit's join links, and when: a lost sheet can be traced and its links re-issued.
    const entry = await ctx.store.appendJournal(room.id, {
      actor: actorOf(session),
      type: "invitations.issued",
      data: { units: input.units.map((u, i) => ({ unit: def.units[i]!.code, links: u.links.length })) },
    });
    room.noteJournal(entry);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `attachment; filename="giay-moi-${room.id}.pdf"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(pdf);
  });

  r.get("/meetings/:id/conclusion.pdf", organisers, async (_req, res) => {
    const { renderConclusionPdf, conclusionInput } = await writers();
    const { room } = authed(res);
    const input = await conclusionInput(ctx, room);
    const pdf = await documentLimiter.run(() => renderConclusionPdf(input));
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `inline; filename="thong-bao-ket-luan-${room.id}.pdf"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(pdf);
  });

  r.get("/meetings/:id/conclusion.docx", organisers, async (_req, res) => {
    const { renderConclusionDocx, conclusionInput } = await writers();
    const { room } = authed(res);
    const input = await conclusionInput(ctx, room);
    const docx = await documentLimiter.run(() => renderConclusionDocx(input));
    res.setHeader("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    res.setHeader("Content-Disposition", `attachment; filename="thong-bao-ket-luan-${room.id}.docx"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(docx);
  });

  return r;
}
