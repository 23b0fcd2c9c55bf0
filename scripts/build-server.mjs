// Compiles the production server into dist-server/ (esbuild, which tsx already brings): `npm start`
// then runs plain node, without a TypeScript loader. Packages stay external (node_modules, native
// better-sqlite3); our code is bundled, and every dynamic import() becomes a chunk loaded on first
// use (PDF, fonts, .docx, signing). The PDF render worker gets its own compiled entry, and the
// vendored fonts are copied beside the bundle, where server/pdf/fonts.ts looks for them.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const OUT = "dist-server";

export async function buildServer({ metafile = false } = {}) {
  const tmp = `${OUT}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints: {
      main: "server/main.ts",
      // server/documents/render-pool.ts starts new URL("./render-worker-entry.mjs", import.meta.url).
      "render-worker-entry": "server/documents/render-worker.ts",
    },
    outdir: tmp,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    // Chunks beside main.mjs: code that finds files relative to import.meta.url (fonts, the worker) sees one folder.
    chunkNames: "[name]-[hash]",
    metafile,
    logLevel: "warning",
    // Bundled ESM still meets CommonJS-style code in a few dependencies' helpers.
    banner: { js: "import { createRequire as __concordRequire } from 'node:module'; const require = __concordRequire(import.meta.url);" },
  });
  mkdirSync(tmp, { recursive: true });
  cpSync("server/pdf/fonts", path.join(tmp, "fonts"), { recursive: true });
  writeFileSync(path.join(tmp, "BUILT"), `${new Date().toISOString()}\n`);
  if (metafile) writeFileSync(path.join(tmp, "meta.json"), JSON.stringify(result.metafile));
  // Swap in whole, so a server starting meanwhile never sees half a build.
  rmSync(OUT, { recursive: true, force: true });
  cpSync(tmp, OUT, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await buildServer({ metafile: process.argv.includes("--meta") });
  console.log(`Server compiled into ${OUT}/ in ${Date.now() - started} ms`);
}
