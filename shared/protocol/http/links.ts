import * as z from "zod/v4/mini";
import { issuedLinkSchema, linksReplySchema } from "../links";
import { defineRoute, done } from "./route";

/** The organisers' management of the join links (server/http/meetings.ts): the chair or the secretary, and the admin token. */

export const LINKS = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/links",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary:
    "The join links the caller may manage (the secretary never sees the chair's), by role and one by one.",
  body: "none",
  reply: linksReplySchema,
  status: 200,
});

export const REVOKE_LINK = defineRoute({
  method: "POST",
  path: "/api/meetings/:id/links/:linkId/revoke",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary: "Revokes a link: its devices are disconnected at once (not the caller's own link).",
  body: "none",
  get reply() {
    return done();
  },
  status: 200,
});

export const REISSUE_LINK = defineRoute({
  method: "POST",
  path: "/api/meetings/:id/links/:linkId/reissue",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary: "A new URL for a link; the old token stops working.",
  body: "none",
  get reply() {
    return z.object({ link: issuedLinkSchema });
  },
  status: 200,
});
