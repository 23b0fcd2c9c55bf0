import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { startTestServer, tempDataDir, tokenOf } from "../helpers/server";
import type { RunningServer } from "../../server/app";

const run = promisify(execFile);
const tsx = (script: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, ["--import", "tsx", path.resolve(script), ...args], { env: { ...process.env, ...env }, encoding: "utf8" });

let server: RunningServer | null = null;
afterAll(() => server?.close());

describe("npm run demo -- --json", () => {
  it("creates the demo meeting once and prints working join links, with or without the server running", async () => {
    const dataDir = tempDataDir();
    const env = { DATA_DIR: dataDir, PUBLIC_URL: "http://tablets.example:3000" };
    const first = JSON.parse((await tsx("server/cli/demo.ts", ["--json"], env)).stdout) as { meetingId: string; links: { chair: string; delegates: Record<string, string[]> } };
    expect(first.links.chair).toMatch(/^http:\/\/tablets\.example:3000\/join\/[A-Za-z0-9_-]{32}$/);
    expect(Object.keys(first.links.delegates)).toHaveLength(8);

    server = await startTestServer(dataDir);
    // The server is running now: the CLI reads the same meeting and prints the same links.
    const second = JSON.parse((await tsx("server/cli/demo.ts", ["--json"], env)).stdout) as typeof first;
    expect(second).toEqual(first);
    const me = await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${tokenOf(second.links.delegates.BDT![0]!)}` } });
    expect(((await me.json()) as { session: { unit: string; meetingId: string } }).session).toMatchObject({ unit: "BDT", meetingId: first.meetingId });
    expect((await server.store.listMeetings()).filter((m) => m.isDemo)).toHaveLength(1);
  });
});

describe("npm run verify-journal", () => {
  it("accepts an intact export and names the first broken entry of a tampered one", async () => {
    server ??= await startTestServer();
    const { createMeeting, joinWith, emitAck } = await import("../helpers/server");
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    for (const index of [1, 2, 3]) await emitAck(chair.socket, "agenda:goto", { index });
    chair.socket.disconnect();
    const exported = await (await fetch(`${server.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } })).json();
    const dir = tempDataDir();
    const good = path.join(dir, "journal.json");
    fs.writeFileSync(good, JSON.stringify(exported));
    expect((await tsx("server/cli/verify-journal.ts", [good], {})).stdout).toMatch(/^OK: \d+ entries, head [0-9a-f]{64}/);

    const tampered = exported as { entries: { type: string; data: { index?: number } }[] };
    const moved = tampered.entries.findIndex((e) => e.type === "agenda.moved");
    tampered.entries[moved]!.data.index = 7;
    const bad = path.join(dir, "tampered.json");
    fs.writeFileSync(bad, JSON.stringify(tampered));
    const failure = await tsx("server/cli/verify-journal.ts", [bad], {}).then(
      () => null,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toContain(`BROKEN at entry #${moved + 1}`);
  });
});

describe("npm run create-meeting", () => {
  it("creates a meeting from a definition file and prints its links", async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, "cluster.json");
    fs.writeFileSync(file, fs.readFileSync("shared/definition/demo-cum8-2021.json"));
    const out = JSON.parse((await tsx("server/cli/create-meeting.ts", [file, "--json"], { DATA_DIR: dataDir })).stdout) as { meetingId: string; links: { delegates: Record<string, string[]> } };
    expect(Object.keys(out.links.delegates)).toHaveLength(8);
    const { SqliteStore } = await import("../../server/storage/sqlite");
    const store = new SqliteStore(dataDir);
    expect((await store.getMeeting(out.meetingId))?.definition.cluster.name).toBe("Cụm thi đua số 8");
    await store.close();
  });

  it("refuses an invalid definition, names every bad field and creates nothing", async () => {
    const dataDir = tempDataDir();
    const def = JSON.parse(fs.readFileSync("shared/definition/demo-cum8-2021.json", "utf8")) as { units: { code: string }[]; agenda: unknown[] };
    def.units[0]!.code = "bad code";
    def.agenda = [];
    const file = path.join(dataDir, "bad.json");
    fs.writeFileSync(file, JSON.stringify(def));
    const failure = await tsx("server/cli/create-meeting.ts", [file], { DATA_DIR: dataDir }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("units.0.code");
    expect(failure?.stderr).toContain("agenda");
    const { SqliteStore } = await import("../../server/storage/sqlite");
    const store = new SqliteStore(dataDir);
    expect(await store.listMeetings()).toEqual([]);
    await store.close();
  });
});
