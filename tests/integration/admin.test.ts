import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import type { MeetingsResponse } from "../../shared/protocol/admin";
import { parseMeetingDefinition } from "../../shared/definition/schema";
import { finishMorning } from "../helpers/morning";
import { SAMPLE_UNITS } from "../helpers/polls";
import { connectDoc, createMeeting, demoDefinitionCopy, joinWith, startTestServer, storedDoc, tempDataDir, waitForState, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { ensureDemoMeeting } from "../../server/meetings/demo";
import { startupMessage } from "../../server/cli/print-links";
import { pledgeDraft, scoresJson, scoresUnits } from "../../shared/documents/layout";

let server: RunningServer;
let finished: CreatedTestMeeting;
let fresh: CreatedTestMeeting;
let other: CreatedTestMeeting;

type Editable = Omit<ReturnType<typeof demoDefinitionCopy>, "units" | "cluster"> & {
  cluster: ReturnType<typeof demoDefinitionCopy>["cluster"] & { id?: string };
  units: { code: string; name: string; shortName: string; headTitle: string; role: string; crossCheckedBy?: string }[];
  pledge: ReturnType<typeof demoDefinitionCopy>["pledge"] & { header: { title: string } };
};
const editable = (): Editable => demoDefinitionCopy();

/** A second cluster of the province, 4 units, with its own id. */
function otherCluster() {
  const def = editable();
  def.cluster.name = "Cụm thi đua số 3";
  def.cluster.id = "thanh-hoa-cum-3";
  // Cross-checking by rotation among the four.
  def.units = def.units.slice(0, 4).map(({ crossCheckedBy: _, ...u }, i) => ({ ...u, role: i === 0 ? "head" : i === 1 ? "deputy" : "member" }));
  def.scores = def.scores.filter((s) => def.units.some((u) => u.code === s.unit));
  return def;
}

async function call<T = Record<string, unknown>>(path: string, token: string, opts: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/api${path}`, {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${token}`, ...(opts.body === undefined ? {} : { "content-type": "application/json" }) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, body: (res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null) as T };
}
const admin = <T = Record<string, unknown>>(path: string, opts?: { method?: string; body?: unknown }) => call<T>(path, server.adminToken, opts);

beforeAll(async () => {
  server = await startTestServer();
  finished = await createMeeting(server);
  fresh = await createMeeting(server);
  other = await createMeeting(server, otherCluster());
  await finishMorning(server, finished, SAMPLE_UNITS, "BDT", "STP");
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe("GET /api/meetings", () => {
  it("lists every meeting with where it stands, its units and the head and deputy it elected", async () => {
    const res = await admin<MeetingsResponse>("/meetings");
    expect(res.status).toBe(200);
    expect(res.body.scope).toEqual({ kind: "admin" });
    const byId = new Map(res.body.meetings.map((m) => [m.meetingId, m]));
    expect(byId.size).toBe(3);
    expect(byId.get(finished.meetingId)).toMatchObject({
      cluster: "Cụm thi đua số 8",
      clusterId: "thanh-hoa-cum-thi-dua-so-8",
      year: 2021,
      date: "2022-01-14",
      status: "pledge_final",
      unitCount: 8,
      presentCount: 8,
      pledgeStage: "final",
      archived: false,
      elected: { head: { code: "BDT", name: "Ban Dân tộc tỉnh Thanh Hóa" }, deputy: { code: "STP" } },
    });
    expect(byId.get(fresh.meetingId)).toMatchObject({ status: "not_started", presentCount: 0, elected: null, pledgeStage: "drafting" });
    expect(byId.get(other.meetingId)).toMatchObject({ clusterId: "thanh-hoa-cum-3", unitCount: 4, status: "not_started" });
  });

  it("refuses without the admin token and with a delegate's join token", async () => {
    expect((await call("/meetings", "not-a-token-at-all-0000")).status).toBe(401);
    const delegate = fresh.links.delegates.SNGV![0]!.split("/join/")[1]!;
    const res = await call<{ error: { code: string } }>("/meetings", delegate);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("archives a meeting (journaled) and refuses to edit it with ARCHIVED", async () => {
    const archived = await createMeeting(server);
    expect((await admin(`/admin/meetings/${archived.meetingId}/archive`, { body: { archived: true } })).status).toBe(200);
    const list = await admin<MeetingsResponse>("/meetings");
    expect(list.body.meetings.find((m) => m.meetingId === archived.meetingId)?.archived).toBe(true);
    const def = demoDefinitionCopy();
    def.conference.venue = "Hội trường khác";
    const edit = await admin<{ error: { code: string } }>(`/meetings/${archived.meetingId}/definition`, { method: "PUT", body: def });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("ARCHIVED");
    const stored = await server.store.getMeeting(archived.meetingId);
    expect(stored?.definition.conference.venue).toBe("Thanh Hóa");
    const journal = await server.store.readJournal(archived.meetingId);
    expect(journal.map((e) => e.type)).toEqual(["meeting.created", "meeting.archived"]);
  });
});

describe("GET /api/results.csv", () => {
  it("is UTF-8 with a BOM, keeps the Vietnamese, and has one row per unit of each cluster", async () => {
    const res = await admin("/results.csv?year=2021");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await (await fetch(`${server.url}/api/results.csv?year=2021`, { headers: { authorization: `Bearer ${server.adminToken}` } })).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Năm,Tỉnh,Cụm,Hạng,Mã đơn vị,Đơn vị,Tổng điểm,Suy tôn,Trưởng cụm năm sau,Phó Trưởng cụm năm sau");
    const cum8 = lines.filter((l) => l.includes("Cụm thi đua số 8"));
    // One row per unit of the finished meeting (the not-started one of the same cluster stays out).
    expect(cum8).toHaveLength(8);
    expect(cum8[0]).toBe('2021,Thanh Hóa,Cụm thi đua số 8,1,BDT,Ban Dân tộc tỉnh Thanh Hóa,"99,5",Được suy tôn,Ban Dân tộc tỉnh Thanh Hóa,Sở Tư pháp tỉnh Thanh Hóa');
    expect(cum8[3]).toContain(",Không,");
    // The other cluster has not locked its scores: one row saying so.
    const cum3 = lines.filter((l) => l.includes("Cụm thi đua số 3"));
    expect(cum3).toEqual(["2021,Thanh Hóa,Cụm thi đua số 3,,,Chưa thống nhất chấm điểm,,,,"]);
  });

  it("neutralises a unit name that would run as a spreadsheet formula", async () => {
    const def = otherCluster();
    def.cluster.id = "thanh-hoa-cum-9";
    def.cluster.name = "=HYPERLINK(\"http://x\")";
    def.cluster.year = 2030;
    def.conference.date = "2031-01-10";
    await createMeeting(server, def);
    const res = await admin("/results.csv?year=2030");
    expect(res.text).toContain(`'=HYPERLINK(""http://x"")`);
    expect(res.text.split("\r\n").some((l) => l.split(",").some((c) => /^"?=/.test(c)))).toBe(false);
  });

  it("is for the province admin only, and needs a year", async () => {
    expect((await admin("/results.csv")).status).toBe(400);
    const link = await admin<{ token: string }>("/admin/organiser-links", { body: { clusterId: "thanh-hoa-cum-3", label: "Văn phòng Cụm 3" } });
    const res = await call<{ error: { code: string } }>("/results.csv?year=2021", link.body.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  });
});

describe("POST /api/meetings/:id/next-year", () => {
  it("moves a year on, gives the elected head and deputy their roles and offers the signed commitments", async () => {
    const res = await admin<{ ok: boolean; definition: unknown }>(`/meetings/${finished.meetingId}/next-year`, { body: {} });
    expect(res.status).toBe(200);
    const parsed = parseMeetingDefinition(res.body.definition);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const def = parsed.definition;
    expect(def.cluster.year).toBe(2022);
    expect(def.conference.date).toBe("2023-01-14");
    expect(def.conference.title).toBe("Hội nghị tổng kết phong trào thi đua, khen thưởng năm 2022, ký giao ước thi đua năm 2023");
    expect(def.units.filter((u) => u.role !== "member").map((u) => [u.code, u.role])).toEqual([
      ["BDT", "head"],
      ["STP", "deputy"],
    ]);
    expect(def.units.map((u) => u.code)).toEqual([...SAMPLE_UNITS]);
    const sample = demoDefinitionCopy();
    expect(def.criteria.groups.map((g) => [g.id, g.max])).toEqual(sample.criteria.groups.map((g) => [g.id, g.max]));
    expect(def.rules).toEqual(parseMeetingDefinition(sample).ok && (parseMeetingDefinition(sample) as { definition: { rules: unknown } }).definition.rules);
    expect(def.pledge.header.title).toBe("BẢN GIAO ƯỚC THI ĐUA NĂM 2023");
    expect(def.pledge.sections.map((s) => s.commitments.length)).toEqual(sample.pledge.sections.map((s) => s.commitments.length));
    expect(def.scores).toEqual([]);
    // Nothing was created.
    expect((await server.store.listMeetings()).length).toBe(5);
  });
});

describe("cluster organiser links", () => {
  let token: string;
  beforeAll(async () => {
    const res = await admin<{ token: string; link: { url: string; clusterId: string } }>("/admin/organiser-links", {
      body: { clusterId: "thanh-hoa-cum-3", label: "Thư ký Cụm thi đua số 3" },
    });
    expect(res.status).toBe(201);
    token = res.body.token;
    expect(res.body.link.url).toMatch(/\/admin#k=/);
  });

  it("keeps only the token's hash", () => {
    const rows = server.store.database.prepare("SELECT * FROM organiser_links").all() as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("lists only its own cluster's meetings", async () => {
    const res = await call<MeetingsResponse>("/meetings", token);
    expect(res.status).toBe(200);
    expect(res.body.scope).toMatchObject({ kind: "cluster", clusterId: "thanh-hoa-cum-3" });
    expect(res.body.meetings.map((m) => m.meetingId)).toEqual([other.meetingId]);
  });

  it("is refused with OTHER_CLUSTER on another cluster's meeting, and nothing changes", async () => {
    const before = await server.store.getMeeting(fresh.meetingId);
    const journalBefore = await server.store.readJournal(fresh.meetingId);
    const def = demoDefinitionCopy();
    def.conference.venue = "Sửa trộm";
    for (const [path, method, body] of [
      [`/meetings/${fresh.meetingId}/definition`, "PUT", def],
      [`/meetings/${fresh.meetingId}/next-year`, "POST", {}],
      [`/admin/meetings/${fresh.meetingId}/links`, "GET", undefined],
      [`/admin/meetings/${fresh.meetingId}/archive`, "POST", { archived: true }],
      ["/admin/meetings", "POST", def],
    ] as const) {
      const res = await call<{ error: { code: string } }>(path, token, { method, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe("OTHER_CLUSTER");
    }
    expect(await server.store.getMeeting(fresh.meetingId)).toEqual(before);
    expect(await server.store.readJournal(fresh.meetingId)).toEqual(journalBefore);
    expect((await admin<MeetingsResponse>("/meetings")).body.meetings.find((m) => m.meetingId === fresh.meetingId)?.archived).toBe(false);
  });

  it("cannot move its own meeting into another cluster", async () => {
    const def = demoDefinitionCopy();
    const res = await call<{ error: { code: string } }>(`/meetings/${other.meetingId}/definition`, token, { method: "PUT", body: def });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("OTHER_CLUSTER");
  });

  it("sets up its own cluster's meeting, and stops working once revoked", async () => {
    const def = otherCluster();
    def.conference.venue = "Nhà văn hóa";
    const ok = await call<{ definition: { conference: { venue: string } } }>(`/meetings/${other.meetingId}/definition`, token, { method: "PUT", body: def });
    expect(ok.status).toBe(200);
    expect(ok.body.definition.conference.venue).toBe("Nhà văn hóa");
    const list = await admin<{ links: { linkId: string; clusterId: string }[] }>("/admin/organiser-links");
    const mine = list.body.links.filter((l) => l.clusterId === "thanh-hoa-cum-3");
    for (const l of mine) await admin(`/admin/organiser-links/${l.linkId}/revoke`, { body: {} });
    const res = await call<{ error: { code: string } }>("/meetings", token);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("TOKEN_REVOKED");
  });
});

describe("PUT /api/meetings/:id/definition", () => {
  it("edits a meeting that has not begun: units added and removed, links and score rows follow", async () => {
    const m = await createMeeting(server);
    const def = editable();
    def.units = def.units.filter((u) => u.code !== "STP").map(({ crossCheckedBy: _, ...u }) => u);
    def.units.push({ code: "SXD", name: "Sở Xây dựng tỉnh Thanh Hóa", shortName: "Sở Xây dựng", headTitle: "Giám đốc", role: "member" });
    def.scores = def.scores.filter((s) => s.unit !== "STP");
    const res = await admin(`/meetings/${m.meetingId}/definition`, { method: "PUT", body: def });
    expect(res.status).toBe(200);
    const links = await server.store.listLinks(m.meetingId);
    expect(links.some((l) => l.unit === "STP")).toBe(false);
    expect(links.filter((l) => l.unit === "SXD")).toHaveLength(2);
    const newLinks = await admin<{ links: { delegates: Record<string, string[]> } }>(`/admin/meetings/${m.meetingId}/links`);
    const sxd = await joinWith(server, newLinks.body.links.delegates.SXD![0]!);
    expect(sxd.latest().units.map((u) => u.code)).toContain("SXD");
    sxd.socket.disconnect();
    const journal = await server.store.readJournal(m.meetingId);
    expect(journal.at(-2)).toMatchObject({ type: "meeting.definition_updated", data: { removedUnits: ["STP"], addedUnits: ["SXD"] } });
  });

  it("reaches an open chair console: its score rows and pledge draft follow the edit, as stored", async () => {
    const m = await createMeeting(server);
    const scores = await connectDoc(server, m.meetingId, "scores", m.links.chair);
    const pledge = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    const chair = await joinWith(server, m.links.chair);
    const def = editable();
    def.units = def.units.filter((u) => u.code !== "TTR").map(({ crossCheckedBy: _, ...u }) => u);
    def.scores = def.scores.filter((s) => s.unit !== "TTR");
    def.pledge.header.title = "BẢN GIAO ƯỚC THI ĐUA NĂM 2022 (SỬA)";
    expect((await admin(`/meetings/${m.meetingId}/definition`, { method: "PUT", body: def })).status).toBe(200);
    await waitUntil(() => !scoresUnits(scores.doc).has("TTR"), 5000, "the removed unit's row to leave the open document");
    await waitUntil(() => String((pledgeDraft(pledge.doc).get("title") as { toString(): string }) ?? "") === "BẢN GIAO ƯỚC THI ĐUA NĂM 2022 (SỬA)", 5000, "the new title");
    await waitForState(chair, (st) => !st.units.some((u) => u.code === "TTR"));
    const stored = await storedDoc(server, m.meetingId, "scores");
    expect([...scoresUnits(stored).keys()].sort()).toEqual(def.units.map((u) => u.code).sort());
    expect(scoresJson(stored)).toEqual(scoresJson(scores.doc));
    // The chair, secretary, screen or public link opening the meeting does not start it: a second edit still goes through.
    expect((await admin(`/meetings/${m.meetingId}/definition`, { method: "PUT", body: def })).status).toBe(200);
    scores.destroy();
    pledge.destroy();
    chair.socket.disconnect();
  });

  it("refuses with MEETING_STARTED and the reason once a unit has checked in, and keeps the definition", async () => {
    const m = await createMeeting(server);
    const d = await joinWith(server, m.links.delegates.BDT![0]!);
    d.socket.disconnect();
    const def = demoDefinitionCopy();
    def.conference.venue = "Hội trường mới";
    const res = await admin<{ error: { code: string; message: string } }>(`/meetings/${m.meetingId}/definition`, { method: "PUT", body: def });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("MEETING_STARTED");
    expect(res.body.error.message).toContain("BDT đã điểm danh");
    expect((await server.store.getMeeting(m.meetingId))?.definition.conference.venue).toBe("Thanh Hóa");
    const form = await admin<{ editable: boolean; reason: string }>(`/admin/meetings/${m.meetingId}/definition`);
    expect(form.body).toMatchObject({ editable: false });
  });

  it("refuses once the finished meeting's scores and polls exist", async () => {
    const res = await admin<{ error: { code: string } }>(`/meetings/${finished.meetingId}/definition`, { method: "PUT", body: demoDefinitionCopy() });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("MEETING_STARTED");
  });

  it("refuses an invalid definition naming the field", async () => {
    const def = demoDefinitionCopy();
    def.units[0]!.code = "sngv";
    const res = await admin<{ error: { code: string; problems: { path: string }[] } }>(`/meetings/${fresh.meetingId}/definition`, { method: "PUT", body: def });
    expect(res.status).toBe(400);
    expect(res.body.error.problems.map((p) => p.path)).toContain("units.0.code");
  });
});

describe("a fresh data folder, and a restart", () => {
  it("gets two clusters' meetings from the demo, the second marked as sample data, all reachable after a restart", async () => {
    const dataDir = tempDataDir();
    let s = await startTestServer(dataDir);
    try {
      await ensureDemoMeeting(s.store, s.service);
      const list = (await (await fetch(`${s.url}/api/meetings`, { headers: { authorization: `Bearer ${s.adminToken}` } })).json()) as MeetingsResponse;
      expect(list.meetings.map((m) => [m.cluster, m.sample])).toEqual([
        ["Cụm thi đua số 8", true],
        ["Cụm thi đua số 2", true],
      ]);
      expect(new Set(list.meetings.map((m) => m.clusterId)).size).toBe(2);
      const second = list.meetings[1]!;
      const { links } = (await (await fetch(`${s.url}/api/admin/meetings/${second.meetingId}/links`, { headers: { authorization: `Bearer ${s.adminToken}` } })).json()) as { links: { chair: string } };

      const message = await startupMessage(s);
      expect(message).toContain(`/admin#k=${s.adminToken}`);
      expect(message).toContain("2 hội nghị đã có");
      expect(message).toMatch(/Chủ trì \(chair\): +http:\/\/\S+\/join\//);
      expect(message).toMatch(/Thẻ tham dự \(join cards\): +http:\/\/\S+\/m\/\S+\/cards/);

      await s.close();
      s = await startTestServer(dataDir);
      // A second start creates nothing more, and the non-demo meeting loads on demand by its link.
      await ensureDemoMeeting(s.store, s.service);
      expect((await s.store.listMeetings()).length).toBe(2);
      const chair = await joinWith(s, links.chair.replace(/^http:\/\/[^/]+/, s.url));
      expect(chair.latest().cluster.name).toBe("Cụm thi đua số 2");
      chair.socket.disconnect();
    } finally {
      await s.close();
    }
  });
});
