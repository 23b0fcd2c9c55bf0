// Builds the client when dist/ is missing or older than any file under client/ or shared/,
// so `npm start` on a fresh checkout just works and a second start does not rebuild.
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

const built = existsSync("dist/index.html") ? statSync("dist/index.html").mtimeMs : 0;
if (built < Math.max(newest("client"), newest("shared"), statSync("vite.config.ts").mtimeMs)) {
  console.log("Building the client…");
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" });
}
