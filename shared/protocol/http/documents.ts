import * as z from "zod/v4/mini";
import { embedResultsSchema } from "../embed";
import { defineRoute, sha256Hex } from "./route";

/** Meeting documents (server/discussion/routes.ts) and the public embedded results (server/documents/embed.ts). */

/** A document as every link lists it (../discussion.ts MeetingDocumentView; tests/types/http.types.ts holds them equal). */
export const meetingDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  sha256: sha256Hex(),
  bytes: z.number(),
  pages: z.number(),
  /** The agenda item it belongs to, or null for the whole meeting. */
  agendaIndex: z.nullable(z.number()),
  uploadedAt: z.number(),
});

export const DOCUMENTS = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/documents",
  access: { kind: "link", roles: "any", admin: true },
  summary: "The meeting's documents (each PDF at …/documents/:docId, cached for good: its id is its hash).",
  body: "none",
  get reply() {
    return z.object({ documents: z.array(meetingDocumentSchema) });
  },
  status: 200,
});

export const UPLOAD_DOCUMENT = defineRoute({
  method: "POST",
  path: "/api/meetings/:id/documents",
  access: { kind: "link", roles: ["chair", "secretary"], admin: true },
  summary:
    "Attaches a PDF (?title=…&agendaIndex=…, body application/pdf, ≤ MAX_DOCUMENT_MB); 200 with existing: true when the same file is already there.",
  body: "pdf",
  get reply() {
    return z.object({ document: meetingDocumentSchema, existing: z.boolean() });
  },
  status: 201,
});

export const EMBED = defineRoute({
  method: "GET",
  path: "/api/embed/:meetingId",
  access: { kind: "public" },
  summary: "The embedded results page's data: only what is already public (published, locked, signed).",
  body: "none",
  reply: embedResultsSchema,
  status: 200,
});
