import * as z from "zod/v4/mini";
import {
  adminScopeSchema,
  clusterResultSchema,
  meetingsReplySchema,
  nextYearReplySchema,
  organiserLinkViewSchema,
} from "../admin";
import { linksReplySchema } from "../links";
import { definitionRequest, storedDefinition } from "./meetings";
import { defineRoute, done } from "./route";

/** The organisers' side of a province (server/admin/routes.ts): the admin token or a cluster organiser's link. */
const province = { kind: "province", adminOnly: false } as const;
const adminOnly = { kind: "province", adminOnly: true } as const;

/** A new meeting's id and every join link. */
export const createdMeetingSchema = z.extend(linksReplySchema, { meetingId: z.string() });

export const CREATE_MEETING = defineRoute({
  method: "POST",
  path: "/api/meetings",
  access: { kind: "admin" },
  summary:
    "Creates a meeting from a definition (INVALID_DEFINITION lists every problem); its id and one join link per role.",
  body: "json",
  get request() {
    return definitionRequest();
  },
  reply: createdMeetingSchema,
  status: 201,
});

export const ADMIN_SESSION = defineRoute({
  method: "GET",
  path: "/api/admin/session",
  access: province,
  summary: "Who the token is: the province admin, or one cluster's organiser.",
  body: "none",
  get reply() {
    return z.object({ scope: adminScopeSchema });
  },
  status: 200,
});

export const MEETINGS = defineRoute({
  method: "GET",
  path: "/api/meetings",
  access: province,
  summary: "Every meeting the token may see, with where it stands.",
  body: "none",
  reply: meetingsReplySchema,
  status: 200,
});

export const ADMIN_CREATE_MEETING = defineRoute({
  method: "POST",
  path: "/api/admin/meetings",
  access: province,
  summary: "As POST /api/meetings, also for a cluster organiser (its own cluster only).",
  body: "json",
  get request() {
    return definitionRequest();
  },
  reply: createdMeetingSchema,
  status: 201,
});

export const ADMIN_DEFINITION = defineRoute({
  method: "GET",
  path: "/api/admin/meetings/:id/definition",
  access: province,
  summary: "The definition for the set-up form, and whether it can still be edited (and why not).",
  body: "none",
  get reply() {
    return z.object({
      meetingId: z.string(),
      definition: storedDefinition(),
      editable: z.boolean(),
      reason: z.nullable(z.string()),
      archived: z.boolean(),
    });
  },
  status: 200,
});

export const SAVE_DEFINITION = defineRoute({
  method: "PUT",
  path: "/api/meetings/:id/definition",
  access: province,
  summary: "Replaces the definition until the meeting begins (then MEETING_STARTED, and why).",
  body: "json",
  get request() {
    return definitionRequest();
  },
  get reply() {
    return z.object({ meetingId: z.string(), definition: storedDefinition() });
  },
  status: 200,
});

export const NEXT_YEAR = defineRoute({
  method: "POST",
  path: "/api/meetings/:id/next-year",
  access: province,
  summary: "Next year's definition from this meeting, for the set-up form (nothing is created).",
  body: "none",
  reply: nextYearReplySchema,
  status: 200,
});

/** { archived: true | false }, nothing else. */
export const archiveRequestSchema = z.strictObject({ archived: z.boolean() });

export const ARCHIVE = defineRoute({
  method: "POST",
  path: "/api/admin/meetings/:id/archive",
  access: province,
  summary: "Archives a meeting (read-only from then on) or brings it back.",
  body: "json",
  request: archiveRequestSchema,
  get reply() {
    return z.object({ meetingId: z.string(), archived: z.boolean() });
  },
  status: 200,
});

export const ADMIN_LINKS = defineRoute({
  method: "GET",
  path: "/api/admin/meetings/:id/links",
  access: province,
  summary:
    "Every join link of the meeting, so the organisers' home can open the chair, the screen and the cards.",
  body: "none",
  reply: linksReplySchema,
  status: 200,
});

export const RESULTS = defineRoute({
  method: "GET",
  path: "/api/results",
  access: adminOnly,
  summary: "The province's results of one year (?year=YYYY): one meeting per cluster, the furthest along.",
  body: "none",
  get reply() {
    return z.object({ year: z.number(), clusters: z.array(clusterResultSchema) });
  },
  status: 200,
});

export const ORGANISER_LINKS = defineRoute({
  method: "GET",
  path: "/api/admin/organiser-links",
  access: adminOnly,
  summary: "The cluster organisers' links (never their tokens).",
  body: "none",
  get reply() {
    return z.object({ links: z.array(organiserLinkViewSchema) });
  },
  status: 200,
});

/** A cluster's id (as shared/definition/schema.ts clusterIdSchema) and a name for the link. */
export const organiserLinkRequestSchema = z.strictObject({
  clusterId: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), z.maxLength(60)),
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});

export const CREATE_ORGANISER_LINK = defineRoute({
  method: "POST",
  path: "/api/admin/organiser-links",
  access: adminOnly,
  summary:
    "A link for one cluster's secretariat: the token is shown once (in the URL's fragment); only its hash is stored.",
  body: "json",
  request: organiserLinkRequestSchema,
  get reply() {
    return z.object({ link: organiserLinkViewSchema, token: z.string() });
  },
  status: 201,
});

export const REVOKE_ORGANISER_LINK = defineRoute({
  method: "POST",
  path: "/api/admin/organiser-links/:linkId/revoke",
  access: adminOnly,
  summary: "Revokes a cluster organiser's link.",
  body: "none",
  get reply() {
    return done();
  },
  status: 200,
});
