/**
 * Idle memory (`npm run bench -- rss`): RSS of the server before any client and per idle Yjs
 * connection, for ours compiled (what `npm start` runs), ours under the tsx loader (how it ran
 * before), the reference y-websocket server (@y/websocket-server, run as in bench/yjs/servers.ts) and the
 * naive y-websocket relay (bench/yjs/servers.ts), all in the same run. The servers are bench/yjs/servers.ts
 * bundled by esbuild and forked with plain node: ours with the production server's build options
 * (scripts/build-server.mjs: zod, yjs, y-protocols and lib0 compiled in, the other packages from node_modules),
 * the reference and the naive relay with every package loaded from node_modules, as the reference runs.
 *
 * Two figures before any client: 2 s after the server is ready (the start-up figure this bench has always printed)
 * and idle, 12 s after ready (BENCH_RSS_SETTLE_MS; 12 s when this group runs alone, `npm run bench -- rss`; in the
 * full `npm run bench`, whose whole run must end within four minutes, 2 s unless set, so the two figures are one).
 * In between V8's memory reducer runs in an idle node process (a memory-reducing full GC about 8 s after start-up's
 * last one, once the allocation rate is low: `--trace-gc` shows "Mark-Compact (reduce)"; it had run by 12 s in every
 * bench run on 2026-12-02, later in a probe that kept asking for usage every 2 s) and gives back the young generation
 * that start-up grew: the 2 s figure is a start-up transient, the 12 s one what an idle server holds. No flags: every server runs with node's defaults. The per-connection figure is measured
 * from the idle figure: 300 followers connect, and 2 s later RSS is read again.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type BuildOptions } from "esbuild";
import { SERVER_BUILD_OPTIONS } from "../scripts/build-server.mjs";
import { type ChildReady, type ChildUsage, type ServerKind, sleep } from "./yjs/common";
import { LightFollower, inBatches } from "./yjs/clients";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IDLE_CONNECTIONS = 300;
const SETTLE_DEFAULT_MS = process.argv[2] === "rss" ? 12_000 : 2000;
const SETTLE_MS = Math.max(2000, Number(process.env.BENCH_RSS_SETTLE_MS ?? SETTLE_DEFAULT_MS) || SETTLE_DEFAULT_MS);

interface RssFigures {
  label: string;
  /** 2 s after ready. */
  startMB: number;
  /** SETTLE_MS after ready. */
  idleMB: number;
  perConnectionKB: number;
}

async function measure(label: string, file: string, kind: ServerKind, execArgv: string[]): Promise<RssFigures> {
  const child: ChildProcess = fork(file, [], { execArgv, env: { ...process.env, BENCH_YJS_SERVER: kind } });
  try {
    const ready = await new Promise<ChildReady>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`${label} exited with ${code}`)));
      child.once("message", (m: ChildReady) => resolve(m));
    });
    const ask = () =>
      new Promise<ChildUsage>((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== "usage") return;
          child.off("message", on);
          resolve(m as ChildUsage);
        };
        child.on("message", on);
        child.send({ type: "usage" });
      });
    await sleep(2000);
    const start = await ask();
    let before = start;
    if (SETTLE_MS > 2000) {
      await sleep(SETTLE_MS - 2000);
      before = await ask();
    }
    const followers = Array.from({ length: IDLE_CONNECTIONS }, () => new LightFollower(() => undefined));
    await inBatches(followers, 50, (f) => f.connect(ready.port, ready.meetingId, ready.followers[0]!));
    await sleep(2000);
    const after = await ask();
    for (const f of followers) f.close();
    return { label, startMB: start.rssBytes / 1e6, idleMB: before.rssBytes / 1e6, perConnectionKB: (after.rssBytes - before.rssBytes) / 1e3 / IDLE_CONNECTIONS };
  } finally {
    child.removeAllListeners("exit");
    child.kill();
  }
}

export async function runRssBench(): Promise<boolean> {
  process.stdout.write("Running the idle memory bench (ours compiled, ours under tsx, the reference y-websocket server and the naive relay compiled)…\n");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-rss-"));
  try {
    const servers = path.join(ROOT, "bench/yjs/servers.ts");
    const bundle = async (folder: string, options: BuildOptions) => {
      await build({
        entryPoints: { servers },
        outdir: path.join(out, folder),
        outExtension: { ".js": ".mjs" },
        logLevel: "warning",
        ...options,
      });
      return path.join(out, folder, "servers.mjs");
    };
    const relays = await bundle("relays", {
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      packages: "external",
      banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
    });
    const compiled = await bundle("ours", SERVER_BUILD_OPTIONS);
    // The bundles resolve packages from their folder's parent: give it the project's node_modules.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(out, "node_modules"));
    const rows = [
      await measure("naive relay (node)", relays, "naive", []),
      await measure("reference y-websocket", relays, "reference", []),
      await measure("ours (node, compiled)", compiled, "ours", []),
      await measure("ours (tsx, before)", servers, "ours", ["--import", "tsx"]),
    ];
    const naive = rows[0]!;
    const ref = rows[1]!;
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(8);
    const lines = [
      `Idle memory: RSS 2 s after ready, idle (${SETTLE_MS / 1000} s after ready), and per idle Yjs connection (${IDLE_CONNECTIONS} followers on the score table)`,
      `${"server".padEnd(24)}${"2 s MB".padStart(8)}${"÷ ref".padStart(8)}${"idle MB".padStart(9)}${"÷ ref".padStart(8)}${"÷ naive".padStart(8)}${"KB/conn".padStart(9)}${"÷ ref".padStart(8)}${"÷ naive".padStart(8)}`,
    ];
    for (const r of rows)
      lines.push(
        `${r.label.padEnd(24)}${r.startMB.toFixed(0).padStart(8)}${ratio(r.startMB, ref.startMB)}${r.idleMB.toFixed(0).padStart(9)}${ratio(r.idleMB, ref.idleMB)}${ratio(r.idleMB, naive.idleMB)}${r.perConnectionKB.toFixed(1).padStart(9)}${ratio(r.perConnectionKB, ref.perConnectionKB)}${ratio(r.perConnectionKB, naive.perConnectionKB)}`,
      );
    process.stdout.write(`\n${lines.join("\n")}\n`);
    return true;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
