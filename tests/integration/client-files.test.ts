import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import express from "express";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { ASSET_MAX_AGE_S, clientFiles } from "../../server/http/client-files";

/** A built client in a temporary folder: the shell, a hashed chunk, the service worker, a favicon. */
function fakeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-dist-"));
  fs.mkdirSync(path.join(dir, "assets"));
  fs.writeFileSync(path.join(dir, "index.html"), `<!doctype html><title>Concord</title><script src="/assets/index-AbC123.js"></script>`);
  // Large and repetitive enough to be compressed (the threshold is 1 kB).
  fs.writeFileSync(path.join(dir, "assets", "index-AbC123.js"), `export const rows = [${'"Ban Dân tộc tỉnh Thanh Hóa",'.repeat(400)}];\n`);
  fs.writeFileSync(path.join(dir, "sw.js"), `self.addEventListener("fetch", () => {});\n`);
  fs.writeFileSync(path.join(dir, "asset-manifest.json"), JSON.stringify({ assets: ["/assets/index-AbC123.js"] }));
  fs.writeFileSync(path.join(dir, "favicon.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
  return dir;
}

type Res = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function get(base: string, p: string, headers: Record<string, string> = {}): Promise<Res> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${p}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

describe("the built client's files", () => {
  let server: http.Server;
  let base: string;
  let dist: string;

  beforeAll(async () => {
    dist = fakeDist();
    const app = express();
    app.use(clientFiles(dist));
    server = http.createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it("caches hashed assets for a year as immutable", async () => {
    const res = await get(base, "/assets/index-AbC123.js");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe(`public, max-age=${ASSET_MAX_AGE_S}, immutable`);
  });

  it("sends brotli to a browser that takes it and gzip to one that takes only gzip, the same bytes once decoded", async () => {
    const plain = fs.readFileSync(path.join(dist, "assets", "index-AbC123.js"));
    const br = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "gzip, deflate, br" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.body.length).toBeLessThan(plain.length / 4);
    expect(zlib.brotliDecompressSync(br.body).equals(plain)).toBe(true);
    const gz = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).equals(plain)).toBe(true);
    const none = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "identity" });
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.equals(plain)).toBe(true);
  });

  it("compresses a hashed asset once, strongly, and then serves that copy, no larger than on the fly", async () => {
    const plain = fs.readFileSync(path.join(dist, "assets", "index-AbC123.js"));
    const first = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "br" });
    expect(zlib.brotliDecompressSync(first.body).equals(plain)).toBe(true);
    // The packed copy is made in the background; it is the one with a Content-Length (on the fly streams).
    const packed = await vi.waitFor(async () => {
      const res = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "gzip, br" });
      expect(res.headers["content-length"]).toBeDefined();
      return res;
    });
    expect(packed.headers["content-encoding"]).toBe("br");
    expect(packed.headers["content-type"]).toMatch(/javascript/);
    expect(packed.headers["cache-control"]).toBe(`public, max-age=${ASSET_MAX_AGE_S}, immutable`);
    expect(packed.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.brotliDecompressSync(packed.body).equals(plain)).toBe(true);
    expect(packed.body.length).toBeLessThanOrEqual(first.body.length);
    const gz = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).equals(plain)).toBe(true);
    const none = await get(base, "/assets/index-AbC123.js", { "accept-encoding": "identity" });
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(none.body.equals(plain)).toBe(true);
  });

  it("serves the service worker and the app shell with no-cache, so a new build reaches the tablets", async () => {
    const sw = await get(base, "/sw.js");
    expect(sw.status).toBe(200);
    expect(sw.headers["cache-control"]).toBe("no-cache");
    expect(sw.headers["content-type"]).toMatch(/javascript/);
    const manifest = await get(base, "/asset-manifest.json");
    expect(manifest.headers["cache-control"]).toBe("no-cache");
    expect(JSON.parse(manifest.body.toString()).assets).toEqual(["/assets/index-AbC123.js"]);
    for (const p of ["/index.html", "/m/abc/delegate", "/join/some-token"]) {
      const res = await get(base, p);
      expect(res.status, p).toBe(200);
      expect(res.headers["cache-control"], p).toBe("no-cache");
      expect(res.body.toString(), p).toContain("<title>Concord</title>");
    }
  });

  it("serves the favicon with a short cache and answers 404 (not the app shell) for a missing asset", async () => {
    const icon = await get(base, "/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toMatch(/image\/svg\+xml/);
    expect(icon.headers["cache-control"]).toBe("public, max-age=3600");
    const missing = await get(base, "/assets/index-OldHash.js");
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).not.toContain("<title>");
  });

  it("never answers API, Socket.IO or Yjs paths with the app shell", async () => {
    for (const p of ["/api/nothing", "/socket.io/x", "/yjs/m/scores"]) expect((await get(base, p)).status, p).toBe(404);
  });
});
