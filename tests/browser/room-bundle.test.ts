import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";

/** The delegate's tablet may download at most this much JavaScript (gzip) before it first renders. */
const DELEGATE_FIRST_RENDER_GZIP = 120 * 1024;

/**
 * Builds the client into a folder of its own (dist/ may be rebuilt by a parallel run) and measures
 * what a tablet opening /m/:id/delegate fetches before the first render: the entry script of
 * index.html, every modulepreload, and every chunk those import statically (not the lazy views).
 */
describe("the delegate's first load", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bundle-"));

  it(`ships ≤ ${DELEGATE_FIRST_RENDER_GZIP / 1024} KB gzip of JS before the first render, the other views in their own chunks`, () => {
    const log = execFileSync("npx", ["vite", "build", "--outDir", out, "--emptyOutDir"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: "production" },
    });
    // Vite's chunk-size warning is at its default (500 kB) and no chunk trips it.
    expect(log).not.toMatch(/larger than 500 kB/);

    const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
    const firstLoad = new Set<string>();
    const queue = [...html.matchAll(/<script[^>]+src="\/assets\/([^"]+\.js)"|<link rel="modulepreload"[^>]+href="\/assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? m[2]!);
    expect(queue.length).toBeGreaterThan(0);
    while (queue.length) {
      const file = queue.shift()!;
      if (firstLoad.has(file)) continue;
      firstLoad.add(file);
      const code = fs.readFileSync(path.join(out, "assets", file), "utf8");
      // Static imports only: `import … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`.
      for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w${},*\s]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(m[1]!);
    }
    const sizes = [...firstLoad].map((f) => ({ f, gz: zlib.gzipSync(fs.readFileSync(path.join(out, "assets", f)), { level: 9 }).length }));
    const total = sizes.reduce((s, x) => s + x.gz, 0);
    console.log(`delegate first load: ${(total / 1024).toFixed(1)} KB gzip in ${sizes.length} files: ${sizes.map((x) => `${x.f} ${(x.gz / 1024).toFixed(1)}`).join(", ")}`);
    expect(total).toBeLessThanOrEqual(DELEGATE_FIRST_RENDER_GZIP);

    // The chair's console, set-up, /verify, the journal and the cards are not among them.
    const all = fs.readdirSync(path.join(out, "assets"));
    for (const view of ["ChairView", "SetupView", "VerifyView", "JournalView", "CardsView"]) {
      const chunk = all.find((f) => f.startsWith(`${view}-`) && f.endsWith(".js"));
      expect(chunk, view).toBeDefined();
      expect(firstLoad.has(chunk!), view).toBe(false);
    }
  }, 120_000);
});
