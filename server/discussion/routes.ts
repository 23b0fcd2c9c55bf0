import { createHash } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { documentIdSchema } from "../../shared/protocol/discussion";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { ServerContext } from "../context";
import { sendBusy } from "../documents/generate";
import { requireMeetingRole, sendError, type Authed } from "../http/auth";
import { organisersOnly } from "./http-roles";
import { checkPdf } from "./pdf-check";
import { discussionOf, documentView } from "./service";
import { printRoutes } from "./print-routes";
import { refuseWritesIfArchived } from "../admin/archive";
import { reply, serve } from "../http/reply";
import { DOCUMENTS, UPLOAD_DOCUMENT } from "../../shared/protocol/http/documents";

const authed = (res: Response) => res.locals.authed as Authed;

const uploadQuerySchema = z.object({
  title: z.string().trim().min(1, "title is required").max(300),
  agendaIndex: z.coerce.number().int().min(0).optional(),
});

/**
 * Meeting documents over HTTP (docs/protocol.md, "Discussion"): organisers attach PDFs; every join
 * link of the meeting lists and reads them. A document's bytes never change (its id is its hash), so
 * the PDF is cached for good by the browser and the tablets' offline cache.
 */
export function discussionRoutes(ctx: ServerContext): express.Router {
  const discussion = discussionOf(ctx);
  const r = express.Router();
  const anyone = requireMeetingRole(ctx.registry, "any", ctx.adminToken);
  const organisers = organisersOnly(ctx);
  // MAX_DOCUMENT_MB, read at start-up; the HTTP layer's body cap follows it (server/http/body.ts).
  const maxBytes = ctx.config.maxDocumentBytes;
  const mb = ctx.config.MAX_DOCUMENT_MB;
  const tooLarge = (res: Response) =>
    sendError(res, 413, { code: ERROR_CODES.PAYLOAD_TOO_LARGE, message: `Tệp lớn hơn ${mb} MB. (The file is larger than ${mb} MB.)` });

  serve(
    r,
    UPLOAD_DOCUMENT,
    organisers,
    refuseWritesIfArchived(ctx.store),
    (req, res, next) => {
      // Refused before a byte of an oversize body is read, when the client says how big it is.
      if (Number(req.header("content-length") ?? 0) > maxBytes) return tooLarge(res);
      if (!req.is("application/pdf"))
        return sendError(res, 415, { code: ERROR_CODES.NOT_A_PDF, message: "Hãy gửi tệp PDF (Content-Type: application/pdf). (Send a PDF, Content-Type: application/pdf.)" });
      next();
    },
    express.raw({ type: "application/pdf", limit: maxBytes }),
    async (req, res) => {
      const { room, session } = authed(res);
      const query = uploadQuerySchema.safeParse(req.query);
      if (!query.success)
        return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: `Thiếu hoặc sai tham số: ${query.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}.` });
      const { title, agendaIndex } = query.data;
      if (agendaIndex !== undefined && agendaIndex >= room.definition.agenda.length)
        return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: `Chương trình chỉ có ${room.definition.agenda.length} mục. (The agenda has ${room.definition.agenda.length} items.)` });
      const body: unknown = req.body;
      const bytes = Buffer.isBuffer(body) ? new Uint8Array(body.buffer, body.byteOffset, body.byteLength) : new Uint8Array();
      if (bytes.byteLength === 0) return sendError(res, 400, { code: ERROR_CODES.NOT_A_PDF, message: "Tệp rỗng. (The file is empty.)" });
      const check = await checkPdf(bytes);
      if (!check.ok) return sendError(res, 400, { code: ERROR_CODES.NOT_A_PDF, message: check.reason });
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const { document, existing } = await discussion.attach(
        room,
        session,
        { id: sha256.slice(0, 16), title, sha256, bytes: bytes.byteLength, pages: check.pages, agendaIndex: agendaIndex ?? null, uploadedAt: Date.now() },
        bytes,
      );
      reply(res, UPLOAD_DOCUMENT, { document: documentView(document), existing }, existing ? 200 : 201);
    },
  );

  serve(r, DOCUMENTS, anyone, async (_req, res) => {
    const { room } = authed(res);
    reply(res, DOCUMENTS, { documents: (await discussion.documents(room)).map(documentView) });
  });

  r.get("/meetings/:id/documents/:docId", anyone, async (req, res) => {
    const { room } = authed(res);
    const id = documentIdSchema.safeParse(req.params.docId);
    const doc = id.success ? (await discussion.documents(room)).find((d) => d.id === id.data) : undefined;
    if (!doc) return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có tài liệu này. (No such document.)" });
    const etag = `"${doc.sha256}"`;
    // The same URL always has the same bytes: cache for good, revalidation answers 304.
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "private, max-age=31536000, immutable");
    if (req.header("if-none-match") === etag) return res.status(304).end();
    const pdf = await discussion.store.readBlob(doc.sha256);
    if (!pdf) return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Tệp của tài liệu bị thiếu. (The document's file is missing.)" });
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `inline; filename="${doc.id}.pdf"`);
    res.setHeader("X-Content-SHA256", doc.sha256);
    res.send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  r.use(printRoutes(ctx));

  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (sendBusy(res, err)) return;
    if ((err as { type?: string }).type === "entity.too.large") return tooLarge(res);
    next(err);
  });
  return r;
}
