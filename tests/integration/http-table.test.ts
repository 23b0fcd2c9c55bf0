import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HTTP_ROUTES,
  pathFor,
  type HttpRoute,
  type HttpRouteName,
  type PathParams,
} from "../../shared/protocol/http";
import type { RunningServer } from "../../server/app";
import { finishMorning } from "../helpers/morning";
import { createPoll, joinPolls, SAMPLE_UNITS } from "../helpers/polls";
import { pledgePdf } from "../helpers/pledge";
import { samplePdf } from "../helpers/discussion";
import {
  createMeeting,
  demoDefinitionCopy,
  startTestServer,
  tokenOf,
  type CreatedTestMeeting,
} from "../helpers/server";

/**
 * The HTTP route table (shared/protocol/http) against the real server: every JSON route is called the
 * way the client calls it, and its ok reply must pass the route's own reply schema — the schema the
 * client parses with. The routes' `access` is checked too: no token is refused on every route that
 * is not public, and the roles a route leaves out are refused.
 */
let server: RunningServer;
/** Played to the end: scores locked, polls published, the pledge signed by every unit. */
let finished: CreatedTestMeeting;
/** Untouched: its definition can still be edited. */
let fresh: CreatedTestMeeting;
/** One poll created, not yet published. */
let voting: CreatedTestMeeting & { pollId: string };
let textHash: string;

type Call = {
  route: HttpRoute;
  params: Record<string, string>;
  token?: string;
  body?: unknown;
  pdf?: Buffer;
  query?: Record<string, string>;
  status?: number;
};
const link = (m: CreatedTestMeeting, role: "chair" | "secretary" | "screen" | "public") =>
  tokenOf(m.links[role]);
const delegate = (m: CreatedTestMeeting) => tokenOf(Object.values(m.links.delegates)[0]![0]!);
/** The i-th delegate link from the end: revoked or reissued here, never the one `delegate()` uses. */
const linkIdOf = (m: CreatedTestMeeting, i: number) =>
  m.all.filter((l) => l.role === "delegate").at(-1 - i)!.linkId;

async function send(c: Call): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (c.token) headers.authorization = `Bearer ${c.token}`;
  if (c.body !== undefined) headers["content-type"] = "application/json";
  if (c.pdf) headers["content-type"] = "application/pdf";
  const qs = c.query ? `?${new URLSearchParams(c.query)}` : "";
  const res = await fetch(`${server.url}${pathFor(c.route, c.params as PathParams<HttpRoute>)}${qs}`, {
    method: c.route.method,
    headers,
    body: c.pdf ? new Uint8Array(c.pdf) : c.body !== undefined ? JSON.stringify(c.body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

/** How to call each route with what makes it answer ok (a route may have several calls: each branch of its reply). */
const CASES: Record<HttpRouteName, () => Promise<Call[]> | Call[]> = {
  HEALTH: () => [{ route: HTTP_ROUTES.HEALTH, params: {} }],
  ME: () => [
    { route: HTTP_ROUTES.ME, params: {}, token: link(finished, "chair") },
    { route: HTTP_ROUTES.ME, params: {}, token: delegate(finished) },
  ],
  CREATE_MEETING: () => [
    { route: HTTP_ROUTES.CREATE_MEETING, params: {}, token: server.adminToken, body: demoDefinitionCopy() },
  ],
  JOURNAL: () => [
    { route: HTTP_ROUTES.JOURNAL, params: { id: finished.meetingId }, token: link(finished, "secretary") },
  ],
  LINKS: () => [
    { route: HTTP_ROUTES.LINKS, params: { id: finished.meetingId }, token: link(finished, "chair") },
    { route: HTTP_ROUTES.LINKS, params: { id: finished.meetingId }, token: link(finished, "secretary") },
  ],
  REVOKE_LINK: () => [
    {
      route: HTTP_ROUTES.REVOKE_LINK,
      params: { id: fresh.meetingId, linkId: linkIdOf(fresh, 0) },
      token: link(fresh, "chair"),
    },
  ],
  REISSUE_LINK: () => [
    {
      route: HTTP_ROUTES.REISSUE_LINK,
      params: { id: fresh.meetingId, linkId: linkIdOf(fresh, 1) },
      token: link(fresh, "secretary"),
    },
  ],
  ADMIN_SESSION: () => [{ route: HTTP_ROUTES.ADMIN_SESSION, params: {}, token: server.adminToken }],
  MEETINGS: () => [{ route: HTTP_ROUTES.MEETINGS, params: {}, token: server.adminToken }],
  ADMIN_CREATE_MEETING: () => [
    {
      route: HTTP_ROUTES.ADMIN_CREATE_MEETING,
      params: {},
      token: server.adminToken,
      body: demoDefinitionCopy(),
    },
  ],
  ADMIN_DEFINITION: () => [
    { route: HTTP_ROUTES.ADMIN_DEFINITION, params: { id: finished.meetingId }, token: server.adminToken },
    { route: HTTP_ROUTES.ADMIN_DEFINITION, params: { id: fresh.meetingId }, token: server.adminToken },
  ],
  SAVE_DEFINITION: () => [
    {
      route: HTTP_ROUTES.SAVE_DEFINITION,
      params: { id: fresh.meetingId },
      token: server.adminToken,
      body: demoDefinitionCopy(),
    },
  ],
  NEXT_YEAR: () => [
    { route: HTTP_ROUTES.NEXT_YEAR, params: { id: finished.meetingId }, token: server.adminToken },
    { route: HTTP_ROUTES.NEXT_YEAR, params: { id: fresh.meetingId }, token: server.adminToken },
  ],
  ARCHIVE: () => [
    {
      route: HTTP_ROUTES.ARCHIVE,
      params: { id: fresh.meetingId },
      token: server.adminToken,
      body: { archived: false },
    },
  ],
  ADMIN_LINKS: () => [
    { route: HTTP_ROUTES.ADMIN_LINKS, params: { id: finished.meetingId }, token: server.adminToken },
  ],
  RESULTS: () => [
    {
      route: HTTP_ROUTES.RESULTS,
      params: {},
      token: server.adminToken,
      query: { year: String(demoDefinitionCopy().cluster.year) },
    },
  ],
  ORGANISER_LINKS: () => [{ route: HTTP_ROUTES.ORGANISER_LINKS, params: {}, token: server.adminToken }],
  CREATE_ORGANISER_LINK: () => [
    {
      route: HTTP_ROUTES.CREATE_ORGANISER_LINK,
      params: {},
      token: server.adminToken,
      body: { clusterId: "thanh-hoa-cum-9", label: "Văn phòng cụm 9" },
    },
  ],
  REVOKE_ORGANISER_LINK: async () => {
    const created = (
      await send({
        route: HTTP_ROUTES.CREATE_ORGANISER_LINK,
        params: {},
        token: server.adminToken,
        body: { clusterId: "thanh-hoa-cum-7", label: "Cụm 7" },
      })
    ).body as { link: { linkId: string } };
    return [
      {
        route: HTTP_ROUTES.REVOKE_ORGANISER_LINK,
        params: { linkId: created.link.linkId },
        token: server.adminToken,
      },
    ];
  },
  DOCUMENTS: () => [
    { route: HTTP_ROUTES.DOCUMENTS, params: { id: fresh.meetingId }, token: delegate(fresh) },
  ],
  UPLOAD_DOCUMENT: async () => {
    const pdf = await samplePdf(2);
    const upload = {
      route: HTTP_ROUTES.UPLOAD_DOCUMENT,
      params: { id: fresh.meetingId },
      token: link(fresh, "secretary"),
      pdf,
      query: { title: "Báo cáo", agendaIndex: "1" },
    };
    // The same file twice: 201, then 200 with existing: true.
    return [upload, { ...upload, status: 200 }];
  },
  EMBED: () => [
    { route: HTTP_ROUTES.EMBED, params: { meetingId: finished.meetingId } },
    { route: HTTP_ROUTES.EMBED, params: { meetingId: fresh.meetingId } },
  ],
  POLLS: () => [
    { route: HTTP_ROUTES.POLLS, params: { id: finished.meetingId }, token: delegate(finished) },
    { route: HTTP_ROUTES.POLLS, params: { id: finished.meetingId }, token: link(finished, "chair") },
  ],
  POLL_RESULT: async () => {
    const polls = (
      await send({ route: HTTP_ROUTES.POLLS, params: { id: finished.meetingId }, token: delegate(finished) })
    ).body as { polls: { id: string }[] };
    expect(polls.polls.length).toBeGreaterThan(0);
    return [
      ...polls.polls.map((p) => ({
        route: HTTP_ROUTES.POLL_RESULT,
        params: { id: finished.meetingId, pollId: p.id },
        token: delegate(finished),
      })),
      {
        route: HTTP_ROUTES.POLL_RESULT,
        params: { id: voting.meetingId, pollId: voting.pollId },
        token: delegate(voting),
      },
    ];
  },
  PLEDGE: () => [
    { route: HTTP_ROUTES.PLEDGE, params: { id: finished.meetingId }, token: delegate(finished) },
    { route: HTTP_ROUTES.PLEDGE, params: { id: finished.meetingId }, token: link(finished, "chair") },
    { route: HTTP_ROUTES.PLEDGE, params: { id: fresh.meetingId }, token: link(fresh, "screen") },
  ],
  VERIFY_INFO: () => [
    { route: HTTP_ROUTES.VERIFY_INFO, params: { meetingId: finished.meetingId } },
    { route: HTTP_ROUTES.VERIFY_INFO, params: { meetingId: fresh.meetingId } },
  ],
  VERIFY_CHECK: async () => [
    {
      route: HTTP_ROUTES.VERIFY_CHECK,
      params: { meetingId: finished.meetingId },
      body: { hash: textHash.toUpperCase() },
    },
    { route: HTTP_ROUTES.VERIFY_CHECK, params: { meetingId: fresh.meetingId }, body: { hash: textHash } },
    {
      route: HTTP_ROUTES.VERIFY_CHECK,
      params: { meetingId: finished.meetingId },
      pdf: await pledgePdf(server, finished.meetingId, finished.links.chair),
    },
    {
      route: HTTP_ROUTES.VERIFY_CHECK,
      params: { meetingId: finished.meetingId },
      pdf: Buffer.from("%PDF-1.7 not really"),
    },
  ],
  SCORES_JSON: () => [
    { route: HTTP_ROUTES.SCORES_JSON, params: { id: finished.meetingId }, token: link(finished, "public") },
    { route: HTTP_ROUTES.SCORES_JSON, params: { id: fresh.meetingId }, token: link(fresh, "chair") },
  ],
};

beforeAll(async () => {
  server = await startTestServer();
  finished = await createMeeting(server);
  fresh = await createMeeting(server);
  const v = await createMeeting(server);
  await finishMorning(server, finished, SAMPLE_UNITS, "BDT", "STP");
  const chair = await joinPolls(server, v.links.chair);
  const poll = await createPoll(chair, {
    kind: "motion",
    visibility: "open",
    subject: "pledge",
    title: "Thông qua giao ước",
  });
  chair.close();
  voting = { ...v, pollId: poll.id };
  const pledge = await send({
    route: HTTP_ROUTES.PLEDGE,
    params: { id: finished.meetingId },
    token: delegate(finished),
  });
  textHash = (pledge.body as { textHash: string }).textHash;
}, 90_000);
afterAll(async () => {
  await server?.close();
});

describe("every JSON route of the table", () => {
  it("has a case here (a new route gets one)", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(HTTP_ROUTES).sort());
  });

  it.each(Object.keys(HTTP_ROUTES) as HttpRouteName[])(
    "%s: the server's reply passes the route's reply schema",
    async (name) => {
      for (const call of await CASES[name]()) {
        const { status, body } = await send(call);
        expect({ name, status, body }).toMatchObject({
          status: call.status ?? call.route.status,
          body: { ok: true },
        });
        const parsed = call.route.reply.safeParse(body);
        expect(parsed.success ? [] : parsed.error.issues, `${call.route.method} ${call.route.path}`).toEqual(
          [],
        );
      }
    },
  );
});

describe("the table's access", () => {
  it.each(Object.keys(HTTP_ROUTES) as HttpRouteName[])(
    "%s: refused without a token unless public",
    async (name) => {
      const route: HttpRoute = HTTP_ROUTES[name];
      if (route.access.kind === "public") return;
      const [call] = await CASES[name]();
      const { token: _token, ...anonymous } = call!;
      const { status, body } = await send(anonymous);
      expect(status).toBe(401);
      expect(body).toMatchObject({ ok: false, error: { code: "UNAUTHENTICATED" } });
    },
  );

  it("refuses a delegate on the routes whose roles leave it out, and a cluster organiser on the admin-only ones", async () => {
    const organiser = (
      await send({
        ...(await CASES.CREATE_ORGANISER_LINK())[0]!,
        body: { clusterId: "thanh-hoa-cum-8", label: "Cụm 8" },
      })
    ).body as { token: string };
    for (const [name, route] of Object.entries(HTTP_ROUTES) as [HttpRouteName, HttpRoute][]) {
      const access = route.access;
      let token: string | null = null;
      if (access.kind === "link" && access.roles !== "any" && !access.roles.includes("delegate"))
        token = delegate(finished);
      if (access.kind === "province" && access.adminOnly) token = organiser.token;
      if (access.kind === "admin" || access.kind === "province") token ??= delegate(finished);
      if (!token) continue;
      const [call] = await CASES[name]();
      const { status } = await send({
        ...call!,
        token,
        params: { ...call!.params, ...("id" in call!.params ? { id: finished.meetingId } : {}) },
      });
      expect({ name, status }).toEqual({
        name,
        status:
          access.kind === "link" ||
          (access.kind === "province" && access.adminOnly && token === organiser.token)
            ? 403
            : 401,
      });
    }
  });
});
