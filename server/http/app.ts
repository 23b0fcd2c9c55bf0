import express, { type NextFunction, type Request, type Response } from "express";
import fs from "node:fs";
import path from "node:path";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { ServerContext } from "../context";
import type { Domain } from "../domains";
import { errorFields, log } from "../log";
import { meetingRoutes } from "./meetings";
import { adminRoutes } from "../admin/routes";
import { sendError } from "./auth";

export function createHttpApp(ctx: ServerContext, domains: readonly Domain[], distDir: string) {
  const deps = { ...ctx, distDir };
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "2mb" }));

  app.get("/api/health", (_req, res) => res.json({ ok: true, status: "up" }));
  app.use("/api", meetingRoutes(deps));
  app.use("/api", adminRoutes(ctx));
  for (const domain of domains) if (domain.routes) app.use("/api", domain.routes(ctx));
  app.use("/api", (_req, res) => sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "No such API route." }));

  // The built client, with an SPA fallback so /join/<token> and the role views load index.html.
  const index = path.join(deps.distDir, "index.html");
  app.use(express.static(deps.distDir, { index: false, maxAge: "1h" }));
  app.get(/^\/(?!api\/|socket\.io\/|yjs\/).*/, (_req, res) => {
    if (!fs.existsSync(index)) return res.status(503).type("text/plain").send("The client is not built yet: run npm run build.");
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });

  // Malformed JSON and unexpected errors: a clear refusal, nothing changed.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if ((err as { type?: string }).type === "entity.parse.failed")
      return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "The request body is not valid JSON." });
    log.error("http", "request failed", errorFields(err));
    sendError(res, 500, { code: ERROR_CODES.INTERNAL, message: "The server could not do this; nothing was changed." });
  });
  return app;
}
