import type { Role } from "./roles";

/** One join link as the chair sees it (GET /api/meetings/:id/links, creation). */
export interface IssuedLink {
  linkId: string;
  role: Role;
  unit: string | null;
  label: string;
  /** `<base>/join/<token>` */
  url: string;
  revoked: boolean;
}

/** The links by role, as printed by the demo CLI and returned on creation. */
export interface LinksByRole {
  chair: string;
  secretary: string;
  screen: string;
  public: string;
  delegates: Record<string, string[]>;
}

export interface LinksResponse {
  links: LinksByRole;
  all: IssuedLink[];
}

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
