// Compiles the production server into dist-server/ (esbuild, which tsx already brings): `npm start`
// then runs plain node, without a TypeScript loader. Packages stay external (node_modules, native
// better-sqlite3); our code is bundled, and every dynamic import() becomes a chunk loaded on first
// use (PDF, fonts, .docx, signing). The PDF render worker gets its own compiled entry, and the
// vendored fonts are copied beside the bundle, where server/pdf/fonts.ts looks for them.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const OUT = "dist-server";

/**
 * Packages compiled into the bundle instead of loaded from node_modules at run time: pure ESM, so esbuild keeps only
 * what the server uses (zod/v4/mini's 40-odd locale modules and its JSON-schema generator, the unused halves of zod
 * and lib0) and node loads a few chunks instead of ~110 module files. Idle RSS, issue 12 ("Lean process"):
 * bench/rss.ts measures the server built with these options. yjs, y-protocols and lib0 go together: y-protocols
 * imports yjs, and two copies of yjs in one process break its instanceof checks. Nothing else the server loads
 * imports them. Everything else (CommonJS, native better-sqlite3, lazily loaded PDF/docx/Redis) stays external.
 */
export const BUNDLED_PACKAGES = ["zod", "yjs", "y-protocols", "lib0"];

/** esbuild plugin: every package import is external (as `packages: "external"`) except BUNDLED_PACKAGES. */
export const externalPackagesExceptBundled = {
  name: "external-packages-except-bundled",
  setup(b) {
    // A bare specifier: not relative, not absolute (node: builtins are external on platform node anyway).
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      return BUNDLED_PACKAGES.includes(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/** What the server's bundle is built with (here and in bench/rss.ts, which measures the same build). */
export const SERVER_BUILD_OPTIONS = {
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [externalPackagesExceptBundled],
  // Bundled ESM still meets CommonJS-style code in a few dependencies' helpers.
  banner: { js: "import { createRequire as __concordRequire } from 'node:module'; const require = __concordRequire(import.meta.url);" },
};

/** `out`: where the build goes (dist-server/, what `npm start` runs; the benches build their own copy). */
export async function buildServer({ metafile = false, out = OUT } = {}) {
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    entryPoints: {
      main: "server/main.ts",
      // server/documents/render-pool.ts starts new URL("./render-worker-entry.mjs", import.meta.url).
      "render-worker-entry": "server/documents/render-worker.ts",
    },
    outdir: tmp,
    outExtension: { ".js": ".mjs" },
    ...SERVER_BUILD_OPTIONS,
    sourcemap: "linked",
    // Chunks beside main.mjs: code that finds files relative to import.meta.url (fonts, the worker) sees one folder.
    chunkNames: "[name]-[hash]",
    metafile,
    logLevel: "warning",
  });
  mkdirSync(tmp, { recursive: true });
  cpSync("server/pdf/fonts", path.join(tmp, "fonts"), { recursive: true });
  writeFileSync(path.join(tmp, "BUILT"), `${new Date().toISOString()}\n`);
  if (metafile) writeFileSync(path.join(tmp, "meta.json"), JSON.stringify(result.metafile));
  // Swap in whole, so a server starting meanwhile never sees half a build.
  rmSync(out, { recursive: true, force: true });
  cpSync(tmp, out, { recursive: true });
  rmSync(tmp, { recursive: true, force: true });
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await buildServer({ metafile: process.argv.includes("--meta") });
  console.log(`Server compiled into ${OUT}/ in ${Date.now() - started} ms`);
}
