import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeSignatureAudit } from "../../shared/protocol/pledge";
import { connectDoc, createMeeting, demoDefinitionCopy, emitAck, joinWith, startTestServer, tempDataDir, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { adoptAndFreeze, api, definitionWithRules, delegatesOf, sign, signature, waitForPledge } from "../helpers/pledge";
import { draftText, pledgeMeta } from "../../shared/documents/layout";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const UNITS = demoDefinitionCopy().units.map((u) => u.code);
const journal = (m: CreatedTestMeeting) => server.store.readJournal(m.meetingId);

describe("signing the pledge", () => {
  it("refuses a signature before the freeze and over a stale hash", async () => {
    const m = await createMeeting(server);
    const { BDT } = await delegatesOf(server, m, ["BDT"]);
    expect(await sign(BDT!, signature("a".repeat(64)))).toMatchObject({ ok: false, error: { code: "CONFLICT", message: /not frozen/ } });
    const chair = await joinWith(server, m.links.chair);
    await adoptAndFreeze(server, m, chair.socket);
    expect(await sign(BDT!, signature("b".repeat(64)))).toMatchObject({ ok: false, error: { code: "TEXT_CHANGED", message: /text changed — reload/ } });
    expect((await journal(m)).some((e) => e.type === "pledge.signed")).toBe(false);
    BDT!.disconnect();
    chair.socket.disconnect();
  });

  it("lets a unit sign once: a retry with the same operation id gets the first answer, a second signature is refused", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    const hash = await adoptAndFreeze(server, m, chair.socket);
    const stp = await joinWith(server, m.links.delegates.STP![0]!);
    const stpTablet2 = await joinWith(server, m.links.delegates.STP![1]!);
    const payload = signature(hash, { signerName: "Bùi Đình Sơn" });
    const first = await sign(stp.socket, payload);
    expect(first).toMatchObject({ ok: true, final: false, signature: { unit: "STP", signerName: "Bùi Đình Sơn", textHash: hash } });
    expect(await sign(stp.socket, payload)).toEqual(first);
    expect(await sign(stpTablet2.socket, signature(hash, { signerName: "Người khác" }))).toMatchObject({ ok: false, error: { code: "ALREADY_SIGNED", message: /already signed/ } });
    expect((await journal(m)).filter((e) => e.type === "pledge.signed")).toHaveLength(1);
    // The screen is not a unit; it cannot sign.
    const screen = await joinWith(server, m.links.screen);
    expect(await sign(screen.socket, signature(hash))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await sign(stp.socket, { ...signature(hash), strokes: [] })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await sign(stp.socket, { ...signature(hash), strokes: [[[1.5, 0.2]]] })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    for (const c of [chair, stp, stpTablet2, screen]) c.socket.disconnect();
  });

  it("fills the wall on the big screen and makes the pledge final when every unit has signed", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    const hash = await adoptAndFreeze(server, m, chair.socket);
    const screen = await joinWith(server, m.links.screen);
    const delegates = await delegatesOf(server, m, UNITS);
    for (const [i, unit] of UNITS.entries()) {
      const res = await sign(delegates[unit]!, signature(hash, { signerName: `Người ký ${i + 1}`, ...(unit === "SNGV" ? { signerTitle: "Phó Giám đốc", onBehalf: { representedTitle: "Giám đốc" } } : {}) }));
      expect(res).toMatchObject({ ok: true, final: i === UNITS.length - 1 });
    }
    const wall = await waitForPledge(screen.socket, (s) => s.stage === "final");
    expect(wall).toMatchObject({ signedCount: 8, unitCount: 8, textHash: hash });
    expect(wall.units.map((u) => u.unit).slice(0, 2)).toEqual(["SNGV", "BDT"]);
    expect(wall.units.find((u) => u.unit === "SNGV")!.signature).toMatchObject({ signerName: "Người ký 1", onBehalf: { representedTitle: "Giám đốc" } });
    expect(wall.units.every((u) => u.signature!.strokes.length === 2)).toBe(true);
    expect(JSON.stringify(wall)).not.toMatch(/userAgent|address/);
    const types = (await journal(m)).map((e) => e.type);
    expect(types.filter((t) => t === "pledge.signed")).toHaveLength(8);
    expect(types.at(-1)).toBe("pledge.final");

    const asOrganiser = await api<{ signatures: PledgeSignatureAudit[] }>(server, `/meetings/${m.meetingId}/pledge`, { link: m.links.secretary });
    expect(asOrganiser.body.signatures[0]).toHaveProperty("address");
    expect(asOrganiser.body.signatures[0]).toHaveProperty("userAgent");
    const asFollower = await api<{ signatures: PledgeSignatureAudit[]; text: string }>(server, `/meetings/${m.meetingId}/pledge`, { link: m.links.public });
    expect(asFollower.body.signatures).toHaveLength(8);
    expect(asFollower.body.signatures[0]).not.toHaveProperty("address");
    expect(asFollower.body.text).toContain("BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
    for (const s of [chair.socket, screen.socket, ...Object.values(delegates)]) s.disconnect();
  });

  it("under head_first, refuses the others until the newly elected head has signed", async () => {
    const m = await createMeeting(server, definitionWithRules({ signingOrder: "head_first" }));
    const chair = await joinWith(server, m.links.chair);
    server.ctx.events.emit("poll.published", { meetingId: m.meetingId, pollId: "p-head", subject: "head", outcome: "elected", elected: "BDT" });
    server.ctx.events.emit("poll.published", { meetingId: m.meetingId, pollId: "p-deputy", subject: "deputy", outcome: "elected", elected: "STP" });
    const elected = await waitForPledge(chair.socket, (s) => s.headUnit === "BDT" && s.deputyUnit === "STP");
    expect(elected.units.map((u) => u.unit).slice(0, 3)).toEqual(["BDT", "STP", "SNGV"]);
    const hash = await adoptAndFreeze(server, m, chair.socket);
    const d = await delegatesOf(server, m, ["BDT", "SNGV"]);
    expect(await sign(d.SNGV!, signature(hash))).toMatchObject({ ok: false, error: { code: "NOT_YOUR_TURN", message: /Ban Dân tộc.*signs first/ } });
    expect(await sign(d.BDT!, signature(hash, { signerTitle: "Trưởng ban" }))).toMatchObject({ ok: true });
    expect(await sign(d.SNGV!, signature(hash))).toMatchObject({ ok: true });
    for (const s of [chair.socket, d.BDT!, d.SNGV!]) s.disconnect();
  });
});

describe("unfreezing the pledge", () => {
  it("voids every signature, journals the reason and lets the draft be edited again", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    const hash = await adoptAndFreeze(server, m, chair.socket);
    const d = await delegatesOf(server, m, ["DUK", "TTR"]);
    const dukPayload = signature(hash);
    expect(await sign(d.DUK!, dukPayload)).toMatchObject({ ok: true });
    expect(await sign(d.TTR!, signature(hash))).toMatchObject({ ok: true });

    const secretary = await joinWith(server, m.links.secretary);
    expect(await emitAck(secretary.socket, EVENTS.PLEDGE_UNFREEZE, { reason: "Sửa mục II.3" })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await emitAck(chair.socket, EVENTS.PLEDGE_UNFREEZE, { reason: "no" })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    const res = await emitAck(chair.socket, EVENTS.PLEDGE_UNFREEZE, { reason: "Sửa mục II.3 theo ý kiến hội nghị" });
    expect(res).toMatchObject({ ok: true, state: { stage: "drafting", textHash: null, signedCount: 0 } });
    const entry = (await journal(m)).find((e) => e.type === "pledge.unfrozen");
    expect(entry?.data).toEqual({ reason: "Sửa mục II.3 theo ý kiến hội nghị", textHash: hash, voided: ["DUK", "TTR"] });
    // The voided signature's retry is not answered as if it still stood.
    expect(await sign(d.DUK!, dukPayload)).toMatchObject({ ok: false, error: { code: "CONFLICT", message: /voided/ } });

    const editor = await connectDoc(server, m.meetingId, "pledge", m.links.chair);
    expect(pledgeMeta(editor.doc).get("frozen")).toBe(false);
    draftText(editor.doc, "preamble")!.insert(0, "Sau khi thảo luận, ");
    const reader = await connectDoc(server, m.meetingId, "pledge", m.links.screen);
    await waitUntil(() => draftText(reader.doc, "preamble")!.toString().startsWith("Sau khi thảo luận"), 5000, "edit after unfreeze");
    expect(editor.refusals).toEqual([]);
    const again = await adoptAndFreeze(server, m, chair.socket);
    expect(again).not.toBe(hash);
    expect(await sign(d.DUK!, signature(again))).toMatchObject({ ok: true });
    editor.destroy();
    reader.destroy();
    for (const s of [chair.socket, secretary.socket, d.DUK!, d.TTR!]) s.disconnect();
  });
});

describe("a restart", () => {
  it("keeps every signature, the frozen hash and the stage", async () => {
    const dataDir = tempDataDir();
    let s = await startTestServer(dataDir);
    const m = await createMeeting(s);
    const chair = await joinWith(s, m.links.chair);
    const hash = await adoptAndFreeze(s, m, chair.socket);
    const d = await delegatesOf(s, m, ["SNV", "VPUBND", "SNGV"]);
    const signed: Record<string, string> = {};
    for (const unit of ["SNV", "VPUBND", "SNGV"]) {
      const res = await sign(d[unit]!, signature(hash, { signerName: `Ký ${unit}` }));
      if (!res.ok) throw new Error(res.error.message);
      signed[unit] = res.signature.signatureHash;
    }
    for (const sock of [chair.socket, ...Object.values(d)]) sock.disconnect();
    await s.close();

    s = await startTestServer(dataDir);
    const screen = await joinWith(s, m.links.screen);
    const state = await waitForPledge(screen.socket, () => true);
    expect(state).toMatchObject({ stage: "frozen", textHash: hash, signedCount: 3 });
    for (const [unit, signatureHash] of Object.entries(signed))
      expect(state.units.find((u) => u.unit === unit)!.signature).toMatchObject({ signerName: `Ký ${unit}`, signatureHash });
    const snv = await joinWith(s, m.links.delegates.SNV![0]!);
    expect(await sign(snv.socket, signature(hash))).toMatchObject({ ok: false, error: { message: /already signed/ } });
    const editor = await connectDoc(s, m.meetingId, "pledge", m.links.chair);
    draftText(editor.doc, "title")!.insert(0, "X");
    await waitUntil(() => editor.refusals.length > 0, 5000, "frozen after restart");
    editor.destroy();
    screen.socket.disconnect();
    snv.socket.disconnect();
    await s.close();
  });
});
