// Runs once before all test files. Browser tests need the built client; build it once here
// rather than in every file (the build takes a few seconds on a 2-core machine).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export default function setup(): void {
  if (process.env.CONCORD_SKIP_BUILD === "1") return;
  if (existsSync("dist/index.html") && process.env.CI !== "true" && process.env.CONCORD_REBUILD !== "1") return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build and leave the
  // service worker out; browser tests must run what a tablet gets.
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}
