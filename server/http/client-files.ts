import compression from "compression";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

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
  router.use(precompressedAssets(distDir));
  router.use(compression({ brotli: { params: {} } }));
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders(res, file) {
        const rel = path.relative(distDir, file).split(path.sep).join("/");
        if (rel.startsWith("assets/")) res.setHeader("Cache-Control", `public, max-age=${ASSET_MAX_AGE_S}, immutable`);
        // The service worker decides what the other files are served from; it must never be stale.
        else if (rel === "sw.js" || rel === "index.html" || rel === "asset-manifest.json") res.setHeader("Cache-Control", "no-cache");
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

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Types worth compressing among the built files (images and fonts are compressed already). */
const COMPRESSIBLE = /\.(js|mjs|css|json|svg|txt|map)$/;
type Packed = { br: Buffer; gzip: Buffer; type: string };
const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Hashed assets never change, so each is compressed once, strongly (brotli 9, gzip 9), off the event
 * loop (zlib's thread pool) and kept in memory: the delegate's first load is about 105 KB of brotli
 * instead of 114 KB on the fly. One file at a time: the service worker asks for the whole build at
 * once and the server keeps its cores for the meeting (brotli 11 would save 7 KB more for ten times
 * the CPU). Until a file's packed copy is ready its request falls through to on-the-fly compression.
 */
function precompressedAssets(distDir: string) {
  const packed = new Map<string, Promise<Packed | null>>();
  let queue: Promise<unknown> = Promise.resolve();
  const ready = new Map<string, Packed>();
  const assets = path.join(distDir, "assets");
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !req.path.startsWith("/assets/") || !COMPRESSIBLE.test(req.path)) return next();
    const file = path.join(distDir, req.path);
    if (!file.startsWith(assets + path.sep)) return next();
    const hit = ready.get(file);
    // Brotli whenever the browser takes it (they list gzip first, with the same weight), else gzip.
    const header = req.headers["accept-encoding"] ?? "";
    const encoding = /\bbr\b/.test(header) && req.acceptsEncodings("br") === "br" ? "br" : /\bgzip\b/.test(header) && req.acceptsEncodings("gzip") === "gzip" ? "gzip" : null;
    if (!hit) {
      if (!packed.has(file)) {
        const next = queue.then(() => pack(file));
        queue = next;
        const job = next.then((p) => {
          if (p) ready.set(file, p);
          else packed.delete(file); // not there (yet): try again on a later request
          return p;
        });
        packed.set(file, job);
      }
      return next();
    }
    if (encoding !== "br" && encoding !== "gzip") return next();
    const body = encoding === "br" ? hit.br : hit.gzip;
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("Content-Type", hit.type);
    res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", body.length);
    res.setHeader("Cache-Control", `public, max-age=${ASSET_MAX_AGE_S}, immutable`);
    res.status(200).end(req.method === "HEAD" ? undefined : body);
  };
}

async function pack(file: string): Promise<Packed | null> {
  try {
    const raw = await fs.promises.readFile(file);
    const [br, gz] = await Promise.all([
      brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
      gzip(raw, { level: 9 }),
    ]);
    return { br, gzip: gz, type: TYPES[path.extname(file)] ?? "application/octet-stream" };
  } catch {
    return null;
  }
}
