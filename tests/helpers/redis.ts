import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Debian's redis-server; the Redis tests start their own, never the machine's (which keeps nothing on disk). */
export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? "redis-server";

const hasRedis = spawnSync(REDIS_SERVER_PATH, ["--version"], { stdio: "ignore" }).status === 0;
if (!hasRedis) {
  // In CI a missing redis-server must fail the run, not silently skip the Redis tests.
  if (process.env.CI === "true") throw new Error(`redis-server not found (${REDIS_SERVER_PATH}): the Redis tests cannot run in CI.`);
  console.warn(`\n⚠️  redis-server not found (${REDIS_SERVER_PATH}): SKIPPING the Redis tests. Install redis-server or set REDIS_SERVER_PATH.\n`);
}

/** True when the Redis suites must be skipped (local machine without redis-server). */
export const skipRedisTests = !hasRedis;

export interface TestRedis {
  url: string;
  port: number;
  dir: string;
  process: ChildProcess;
  /** SIGKILL (a crash) or SIGTERM; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and folder (the AOF is replayed). */
  restart(): Promise<TestRedis>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real Redis on a free port in a temporary folder, durable as production runs it: AOF on, fsync on
 * every write. Resolves once it accepts connections.
 */
export async function startRedis(opts: { port?: number; dir?: string } = {}): Promise<TestRedis> {
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "concord-redis-"));
  const child = spawn(
    REDIS_SERVER_PATH,
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "yes", "--daemonize", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let log = "";
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${log}`));
    child.once("exit", onExit);
    const check = () => {
      if (/Ready to accept connections/.test(log)) {
        child.off("exit", onExit);
        resolve();
      } else setTimeout(check, 20);
    };
    check();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const redis: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    process: child,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    async restart() {
      await redis.stop();
      return startRedis({ port, dir });
    },
  };
  return redis;
}
