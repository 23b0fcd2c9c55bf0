import compression from "compression";
import express, { type Router } from "express";
import fs from "node:fs";
import path from "node:path";

/** A year: Vite puts a content hash in every /assets/ name, so a changed file is a new URL. */
export const ASSET_MAX_AGE_S = 365 * 24 * 3600;
/** Favicons and other public/ files without a hash in their name: cached briefly, then revalidated. */
const PUBLIC_MAX_AGE_S = 3600;

/**
 * The built client (dist/): compressed (brotli when the browser takes it, else gzip), hashed
 * /assets/* cached for good, the service worker and index.html revalidated on every load (a new
 * build must reach tablets), and an SPA fallback so /join/<token> and the role views load index.html.
 * Only these responses are compressed: API downloads (PDF, DOCX, CSV) keep their length and bytes.
 */
export function clientFiles(distDir: string): Router {
  const router = express.Router();
  const index = path.join(distDir, "index.html");
  router.use(compression({ brotli: { params: {} } }));
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders(res, file) {
        const rel = path.relative(distDir, file).split(path.sep).join("/");
        if (rel.startsWith("assets/")) res.setHeader("Cache-Control", `public, max-age=${ASSET_MAX_AGE_S}, immutable`);
        // The service worker decides what the other files are served from; it must never be stale.
        else if (rel === "sw.js" || rel === "index.html") res.setHeader("Cache-Control", "no-cache");
        else res.setHeader("Cache-Control", `public, max-age=${PUBLIC_MAX_AGE_S}`);
      },
    }),
  );
  // A missing hashed asset is a 404, not index.html: a stale page asking for an old chunk must fail
  // loudly (and the service worker must not cache HTML under a script's name).
  router.get(/^\/assets\//, (_req, res) => {
    res.status(404).type("text/plain").send("Không có tệp này. (No such file.)");
  });
  router.get(/^\/(?!api\/|socket\.io\/|yjs\/).*/, (_req, res) => {
    if (!fs.existsSync(index))
      return res.status(503).type("text/plain").send("Giao diện chưa được dựng: hãy chạy npm run build. (The client is not built yet: run npm run build.)");
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
