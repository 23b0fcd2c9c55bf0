import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { pledgeSummary } from "../../server/pledge/read";
import { createMeeting, demoDefinitionCopy, joinWith, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";
import { pdfPageTexts } from "../helpers/pdf-text";
import { adoptAndFreeze, api, delegatesOf, pledgePdf, sign, signature } from "../helpers/pledge";

let server: RunningServer;
let m: CreatedTestMeeting;
let hash: string;
const demo = demoDefinitionCopy();
const UNITS = demo.units.map((u) => u.code);
const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ");

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

describe("the pledge PDF", () => {
  it("is served to any token of the meeting, and to nobody else", async () => {
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/pledge.pdf`);
    expect(res.status).toBe(401);
    const other = await createMeeting(server);
    const cross = await fetch(`${server.url}/api/meetings/${m.meetingId}/pledge.pdf`, { headers: { authorization: `Bearer ${tokenOf(other.links.chair)}` } });
    expect(cross.status).toBe(403);
    const ok = await fetch(`${server.url}/api/meetings/${m.meetingId}/pledge.pdf`, { headers: { authorization: `Bearer ${tokenOf(m.links.public)}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
  });

  it("is marked DỰ THẢO on every page before the pledge is final, and carries the Vietnamese text exactly", async () => {
    const pages = (await pdfPageTexts(await pledgePdf(server, m.meetingId, m.links.delegates.BDT![0]!))).map(norm);
    const all = pages.join(" ");
    expect(all).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(all).toContain("BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
    for (const u of demo.units) expect(all).toContain(norm(u.name.toLocaleUpperCase("vi")));
    for (const page of pages) expect(page).toContain("DỰ THẢO");
  });

  it("loses the draft mark once every unit has signed, and prints the signers and the verification address", async () => {
    const chair = await joinWith(server, m.links.chair);
    hash = await adoptAndFreeze(server, m, chair.socket);
    const frozenPages = (await pdfPageTexts(await pledgePdf(server, m.meetingId, m.links.chair))).map(norm);
    for (const page of frozenPages) expect(page).toContain("DỰ THẢO");
    const delegates = await delegatesOf(server, m, UNITS);
    for (const [i, unit] of UNITS.entries()) expect(await sign(delegates[unit]!, signature(hash, { signerName: `Nguyễn Văn Ký ${i + 1}` }))).toMatchObject({ ok: true });

    const pages = (await pdfPageTexts(await pledgePdf(server, m.meetingId, m.links.public))).map(norm);
    const all = pages.join(" ");
    for (const page of pages) expect(page).not.toContain("DỰ THẢO");
    expect(all).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(all).toContain("BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
    for (const u of demo.units) expect(all).toContain(norm(u.name.toLocaleUpperCase("vi")));
    for (let i = 1; i <= UNITS.length; i++) expect(all).toContain(`Nguyễn Văn Ký ${i}`);
    expect(pages.at(-1)).toContain(hash);
    expect(pages.at(-1)).toContain(`/verify/${m.meetingId}`);
    for (const s of [chair.socket, ...Object.values(delegates)]) s.disconnect();
  });

  it("gives the minutes a summary of the pledge", async () => {
    const summary = await pledgeSummary(server.ctx, m.meetingId);
    expect(summary).toMatchObject({ state: "final", textHash: hash, signedCount: 8, unitCount: 8 });
    expect(summary!.signatures.map((s) => s.unit).slice(0, 2)).toEqual(["SNGV", "BDT"]);
    expect(await pledgeSummary(server.ctx, "no-such-meeting")).toBeNull();
  });
});

describe("public verification", () => {
  it("shows the frozen hash, the signatures and the journal head without a token", async () => {
    const res = await api<Record<string, unknown>>(server, `/verify/${m.meetingId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stage: "final", textHash: hash, signedCount: 8, unitCount: 8 });
    const sigs = res.body.signatures as Array<Record<string, unknown>>;
    expect(sigs).toHaveLength(8);
    expect(Object.keys(sigs[0]!).sort()).toEqual(["onBehalf", "signatureHash", "signedAt", "signerName", "signerTitle", "unit", "unitName"]);
    const head = (await server.store.journalHead(m.meetingId)).hash;
    expect(res.body.journalHead).toMatchObject({ hash: head });
    expect((await api(server, "/verify/nosuchmeeting")).status).toBe(404);
  });

  it("confirms the right hash and rejects a wrong one", async () => {
    expect((await api(server, `/verify/${m.meetingId}`, { body: { hash: hash.toUpperCase() } })).body).toMatchObject({ matches: true, source: "hash" });
    expect((await api(server, `/verify/${m.meetingId}`, { body: { hash: "0".repeat(64) } })).body).toMatchObject({ matches: false });
    expect((await api(server, `/verify/${m.meetingId}`, { body: { hash: "abc" } })).status).toBe(400);
  });

  it("checks an uploaded PDF by the text hash it carries", async () => {
    const pdf = await pledgePdf(server, m.meetingId, m.links.chair);
    expect((await api(server, `/verify/${m.meetingId}`, { raw: pdf })).body).toMatchObject({ source: "pdf", found: hash, matches: true });
    // The draft PDF of a meeting with another wording carries another text hash.
    const def = demoDefinitionCopy();
    def.pledge.preamble = "Một lời mở đầu khác.";
    const other = await createMeeting(server, def);
    const draftPdf = await pledgePdf(server, other.meetingId, other.links.chair);
    expect((await api(server, `/verify/${m.meetingId}`, { raw: draftPdf })).body).toMatchObject({ source: "pdf", matches: false });
    expect((await api(server, `/verify/${m.meetingId}`, { raw: Buffer.from("%PDF-1.3 nothing here") })).body).toMatchObject({ found: null, matches: false });
  });
});
