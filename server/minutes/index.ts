import express from "express";
import type { Domain } from "../domains";
import { requireMeetingRole, type Authed } from "../http/auth";
import { renderMinutesPdf } from "../pdf/index";
import { minutesInput } from "./assemble";

/** The minutes of the conference as PDF, at every stage ("DỰ THẢO" until the pledge is final). */
export const minutesDomain: Domain = {
  name: "minutes",
  routes(ctx) {
    const r = express.Router();
    r.get("/meetings/:id/minutes.pdf", requireMeetingRole(ctx.registry, "any", ctx.adminToken), async (_req, res) => {
      const { room } = res.locals.authed as Authed;
      const pdf = await renderMinutesPdf(await minutesInput(ctx, room));
      res.setHeader("Content-Type", "application/pdf");
      res.setHeader("Content-Disposition", `inline; filename="bien-ban-${room.id}.pdf"`);
      res.send(pdf);
    });
    return r;
  },
};
