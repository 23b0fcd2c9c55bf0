import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import type { LinksResponse } from "../../shared/protocol/links";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const get = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const post = (path: string, token: string) => fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
const codeOf = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

/** What an attacker holding the secretary's link would want to change: the chair's link row and the journal. */
async function chairLinkState() {
  const link = await server.store.getLink(m.meetingId, "chair");
  const journal = await server.store.readJournal(m.meetingId);
  return { generation: link!.generation, tokenHash: link!.tokenHash, revokedAt: link!.revokedAt, journal: journal.length };
}

describe("the secretary's link requests", () => {
  beforeAll(async () => {
    m = await createMeeting(server);
  });

  it("lists every link but the chair's, and the chair's token appears nowhere in the answer", async () => {
    const res = await get(`/api/meetings/${m.meetingId}/links`, tokenOf(m.links.secretary));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(tokenOf(m.links.chair));
    const body = JSON.parse(text) as LinksResponse;
    expect(body.all.some((l) => l.role === "chair" || l.linkId === "chair")).toBe(false);
    expect(body.links.chair).toBe("");
    expect(body.all.map((l) => l.linkId)).toEqual(expect.arrayContaining(["secretary", "screen", "public", "delegate-BDT-1", "delegate-BDT-2"]));
    expect(body.all).toHaveLength(m.all.length - 1);
  });

  it("cannot revoke the chair's link: 403 FORBIDDEN, the link and the journal unchanged, the chair still joins", async () => {
    const before = await chairLinkState();
    const res = await post(`/api/meetings/${m.meetingId}/links/chair/revoke`, tokenOf(m.links.secretary));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("FORBIDDEN");
    expect(body.error.message).toMatch(/^Chỉ chủ trì/);
    expect(await chairLinkState()).toEqual(before);
    expect((await get("/api/me", tokenOf(m.links.chair))).status).toBe(200);
  });

  it("cannot reissue the chair's link (which would hand it a chair token): 403, nothing changed", async () => {
    const before = await chairLinkState();
    const res = await post(`/api/meetings/${m.meetingId}/links/chair/reissue`, tokenOf(m.links.secretary));
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe("FORBIDDEN");
    expect(await chairLinkState()).toEqual(before);
    expect((await get("/api/me", tokenOf(m.links.chair))).status).toBe(200);
  });

  it("still manages the delegates', the screen's and the public link", async () => {
    expect((await post(`/api/meetings/${m.meetingId}/links/delegate-DUK-2/revoke`, tokenOf(m.links.secretary))).status).toBe(200);
    expect((await server.store.getLink(m.meetingId, "delegate-DUK-2"))!.revokedAt).not.toBeNull();
    const reissued = await post(`/api/meetings/${m.meetingId}/links/delegate-DUK-2/reissue`, tokenOf(m.links.secretary));
    expect(reissued.status).toBe(200);
    const { link } = (await reissued.json()) as { link: { url: string } };
    expect((await get("/api/me", tokenOf(link.url))).status).toBe(200);
    expect((await post(`/api/meetings/${m.meetingId}/links/screen/reissue`, tokenOf(m.links.secretary))).status).toBe(200);
  });

  it("an unknown link is 404, not a hint of what exists", async () => {
    const res = await post(`/api/meetings/${m.meetingId}/links/delegate-NOPE-1/revoke`, tokenOf(m.links.secretary));
    expect(res.status).toBe(404);
    expect(await codeOf(res)).toBe("NOT_FOUND");
  });
});

describe("the chair and the admin", () => {
  it("the chair sees every link, its own included, and manages the secretary's", async () => {
    const meeting = await createMeeting(server);
    const body = (await (await get(`/api/meetings/${meeting.meetingId}/links`, tokenOf(meeting.links.chair))).json()) as LinksResponse;
    expect(body.all).toHaveLength(meeting.all.length);
    expect(body.links.chair).toBe(meeting.links.chair);
    expect((await post(`/api/meetings/${meeting.meetingId}/links/secretary/reissue`, tokenOf(meeting.links.chair))).status).toBe(200);
    expect((await get("/api/me", tokenOf(meeting.links.secretary))).status).toBe(401);
  });

  it("the admin sees and reissues the chair's link", async () => {
    const meeting = await createMeeting(server);
    const body = (await (await get(`/api/meetings/${meeting.meetingId}/links`, server.adminToken)).json()) as LinksResponse;
    expect(body.links.chair).toBe(meeting.links.chair);
    const res = await post(`/api/meetings/${meeting.meetingId}/links/chair/reissue`, server.adminToken);
    expect(res.status).toBe(200);
    const { link } = (await res.json()) as { link: { url: string } };
    expect((await get("/api/me", tokenOf(meeting.links.chair))).status).toBe(401);
    expect(((await (await get("/api/me", tokenOf(link.url))).json()) as { session: { role: string } }).session.role).toBe("chair");
  });

  it("delegates, the screen and followers see no links at all", async () => {
    const meeting = await createMeeting(server);
    for (const link of [meeting.links.delegates.BDT![0]!, meeting.links.screen, meeting.links.public]) {
      const res = await get(`/api/meetings/${meeting.meetingId}/links`, tokenOf(link));
      expect(res.status).toBe(403);
      expect(await codeOf(res)).toBe("FORBIDDEN");
    }
  });
});
