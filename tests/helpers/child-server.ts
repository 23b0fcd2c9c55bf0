import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** The real server as a separate process, so a test can kill it with SIGKILL (no graceful stop). */
export interface ChildServer {
  url: string;
  port: number;
  adminToken: string;
  process: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `compiled`: the path of a compiled server's main.mjs (bench/compiled-server.ts) to run with plain node, as
 * `npm start` does; without it the sources run under the tsx loader.
 */
export async function startChildServer(dataDir: string, env: Record<string, string> = {}, compiled?: string): Promise<ChildServer> {
  const adminToken = "child-admin-token-0123456789";
  const child = spawn(process.execPath, compiled ? [compiled] : ["--import", "tsx", path.resolve("server/main.ts")], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", ADMIN_TOKEN: adminToken, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"url":"http:\/\/[^:]+:(\d+)"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    adminToken,
    process: child,
    kill: (signal = "SIGKILL") =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill(signal);
      }),
  };
}
