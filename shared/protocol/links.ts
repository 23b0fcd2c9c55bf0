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
