import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";
import { scoresAction, openStage } from "../helpers/scores";
import { cast, createPoll, joinPolls, pollAction, waitForPoll, type PollClient } from "../helpers/polls";
import { docxParagraphs } from "../helpers/documents";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import type { RunningServer } from "../../server/app";

/**
 * The demo meeting played to the end (as in morning.test.ts), then the documents made from its record:
 * the news item for the portal and the embeddable results page with its framing headers.
 */
const PORTAL = "https://thiduakhenthuong.thanhhoa.gov.vn";
let server: RunningServer;
let m: CreatedTestMeeting;
const UNITS = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV", "TTR", "STP"] as const;
const delegates = new Map<string, PollClient>();
let chair: PollClient;

async function runPoll(input: Parameters<typeof createPoll>[1], ballotOf: (unit: string) => unknown) {
  const poll = await createPoll(chair, input);
  await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
  for (const u of UNITS) expect(await cast(delegates.get(u)!.socket, poll.id, ballotOf(u))).toMatchObject({ ok: true });
  await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
  await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
  return waitForPoll(chair, poll.id, (p) => p.state === "published");
}

beforeAll(async () => {
  server = await startTestServer(undefined, { EMBED_ORIGINS: PORTAL });
  m = await createMeeting(server);
  chair = await joinPolls(server, m.links.chair);
  for (const u of UNITS) delegates.set(u, await joinPolls(server, m.links.delegates[u]![0]!));
  await openStage(server, m, "agreed");
  expect(await scoresAction(server, m, EVENTS.SCORES_COPY, { from: "cross" })).toMatchObject({ ok: true });
  expect((await scoresAction(server, m, EVENTS.SCORES_LOCK)).ranking).toEqual(["BDT", "STP", "SNV", "SNGV", "VPUBND", "TTR", "DUK", "VPDDBQH"]);
  await runPoll(
    { kind: "per_candidate", visibility: "secret", subject: "ranking", title: "Suy tôn đơn vị dẫn đầu và xếp thứ năm 2021", candidates: ["BDT", "STP", "SNV"] },
    () => ({ choices: { BDT: "for", STP: "for", SNV: "for" } }),
  );
  await runPoll({ kind: "single_choice", visibility: "open", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: ["BDT", "STP", "SNV"] }, () => ({ choice: "BDT" }));
  await runPoll({ kind: "single_choice", visibility: "open", subject: "deputy", title: "Bầu Phó Trưởng cụm năm 2022", candidates: ["STP", "SNV"], excluded: ["BDT"] }, () => ({ choice: "STP" }));
  await runPoll({ kind: "motion", visibility: "open", subject: "pledge", title: "Thông qua nội dung Bản giao ước thi đua năm 2022" }, () => ({ choice: "for" }));
  const organiser = await joinWith(server, m.links.chair);
  const frozen = await emitAck<{ ok: boolean; state: PledgeState }>(organiser.socket, EVENTS.PLEDGE_FREEZE, {});
  for (const u of UNITS)
    expect(
      await emitAck(delegates.get(u)!.socket, EVENTS.PLEDGE_SIGN, { hash: frozen.state.textHash, signerName: `Lãnh đạo ${u}`, signerTitle: "Giám đốc", strokes: [[[0.1, 0.5], [0.8, 0.6]]], opId: `sign-${u}-0001` }),
    ).toMatchObject({ ok: true });
  organiser.socket.disconnect();
}, 60_000);
afterAll(async () => {
  for (const d of delegates.values()) d.close();
  chair.close();
  await server.close();
});

const get = (path: string, link?: string) => fetch(`${server.url}${path}`, { headers: link ? { authorization: `Bearer ${tokenOf(link)}` } : {} });

describe("the news item", () => {
  it("names the date, place, chair, units, top three, acclaimed, elected head and deputy and the signatures — and no placeholder", async () => {
    const res = await get(`/api/meetings/${m.meetingId}/press.txt`, m.links.secretary);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = (await res.text()).normalize("NFC");
    const [title, ...rest] = text.split("\n\n");
    expect(title).toBe("Cụm thi đua số 8 tổng kết công tác thi đua, khen thưởng năm 2021, ký kết giao ước thi đua năm 2022");
    const body = rest.join(" ");
    for (const s of [
      "Ngày 14/01/2022, tại Thanh Hóa",
      "Hội nghị do Sở Ngoại vụ tỉnh Thanh Hóa, đơn vị Trưởng cụm năm 2021, chủ trì.",
      "8/8 đơn vị thành viên",
      "Ban Dân tộc tỉnh Thanh Hóa xếp thứ Nhất (99,5 điểm)",
      "Sở Tư pháp tỉnh Thanh Hóa xếp thứ Nhì (98,0 điểm)",
      "Sở Nội vụ tỉnh Thanh Hóa xếp thứ Ba (96,5 điểm)",
      "bỏ phiếu kín, hội nghị đã suy tôn Ban Dân tộc tỉnh Thanh Hóa, Sở Tư pháp tỉnh Thanh Hóa và Sở Nội vụ tỉnh Thanh Hóa",
      "bầu Ban Dân tộc tỉnh Thanh Hóa làm Trưởng cụm, Sở Tư pháp tỉnh Thanh Hóa làm Phó Trưởng cụm năm 2022.",
      "thủ trưởng 8/8 đơn vị thành viên đã ký kết Bản giao ước thi đua năm 2022.",
    ])
      expect(body).toContain(s);
    for (const u of UNITS) expect(body).toContain(server.ctx.registry ? (await server.ctx.registry.get(m.meetingId))!.definition.units.find((x) => x.code === u)!.name : u);
    // No placeholder of any kind: brackets, braces, ellipses, "XXX", "undefined", "null", "NaN".
    expect(text).not.toMatch(/[[\]{}…]|\.\.\.|XXX|undefined|null|NaN/);
  });

  it("is the same item as .docx, and only for organisers", async () => {
    const txt = (await (await get(`/api/meetings/${m.meetingId}/press.txt`, m.links.chair)).text()).normalize("NFC");
    const res = await get(`/api/meetings/${m.meetingId}/press.docx`, m.links.chair);
    expect(res.status).toBe(200);
    expect(docxParagraphs(Buffer.from(await res.arrayBuffer())).map((p) => p.normalize("NFC"))).toEqual(txt.trim().split("\n\n"));
    for (const link of [m.links.public, m.links.delegates.BDT![0]!, m.links.screen]) {
      expect((await get(`/api/meetings/${m.meetingId}/press.txt`, link)).status).toBe(403);
      expect((await get(`/api/meetings/${m.meetingId}/press.docx`, link)).status).toBe(403);
    }
    expect((await get(`/api/meetings/${m.meetingId}/press.txt`)).status).toBe(401);
  });
});

describe("the embeddable results page", () => {
  it("serves the published results and the signed pledge without a token, read-only", async () => {
    const res = await get(`/api/embed/${m.meetingId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ranking: Array<{ unitName: string; total: number }>; elected: unknown; pledge: { stage: string; signedCount: number; signatures: unknown[] }; results: unknown[] };
    expect(body.ranking.slice(0, 3).map((r) => r.unitName)).toEqual(["Ban Dân tộc tỉnh Thanh Hóa", "Sở Tư pháp tỉnh Thanh Hóa", "Sở Nội vụ tỉnh Thanh Hóa"]);
    expect(body.elected).toEqual({ year: 2022, head: "Ban Dân tộc tỉnh Thanh Hóa", deputy: "Sở Tư pháp tỉnh Thanh Hóa" });
    expect(body.pledge).toMatchObject({ stage: "final", signedCount: 8 });
    expect(body.pledge.signatures).toHaveLength(8);
    expect(body.results).toHaveLength(4);
    expect(JSON.stringify(body)).not.toMatch(/userAgent|address|strokes|token/);
    expect((await get("/api/embed/no-such-meeting")).status).toBe(404);
    for (const method of ["POST", "PUT", "DELETE"]) expect((await fetch(`${server.url}/api/embed/${m.meetingId}`, { method })).status).toBe(404);
  });

  it("may be framed by the listed portal only; every other page stays unframeable", async () => {
    const embed = await get(`/embed/${m.meetingId}`);
    const csp = embed.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(new RegExp(`frame-ancestors ${PORTAL.replace(/[.]/g, "\\.")}(;|$)`));
    expect(embed.headers.get("x-frame-options")).toBeNull();
    expect(csp).toContain("default-src 'self'");
    for (const path of [`/verify/${m.meetingId}`, `/m/${m.meetingId}/chair`, `/embed/${m.meetingId}/extra`, "/"]) {
      const res = await get(path);
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
    // The API behind it is not a page: never framed either.
    expect((await get(`/api/embed/${m.meetingId}`)).headers.get("x-frame-options")).toBe("DENY");
  });

  it("is framed by nobody when EMBED_ORIGINS is unset", async () => {
    const other = await startTestServer();
    try {
      const res = await fetch(`${other.url}/embed/${m.meetingId}`);
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    } finally {
      await other.close();
    }
  });
});
