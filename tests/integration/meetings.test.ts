import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, demoDefinitionCopy, joinWith, startTestServer, tokenOf, waitForState } from "../helpers/server";
import type { RunningServer } from "../../server/app";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const get = (path: string, token?: string) => fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("creating a meeting", () => {
  it("returns the meeting id and a join link per role, two per unit", async () => {
    const m = await createMeeting(server);
    expect(m.meetingId).toMatch(/^[A-Za-z0-9_-]{6,}$/);
    for (const role of ["chair", "secretary", "screen", "public"] as const) expect(m.links[role]).toMatch(/^http:\/\/.+\/join\/[A-Za-z0-9_-]{32}$/);
    expect(Object.keys(m.links.delegates).sort()).toEqual(["BDT", "DUK", "SNGV", "SNV", "STP", "TTR", "VPDDBQH", "VPUBND"]);
    for (const urls of Object.values(m.links.delegates)) expect(urls).toHaveLength(2);
    const tokens = m.all.map((l) => tokenOf(l.url));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it("stores tokens only as hashes", async () => {
    const m = await createMeeting(server);
    const links = await server.store.listLinks(m.meetingId);
    const token = tokenOf(m.links.chair);
    expect(links.find((l) => l.linkId === "chair")!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const dump = JSON.stringify(links);
    expect(dump).not.toContain(token);
  });

  it("refuses a request without the admin token", async () => {
    const res = await post("/api/meetings", demoDefinitionCopy(), "not-the-admin-token-at-all");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHENTICATED");
  });

  it("refuses an invalid definition and names every bad field", async () => {
    const def = demoDefinitionCopy() as unknown as Record<string, unknown> & { units: Record<string, unknown>[] };
    def.units[1]!.code = "sngv lower";
    def.units[2]!.role = "head";
    delete (def as Record<string, unknown>).agenda;
    const before = (await server.store.listMeetings()).length;
    const res = await post("/api/meetings", def, server.adminToken);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; problems: { path: string }[] } };
    expect(body.error.code).toBe("INVALID_DEFINITION");
    const paths = body.error.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["units.1.code", "agenda"]));
    expect((await server.store.listMeetings()).length).toBe(before);
  });

  it("refuses a body that is not JSON with a clear error", async () => {
    const res = await post("/api/meetings", "{not json", server.adminToken);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });
});

describe("join links", () => {
  it("tell a device who it is", async () => {
    const m = await createMeeting(server);
    const res = await get("/api/me", tokenOf(m.links.delegates.BDT![0]!));
    const body = (await res.json()) as { session: { role: string; unit: string; meetingId: string }; definition: { units: unknown[] } };
    expect(body.session).toMatchObject({ role: "delegate", unit: "BDT", meetingId: m.meetingId });
    expect(body.definition.units).toHaveLength(8);
  });

  it("refuses an unknown token on HTTP and Socket.IO", async () => {
    expect((await get("/api/me", "x".repeat(32))).status).toBe(401);
    await expect(joinWith(server, `${server.url}/join/${"y".repeat(32)}`)).rejects.toThrow(/not valid/);
  });

  it("refuses a revoked token and disconnects the device that used it", async () => {
    const m = await createMeeting(server);
    const chair = tokenOf(m.links.chair);
    const delegate = await joinWith(server, m.links.delegates.STP![1]!);
    const disconnected = new Promise((resolve) => delegate.socket.on("disconnect", resolve));
    const watcher = await joinWith(server, m.links.secretary);
    const headBefore = watcher.latest().journalHead.seq;
    const res = await post(`/api/meetings/${m.meetingId}/links/delegate-STP-2/revoke`, {}, chair);
    expect(res.status).toBe(200);
    await disconnected;
    // The journal head every view shows moves with the revoke.
    await waitForState(watcher, (s) => s.journalHead.seq > headBefore);
    watcher.socket.disconnect();
    const again = await get("/api/me", tokenOf(m.links.delegates.STP![1]!));
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("TOKEN_REVOKED");
    await expect(joinWith(server, m.links.delegates.STP![1]!)).rejects.toThrow(/revoked/);
    const journal = (await (await get(`/api/meetings/${m.meetingId}/journal`, chair)).json()) as { entries: { type: string }[] };
    expect(journal.entries.map((e) => e.type)).toContain("link.revoked");
  });

  it("lets only the chair and the secretary read the journal and the links", async () => {
    const m = await createMeeting(server);
    for (const link of [m.links.delegates.BDT![0]!, m.links.screen, m.links.public]) {
      expect((await get(`/api/meetings/${m.meetingId}/journal`, tokenOf(link))).status).toBe(403);
      expect((await get(`/api/meetings/${m.meetingId}/links`, tokenOf(link))).status).toBe(403);
    }
    expect((await get(`/api/meetings/${m.meetingId}/links`, tokenOf(m.links.secretary))).status).toBe(200);
  });

  it("do not open another meeting", async () => {
    const a = await createMeeting(server);
    const b = await createMeeting(server);
    expect((await get(`/api/meetings/${b.meetingId}/journal`, tokenOf(a.links.chair))).status).toBe(403);
  });
});
