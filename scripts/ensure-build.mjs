// Builds what `npm start` runs when it is missing or older than its sources, so `npm start` on a
// fresh checkout just works and a second start does not rebuild:
//  - the client (dist/, vite) from client/ and shared/;
//  - the server (dist-server/, esbuild through scripts/build-server.mjs) from server/ and shared/,
//    so production runs plain node with no TypeScript loader.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const newest = (dir) => {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
};
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const lockfile = existsSync("package-lock.json") ? statSync("package-lock.json").mtimeMs : 0;

if (builtAt("dist/index.html") < Math.max(newest("client"), newest("shared"), statSync("vite.config.ts").mtimeMs)) {
  console.log("Building the client…");
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
}

if (builtAt("dist-server/BUILT") < Math.max(newest("server"), newest("shared"), statSync("scripts/build-server.mjs").mtimeMs, lockfile)) {
  console.log("Compiling the server…");
  const { buildServer } = await import("./build-server.mjs");
  await buildServer();
}
