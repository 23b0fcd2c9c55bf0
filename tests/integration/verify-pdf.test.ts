import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import type { RunningServer } from "../../server/app";
import { issuedFiles } from "../../server/documents/issued";
import { renderPledgePdf } from "../../server/pdf";
import { withTextHashMetadata } from "../../server/pledge/pdf-meta";
import { pledgeService } from "../../server/pledge/service";
import { canonicalPledgeText } from "../../shared/pledge/canonical";
import { createMeeting, demoDefinitionCopy, joinWith, startTestServer, type CreatedTestMeeting } from "../helpers/server";
import { adoptAndFreeze, api, delegatesOf, pledgePdf, sign, signature } from "../helpers/pledge";

let server: RunningServer;
let m: CreatedTestMeeting;
let hash: string;
let issuedPdf: Buffer;
const UNITS = demoDefinitionCopy().units.map((u) => u.code);
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
type Verdict = { verdict: string; matches: boolean; found: string | null; metadataHash: string | null; exactFile: unknown; message: string; notes: string[]; sha256: string };

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  const chair = await joinWith(server, m.links.chair);
  hash = await adoptAndFreeze(server, m, chair.socket);
  const delegates = await delegatesOf(server, m, UNITS);
  for (const [i, unit] of UNITS.entries()) expect(await sign(delegates[unit]!, signature(hash, { signerName: `Nguyễn Văn Ký ${i + 1}` }))).toMatchObject({ ok: true });
  for (const s of [chair.socket, ...Object.values(delegates)]) s.disconnect();
  issuedPdf = await pledgePdf(server, m.meetingId, m.links.public);
});
afterAll(() => server.close());

/** What an attacker changes must leave the server's record as it was. */
async function storedState() {
  const service = pledgeService(server.ctx);
  return { rec: await service.record(m.meetingId), issued: issuedFiles(server.store.database).list(m.meetingId) };
}

describe("/verify reads the printed text, not the metadata", () => {
  it("recognises exactly the final file the server issued", async () => {
    expect(issuedFiles(server.store.database).list(m.meetingId).map((f) => f.sha256)).toContain(sha(issuedPdf));
    const { body } = await api<Verdict>(server, `/verify/${m.meetingId}`, { raw: issuedPdf });
    expect(body).toMatchObject({ verdict: "exact", matches: true, found: hash, metadataHash: hash, sha256: sha(issuedPdf) });
    // No certificate configured: nothing is signed, and /verify says there is no digital signature.
    expect(body).toMatchObject({ signature: null });
    expect(issuedPdf.toString("latin1")).not.toContain("/ByteRange");
    expect(body.exactFile).toMatchObject({ kind: "pledge" });
    expect(body.message).toMatch(/^KHỚP HOÀN TOÀN/);
  });

  it("says 'same text, not our file' for a copy changed without touching the words", async () => {
    // A re-save appends an incremental update: same pages, other bytes.
    const resaved = withTextHashMetadata(issuedPdf, "0".repeat(64));
    const { body } = await api<Verdict>(server, `/verify/${m.meetingId}`, { raw: resaved });
    expect(body).toMatchObject({ verdict: "text", matches: true, found: hash, exactFile: null, metadataHash: "0".repeat(64) });
    expect(body.message).toMatch(/^KHỚP NỘI DUNG/);
  });

  it("reports a PDF with other words but the frozen hash printed and in its metadata as NOT matching, state unchanged", async () => {
    const before = await storedState();
    const service = pledgeService(server.ctx);
    const rec = await service.record(m.meetingId);
    // The attacker's copy: one commitment softened, everything else (printed hash, metadata, signatures' look) as issued.
    const forgedText = structuredClone(rec.draft!);
    forgedText.sections[0]!.commitments[0] = "Cam kết đã bị sửa: không cần thực hiện.";
    const rendered = await renderPledgePdf({
      pledge: forgedText,
      textHash: hash,
      draft: false,
      signatures: (await service.signatures(m.meetingId)).map((s) => ({ unitName: s.unit, title: s.signerTitle, signerName: s.signerName, signedAt: s.signedAt, strokes: s.strokes, signatureHash: s.signatureHash })),
      journalHead: "0".repeat(64),
      verificationUrl: `${server.url}/verify/${m.meetingId}`,
    });
    const forged = withTextHashMetadata(rendered, hash);
    const { status, body } = await api<Verdict>(server, `/verify/${m.meetingId}`, { raw: forged });
    expect(status).toBe(200);
    expect(body).toMatchObject({ verdict: "mismatch", matches: false, metadataHash: hash, exactFile: null });
    expect(body.found).not.toBe(hash);
    expect(body.message).toMatch(/^KHÔNG KHỚP/);
    expect(body.notes.join(" ")).toMatch(/siêu dữ liệu .* đúng mã băm/);
    expect(await storedState()).toEqual(before);
    expect(canonicalPledgeText(rec.draft!)).not.toBe(canonicalPledgeText(forgedText));
  });

  it("reports the other meeting's draft with this meeting's hash in its metadata as not matching", async () => {
    const def = demoDefinitionCopy();
    def.pledge.preamble = "Một lời mở đầu khác.";
    const other = await createMeeting(server, def);
    const forged = withTextHashMetadata(await pledgePdf(server, other.meetingId, other.links.chair), hash);
    const { body } = await api<Verdict>(server, `/verify/${m.meetingId}`, { raw: forged });
    expect(body).toMatchObject({ verdict: "mismatch", matches: false, metadataHash: hash });
  });

  it("reports a file that is not a PDF as unreadable, and a PDF without pledge text as not matching", async () => {
    const before = await storedState();
    expect((await api<Verdict>(server, `/verify/${m.meetingId}`, { raw: Buffer.from("%PDF-1.3 nothing here") })).body).toMatchObject({ verdict: "unreadable", matches: false, found: null });
    const minutes = Buffer.from(await (await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${m.links.chair.split("/join/")[1]}` } })).arrayBuffer());
    expect((await api<Verdict>(server, `/verify/${m.meetingId}`, { raw: minutes })).body).toMatchObject({ matches: false, found: null });
    expect((await storedState()).rec).toEqual(before.rec);
  });
});
