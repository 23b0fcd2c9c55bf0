import * as z from "zod/v4/mini";
import type { MeetingDefinition, MeetingDefinitionInput } from "../../definition/schema";
import type { JournalEntry } from "../../journal/chain";
import { issuedLinkSchema, linksReplySchema } from "../links";
import { defineRoute, done, objectOf, roleEnum, sha256Hex } from "./route";

/**
 * The meeting's own routes: who a token is, creation, the journal, the join links. GET /api/me is in the
 * delegate's first load: keep this file's imports light (no classic zod, nothing from server/).
 */

/** The session a join token opens (../meeting.ts SessionInfo; tests/types/http.types.ts holds them equal). */
export const sessionInfoSchema = z.object({
  meetingId: z.string(),
  role: roleEnum,
  unit: z.nullable(z.string()),
  linkId: z.string(),
  label: z.string(),
});

/**
 * A meeting definition as the server stored it, after its own (classic zod) schema checked every field:
 * here, that it has the parts every view reads; typed as the definition.
 */
const definitionParts = z.looseObject({
  cluster: z.looseObject({ name: z.string(), province: z.string(), year: z.number() }),
  conference: z.looseObject({ title: z.string(), date: z.string() }),
  units: z.array(z.looseObject({ code: z.string(), name: z.string() })),
  criteria: z.looseObject({}),
  agenda: z.array(z.unknown()),
  rules: z.looseObject({}),
});
export const storedDefinition = () => z.custom<MeetingDefinition>((v) => definitionParts.safeParse(v).success);
/** A definition as sent to be created or saved: parsed by parseMeetingDefinition at the edge (every problem listed). */
export const definitionRequest = () => objectOf<MeetingDefinitionInput>();

/** One journal entry as stored (shared/journal/chain.ts): extra fields pass through untouched, so the hash chain still checks. */
const journalEntryParts = z.looseObject({
  seq: z.number(),
  ts: z.number(),
  actor: z.string(),
  type: z.string(),
  prevHash: z.string(),
  hash: sha256Hex(),
});
const journalEntry = z.custom<JournalEntry>((v) => journalEntryParts.safeParse(v).success && "data" in (v as object));

export const createdMeetingSchema = z.extend(linksReplySchema, { meetingId: z.string() });

export const HEALTH = defineRoute({
  method: "GET",
  path: "/api/health",
  access: { kind: "public" },
  summary: "The server is up (load balancers, the demo).",
  body: "none",
  reply: z.object({ status: z.literal("up") }),
  status: 200,
});

export const ME = defineRoute({
  method: "GET",
  path: "/api/me",
  access: { kind: "link", roles: "any", admin: false },
  summary: "Who the bearer token makes this device, and the meeting definition the views need.",
  body: "none",
  reply: z.object({ session: sessionInfoSchema, definition: storedDefinition() }),
  status: 200,
});

export const CREATE_MEETING = defineRoute({
  method: "POST",
  path: "/api/meetings",
  access: { kind: "admin" },
  summary: "Creates a meeting from a definition (INVALID_DEFINITION lists every problem); its id and one join link per role.",
  body: "json",
  request: definitionRequest(),
  reply: createdMeetingSchema,
  status: 201,
});

export const JOURNAL = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/journal",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary: "The meeting's hash-chained journal, as `npm run verify-journal` reads it.",
  body: "none",
  reply: z.object({ meetingId: z.string(), entries: z.array(journalEntry) }),
  status: 200,
});

export const LINKS = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/links",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary: "The join links the caller may manage (the secretary never sees the chair's), by role and one by one.",
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
  reply: done(),
  status: 200,
});

export const REISSUE_LINK = defineRoute({
  method: "POST",
  path: "/api/meetings/:id/links/:linkId/reissue",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary: "A new URL for a link; the old token stops working.",
  body: "none",
  reply: z.object({ link: issuedLinkSchema }),
  status: 200,
});
