import { afterEach, describe, expect, it } from "vitest";
import { execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { startChildServer, type ChildServer } from "../helpers/child-server";
import { tempDataDir, tokenOf } from "../helpers/server";
import { LOCK_FILE } from "../../server/storage/lock";

const run = promisify(execFile);
const children: ChildServer[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) await c.kill("SIGTERM");
});

/** Starts server/main.ts and waits for it to exit (a refused start), collecting its output. */
function startExpectingExit(dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("server/main.ts")], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "1", ADMIN_TOKEN: "child-admin-token-0123456789", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      if (code === null || code === 0) child.kill("SIGKILL");
      resolve({ code, stderr, stdout });
    });
    // A second server that did start would keep running: stop it after its listen line so the test fails clearly.
    child.stdout.on("data", () => {
      if (/"message":"listening"/.test(stdout)) child.kill("SIGKILL");
    });
  });
}

/** A fingerprint of every file in the data folder: names, sizes and contents. */
function folderFingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) out[name] = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  }
  return out;
}

const post = (url: string, body: unknown, token: string) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe("one process per data folder", () => {
  it("refuses a second server on the same folder, names the folder and the holder's pid, and touches nothing", async () => {
    const dataDir = tempDataDir();
    const first = await startChildServer(dataDir);
    children.push(first);
    const created = (await (await post(`${first.url}/api/meetings`, JSON.parse(fs.readFileSync("shared/definition/demo-cum8-2021.json", "utf8")), first.adminToken)).json()) as {
      meetingId: string;
      links: { chair: string };
    };
    const journalBefore = await (await fetch(`${first.url}/api/meetings/${created.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(created.links.chair)}` } })).json();
    const before = folderFingerprint(dataDir);

    // DEMO=1 on the second start: had it opened the folder, it would have created the demo meeting.
    const second = await startExpectingExit(dataDir);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`Thư mục dữ liệu ${fs.realpathSync(dataDir)}`);
    expect(second.stderr).toContain(`pid ${first.process.pid}`);
    expect(second.stderr).toContain("(The data folder");
    expect(second.stdout).not.toContain("listening");

    expect(folderFingerprint(dataDir)).toEqual(before);
    const journalAfter = await (await fetch(`${first.url}/api/meetings/${created.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(created.links.chair)}` } })).json();
    expect(journalAfter).toEqual(journalBefore);
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
  });

  it("takes over the lock of a killed server", async () => {
    const dataDir = tempDataDir();
    const first = await startChildServer(dataDir);
    await first.kill("SIGKILL");
    const stale = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), "utf8")) as { pid: number };
    expect(stale.pid).toBe(first.process.pid);

    const second = await startChildServer(dataDir);
    children.push(second);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), "utf8")) as { pid: number; url: string };
    expect(lock.pid).toBe(second.process.pid);
    expect(lock.url).toBe(second.url);
    expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
  });

  it("removes its lock on a graceful stop", async () => {
    const dataDir = tempDataDir();
    const first = await startChildServer(dataDir);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(true);
    await first.kill("SIGTERM");
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});

describe("command-line tools and the lock", () => {
  const tsx = (script: string, args: string[], env: Record<string, string>) =>
    run(process.execPath, ["--import", "tsx", path.resolve(script), ...args], { env: { ...process.env, ...env }, encoding: "utf8" });

  it("create-meeting goes through the running server, which stays the only writer", async () => {
    const dataDir = tempDataDir();
    const server = await startChildServer(dataDir);
    children.push(server);
    const file = path.join(dataDir, "cluster.json");
    fs.copyFileSync("shared/definition/demo-cum8-2021.json", file);
    const out = JSON.parse((await tsx("server/cli/create-meeting.ts", [file, "--json"], { DATA_DIR: dataDir, ADMIN_TOKEN: server.adminToken })).stdout) as {
      meetingId: string;
      links: { chair: string };
    };
    // The server knows the meeting at once (it created it), and its links point at the server.
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${tokenOf(out.links.chair)}` } });
    expect(((await me.json()) as { session: { meetingId: string; role: string } }).session).toMatchObject({ meetingId: out.meetingId, role: "chair" });
  });

  it("a writing command refuses a folder held by another live command, and creates nothing", async () => {
    const dataDir = tempDataDir();
    // A live process that holds the lock as a CLI would (this test process itself).
    const held = { pid: process.pid, hostname: (await import("node:os")).hostname(), procStart: null, holder: "cli", startedAt: new Date().toISOString(), url: null, nonce: "x" };
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify(held));
    const file = path.join(dataDir, "cluster.json");
    fs.copyFileSync("shared/definition/demo-cum8-2021.json", file);
    const failure = await tsx("server/cli/create-meeting.ts", [file], { DATA_DIR: dataDir }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(3);
    expect(failure?.stderr).toContain(`pid ${process.pid}`);
    expect(fs.existsSync(path.join(dataDir, "concord.sqlite"))).toBe(false);
    const demo = await tsx("server/cli/demo.ts", ["--json"], { DATA_DIR: dataDir }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(demo?.code).toBe(3);
    expect(fs.existsSync(path.join(dataDir, "concord.sqlite"))).toBe(false);
  });
});
