import * as z from "zod/v4/mini";
import type { Role } from "./roles";
import { roleEnum } from "./http/route";

/** One join link as the chair sees it (GET /api/meetings/:id/links, creation). */
export const issuedLinkSchema = z.object({
  linkId: z.string(),
  role: roleEnum,
  unit: z.nullable(z.string()),
  label: z.string(),
  /** `<base>/join/<token>` */
  url: z.string(),
  revoked: z.boolean(),
});
export type IssuedLink = z.output<typeof issuedLinkSchema>;

/** The links by role, as printed by the demo CLI and returned on creation. */
export const linksByRoleSchema = z.object({
  chair: z.string(),
  secretary: z.string(),
  screen: z.string(),
  public: z.string(),
  delegates: z.record(z.string(), z.array(z.string())),
});
export type LinksByRole = z.output<typeof linksByRoleSchema>;

/** The links of a meeting, by role and one by one (GET …/links, and a creation's reply with its id). */
export const linksReplySchema = z.object({ links: linksByRoleSchema, all: z.array(issuedLinkSchema) });
export type LinksResponse = z.output<typeof linksReplySchema>;

/**
 * Who may see and manage (revoke, reissue) a link of role `target`: the chair manages every link (the
 * admin token acts as the chair); the secretary every link but the chair's, so it can never take the
 * chair's seat; the other roles manage none. Listing follows the same rule: a link you may not manage
 * is not shown to you.
 */
export function mayManageLink(actor: Role, target: Role): boolean {
  switch (actor) {
    case "chair":
      return true;
    case "secretary":
      return target !== "chair";
    case "delegate":
    case "screen":
    case "observer":
      return false;
    default:
      return assertNever(actor);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected role ${String(value)}`);
}
