import express, { type NextFunction, type Request, type Response } from "express";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { ServerContext } from "../context";
import type { Domain } from "../domains";
import { errorFields, log } from "../log";
import { meetingRoutes } from "./meetings";
import { adminRoutes } from "../admin/routes";
import { sendError } from "./auth";
import { securityHeaders } from "./headers";
import { embedPage } from "../documents/embed";
import { clientFiles } from "./client-files";
import { jsonBody, largestBodyBytes, SMALL_JSON_BYTES } from "./body";
import { HEALTH } from "../../shared/protocol/http/meetings";
import { reply, serveAt } from "./reply";
import { VERIFY_CHECK } from "../../shared/protocol/http/pledge";

export function createHttpApp(ctx: ServerContext, domains: readonly Domain[], distDir: string) {
  const deps = { ...ctx, distDir };
  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  // No body is parsed here: each route parses its own, after its token check (./body.ts). A declared
  // length above the largest any route takes is refused before routing, without reading it.
  const maxBody = largestBodyBytes(ctx.config.maxDocumentBytes);
  app.use((req, res, next) => {
    if (Number(req.headers["content-length"] ?? 0) <= maxBody) return next();
    res.setHeader("Connection", "close");
    sendError(res, 413, { code: ERROR_CODES.PAYLOAD_TOO_LARGE, message: tooLarge(maxBody) });
  });

  // A path that does not decode (a bad %-escape) is a bad request on every API route, matched or not.
  app.use("/api", (req, res, next) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: BAD_ESCAPE });
    }
    next();
  });
  serveAt(app, "", HEALTH, (_req, res) => reply(res, HEALTH, { status: "up" }));
  app.use("/api", meetingRoutes(deps));
  app.use("/api", adminRoutes(ctx));
  // The public check of a pledge hash takes { hash } as JSON (the PDF form has its own raw parser): no
  // token, so only a small body.
  serveAt(app, "", VERIFY_CHECK, jsonBody(SMALL_JSON_BYTES));
  for (const domain of domains) if (domain.routes) app.use("/api", domain.routes(ctx));
  app.use("/api", (_req, res) => sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có địa chỉ API này. (No such API route.)" }));
  // /embed/<meetingId> may be framed by EMBED_ORIGINS only (per-route CSP override; server/documents/embed.ts).
  app.use(embedPage(ctx));

  // The built client: compressed, hashed assets cached for good, an SPA fallback (./client-files.ts).
  app.use(clientFiles(deps.distDir));

  // Refusals the parsers and the router raise (too large, malformed JSON, a bad %-escape in the path)
  // keep their 4xx status with a code; only unexpected errors are 500. Nothing was changed either way.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (res.headersSent) return void res.end();
    const e = err as { type?: string; status?: number; limit?: number };
    if (e.type === "entity.too.large")
      return sendError(res, 413, { code: ERROR_CODES.PAYLOAD_TOO_LARGE, message: tooLarge(e.limit ?? 0) });
    if (e.type === "entity.parse.failed")
      return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Nội dung yêu cầu không phải JSON hợp lệ. (The request body is not valid JSON.)" });
    if (err instanceof URIError || (e.status === 400 && /decode/i.test(String((err as Error).message))))
      return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: BAD_ESCAPE });
    if (typeof e.status === "number" && e.status >= 400 && e.status < 500)
      return sendError(res, e.status, { code: ERROR_CODES.BAD_REQUEST, message: `Yêu cầu không hợp lệ. (Bad request: ${(err as Error).message})` });
    log.error("http", "request failed", { method: req.method, path: req.path, ...errorFields(err) });
    sendError(res, 500, { code: ERROR_CODES.INTERNAL, message: "Máy chủ không thực hiện được việc này; chưa có gì thay đổi. (The server could not do this; nothing was changed.)" });
  });
  return app;
}

const BAD_ESCAPE = "Địa chỉ có ký tự mã hoá sai (%…). (The address has a malformed %-escape.)";

function tooLarge(limitBytes: number): string {
  const kb = Math.round(limitBytes / 1024);
  return `Nội dung yêu cầu quá lớn (tối đa ${kb} kB cho địa chỉ này). (The request body is too large: at most ${kb} kB here.)`;
}
