import * as admin from "./admin";
import * as documents from "./documents";
import * as journal from "./journal";
import * as links from "./links";
import * as meetings from "./meetings";
import * as pledge from "./pledge";
import * as polls from "./polls";
import * as scores from "./scores";
import type { HttpRoute } from "./route";

/**
 * Every JSON route of the HTTP API, by name (docs/protocol.md, "HTTP routes", lists them; a test keeps
 * the two together). The server replies through server/http/reply.ts, typed by the route; the client
 * calls through client/lib/api.ts callApi, which parses the reply with the route's schema.
 *
 * Views import a route from its own file (./meetings.ts …), not from here, so a chunk carries only the
 * schemas it uses; the server, the tests and the docs read the whole table.
 */
export const HTTP_ROUTES = {
  HEALTH: meetings.HEALTH,
  ME: meetings.ME,
  CREATE_MEETING: admin.CREATE_MEETING,
  JOURNAL: journal.JOURNAL,
  LINKS: links.LINKS,
  REVOKE_LINK: links.REVOKE_LINK,
  REISSUE_LINK: links.REISSUE_LINK,
  ADMIN_SESSION: admin.ADMIN_SESSION,
  MEETINGS: admin.MEETINGS,
  ADMIN_CREATE_MEETING: admin.ADMIN_CREATE_MEETING,
  ADMIN_DEFINITION: admin.ADMIN_DEFINITION,
  SAVE_DEFINITION: admin.SAVE_DEFINITION,
  NEXT_YEAR: admin.NEXT_YEAR,
  ARCHIVE: admin.ARCHIVE,
  ADMIN_LINKS: admin.ADMIN_LINKS,
  RESULTS: admin.RESULTS,
  ORGANISER_LINKS: admin.ORGANISER_LINKS,
  CREATE_ORGANISER_LINK: admin.CREATE_ORGANISER_LINK,
  REVOKE_ORGANISER_LINK: admin.REVOKE_ORGANISER_LINK,
  DOCUMENTS: documents.DOCUMENTS,
  UPLOAD_DOCUMENT: documents.UPLOAD_DOCUMENT,
  EMBED: documents.EMBED,
  POLLS: polls.POLLS,
  POLL_RESULT: polls.POLL_RESULT,
  PLEDGE: pledge.PLEDGE,
  VERIFY_INFO: pledge.VERIFY_INFO,
  VERIFY_CHECK: pledge.VERIFY_CHECK,
  SCORES_JSON: scores.SCORES_JSON,
} as const satisfies Record<string, HttpRoute>;

export type HttpRouteName = keyof typeof HTTP_ROUTES;

/**
 * The routes that answer with a file, not JSON (their refusals are the same JSON ErrorBody). A browser
 * link cannot send a header: the PDFs and .docx files also take ?token= in place of Authorization.
 */
export const FILE_ROUTES = [
  {
    method: "GET",
    path: "/api/meetings/:id/documents/:docId",
    type: "application/pdf",
    summary: "A meeting document's PDF (ETag, cached for good).",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/scores.csv",
    type: "text/csv",
    summary: "The score table as CSV (BOM, scores written 99,5).",
  },
  {
    method: "GET",
    path: "/api/results.csv",
    type: "text/csv",
    summary: "The province's results of one year (?year=YYYY), admin token only.",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/pledge.pdf",
    type: "application/pdf",
    summary: "The pledge (DỰ THẢO until final).",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/pledge.docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    summary: "The pledge, editable.",
  },
  { method: "GET", path: "/api/meetings/:id/minutes.pdf", type: "application/pdf", summary: "The minutes." },
  {
    method: "GET",
    path: "/api/meetings/:id/minutes.docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    summary: "The minutes, editable.",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/press.txt",
    type: "text/plain",
    summary: "The news item for the portal (organisers).",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/press.docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    summary: "The news item, editable (organisers).",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/invitations.pdf",
    type: "application/pdf",
    summary: "Invitations with QR join cards (organisers).",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/conclusion.pdf",
    type: "application/pdf",
    summary: "The conclusion notice (organisers).",
  },
  {
    method: "GET",
    path: "/api/meetings/:id/conclusion.docx",
    type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    summary: "The conclusion notice, editable (organisers).",
  },
] as const;

export * from "./route";
