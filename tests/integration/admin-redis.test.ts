import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import type { MeetingsResponse } from "../../shared/protocol/admin";
import { skipRedisTests, startRedis, type TestRedis } from "../helpers/redis";
import { createMeeting, emitAck, joinWith, startTestServer, type CreatedTestMeeting } from "../helpers/server";

/**
 * The organisers' home in Redis mode: two servers on one Redis; the archive and the cluster organiser
 * links are stored through the Store, so either instance answers (no 503) and sees what the other did.
 */
describe.skipIf(skipRedisTests)("the organisers' side in Redis mode", () => {
  let redis: TestRedis;
  let a: RunningServer;
  let b: RunningServer;
  let meeting: CreatedTestMeeting;

  beforeAll(async () => {
    redis = await startRedis();
    const env = { STORE: "redis", REDIS_URL: redis.url, LINK_SECRET: crypto.randomBytes(32).toString("hex") };
    a = await startTestServer(undefined, env);
    b = await startTestServer(undefined, env);
    meeting = await createMeeting(a);
  }, 60_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  const call = async <T = Record<string, unknown>>(server: RunningServer, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  it("archives on one instance and lists it archived on the other, journaled once", async () => {
    const archived = await call(a, `/admin/meetings/${meeting.meetingId}/archive`, a.adminToken, { archived: true });
    expect(archived).toMatchObject({ status: 200, body: { ok: true, archived: true } });
    const list = await call<MeetingsResponse>(b, "/meetings", b.adminToken);
    expect(list.status).toBe(200);
    expect(list.body.meetings.find((m) => m.meetingId === meeting.meetingId)?.archived).toBe(true);
    const definition = await call<{ archived: boolean; editable: boolean }>(b, `/admin/meetings/${meeting.meetingId}/definition`, b.adminToken);
    expect(definition.body).toMatchObject({ archived: true, editable: false });
    const journal = await call<{ entries: { type: string }[] }>(b, `/meetings/${meeting.meetingId}/journal`, b.adminToken);
    expect(journal.body.entries.filter((e) => e.type === "meeting.archived")).toHaveLength(1);
  });

  it("hands out a cluster organiser link on one instance that works on the other until revoked there", async () => {
    const created = await call<{ token: string; link: { linkId: string; clusterId: string } }>(a, "/admin/organiser-links", a.adminToken, {
      clusterId: "thanh-hoa-cum-thi-dua-so-8",
      label: "Văn phòng Cụm 8",
    });
    expect(created.status).toBe(201);
    const session = await call(b, "/admin/session", created.body.token);
    expect(session.body).toMatchObject({ ok: true, scope: { kind: "cluster", clusterId: "thanh-hoa-cum-thi-dua-so-8" } });
    const links = await call<{ links: { linkId: string }[] }>(b, "/admin/organiser-links", b.adminToken);
    expect(links.body.links.map((l) => l.linkId)).toContain(created.body.link.linkId);
    expect((await call(b, `/admin/organiser-links/${created.body.link.linkId}/revoke`, b.adminToken, {})).status).toBe(200);
    expect(await call(a, "/admin/session", created.body.token)).toMatchObject({ status: 401, body: { error: { code: "TOKEN_REVOKED" } } });
  });

  it("refuses a rehearsal in Redis mode (not built yet) in Vietnamese, and stores nothing", async () => {
    const fresh = await createMeeting(a);
    const chair = await joinWith(a, fresh.links.chair);
    const before = await a.ctx.store.readJournal(fresh.meetingId);
    const ack = await emitAck<{ ok: boolean; error?: { code: string; message: string } }>(chair.socket, "rehearsal:start", {});
    expect(ack).toMatchObject({ ok: false, error: { code: "STORAGE_FAILED" } });
    expect(ack.error!.message).toMatch(/^Chưa diễn tập được/);
    expect(await a.ctx.store.readJournal(fresh.meetingId)).toEqual(before);
    chair.socket.disconnect();
  });
});
