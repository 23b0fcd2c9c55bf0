import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { RunningServer } from "../../server/app";
import { startChildServer, type ChildServer } from "./child-server";
import { startRedis, type TestRedis } from "./redis";
import { demoDefinitionCopy, tempDataDir, type CreatedTestMeeting } from "./server";

/**
 * Several real Concord processes (`tsx server/main.ts`, own ports and data folders) in Redis mode on one
 * Redis the test starts (AOF always), sharing LINK_SECRET and ADMIN_TOKEN as production instances do.
 */
export interface Instance extends ChildServer {
  name: string;
  dataDir: string;
}

export interface Instances {
  /** Replace it after a restart (TestRedis.restart gives a new handle), so close() stops the running one. */
  redis: TestRedis;
  list: Instance[];
  /** Environment every instance gets (STORE, REDIS_URL, LINK_SECRET). */
  env: Record<string, string>;
  /** Starts one more instance (or a replacement for a killed one, e.g. on its PORT) on the same Redis. */
  start(name: string, env?: Record<string, string>): Promise<Instance>;
  close(): Promise<void>;
}

export async function startInstances(count = 2, opts: { redis?: TestRedis; env?: Record<string, string> } = {}): Promise<Instances> {
  const redis = opts.redis ?? (await startRedis());
  const env: Record<string, string> = {
    STORE: "redis",
    REDIS_URL: redis.url,
    LINK_SECRET: crypto.randomBytes(32).toString("hex"),
    ...opts.env,
  };
  const list: Instance[] = [];
  const start = async (name: string, extra: Record<string, string> = {}): Promise<Instance> => {
    const dataDir = tempDataDir();
    // LOG_LEVEL info: the helper learns the port from the "listening" line.
    const child = await startChildServer(dataDir, { ...env, ...extra });
    const inst: Instance = Object.assign(child, { name, dataDir });
    list.push(inst);
    return inst;
  };
  // One after the other: two cold tsx starts at once on a two-core machine only slow each other.
  try {
    for (let i = 0; i < count; i++) await start(String.fromCharCode(65 + i));
  } catch (err) {
    // Leave nothing running behind a failed start.
    await Promise.all(list.map((i) => i.kill("SIGKILL")));
    if (!opts.redis) await redis.stop();
    throw err;
  }
  const instances: Instances = {
    redis,
    list,
    env,
    start,
    async close() {
      // A clean stop, or SIGKILL after five seconds (a stop waiting on a Redis the test killed).
      const running = list.filter((i) => i.process.exitCode === null && i.process.signalCode === null);
      await Promise.all(
        running.map((i) => {
          const hard = setTimeout(() => void i.kill("SIGKILL"), 5_000);
          return i.kill("SIGTERM").finally(() => clearTimeout(hard));
        }),
      );
      if (!opts.redis) await instances.redis.stop();
    },
  };
  return instances;
}

/** What the socket and HTTP helpers use of a server: its address and admin token. */
export type Target = Pick<RunningServer, "url" | "adminToken" | "port">;

/** An instance (or nginx) as the helpers' RunningServer (they read only url, port and adminToken). */
export const asServer = (t: Target): RunningServer => t as unknown as RunningServer;

/** Creates the demo meeting (or `definition`) through one instance's HTTP API. */
export async function createMeetingOn(t: Target, definition: unknown = demoDefinitionCopy()): Promise<CreatedTestMeeting> {
  const res = await fetch(`${t.url}/api/meetings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${t.adminToken}` },
    body: JSON.stringify(definition),
  });
  if (res.status !== 201) throw new Error(`create meeting failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreatedTestMeeting;
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

export interface TestNginx extends Target {
  process: ChildProcess;
  dir: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx as a plain process (daemon off, pid, logs and temp files in a temporary folder) in
 * front of `upstreams` ("127.0.0.1:port"), configured as deploy/nginx.conf configures production:
 * round robin, WebSocket upgrade for /socket.io/ and /yjs/, passive health checks, retry of a plain
 * request on the other instance.
 */
export async function startNginx(upstreams: string[], adminToken: string): Promise<TestNginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-nginx-"));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = `
daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream concord {
${upstreams.map((u) => `    server ${u} max_fails=2 fail_timeout=5s;`).join("\n")}
    keepalive 32;
  }
  map $http_upgrade $connection_upgrade { default upgrade; "" ""; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 12m;
    location ~ ^/(socket\\.io|yjs)/ {
      proxy_pass http://concord;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      proxy_buffering off;
    }
    location / {
      proxy_pass http://concord;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
    }
  }
}
`;
  const file = path.join(dir, "nginx.conf");
  fs.writeFileSync(file, conf);
  // Debian installs it in /usr/sbin, which a non-root PATH may lack.
  const bin = process.env.NGINX_PATH ?? (fs.existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx");
  const child = spawn(bin, ["-c", file, "-p", dir], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Ready when it answers on its port.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${out} ${fs.existsSync(`${dir}/error.log`) ? fs.readFileSync(`${dir}/error.log`, "utf8") : ""}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.once("error", () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    adminToken,
    process: child,
    dir,
    async stop() {
      // Fast shutdown: a graceful one (SIGQUIT) waits for the WebSockets it carries to end.
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
