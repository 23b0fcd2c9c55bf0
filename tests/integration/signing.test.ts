import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { issueDocument } from "../../server/documents/generate";
import { issuedFiles } from "../../server/documents/issued";
import { withTextHashMetadata } from "../../server/pledge/pdf-meta";
import { renderMinutesPdf } from "../../server/pdf";
import { createMeeting, demoDefinitionCopy, joinWith, startTestServer, type CreatedTestMeeting } from "../helpers/server";
import { adoptAndFreeze, api, delegatesOf, pledgePdf, sign, signature } from "../helpers/pledge";
import { pdfFile, thousandPointMinutes } from "../helpers/documents";

/** A certificate and key made the way an operator would test one: openssl, then a password-protected PKCS#12. */
function testCertificate(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-p12-"));
  const [key, cert, p12] = ["key.pem", "cert.pem", "signer.p12"].map((f) => path.join(dir, f)) as [string, string, string];
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", "/C=VN/O=Cum thi dua so 8/CN=Van phong Cum thi dua so 8"], { stdio: "ignore" });
  execFileSync("openssl", ["pkcs12", "-export", "-inkey", key, "-in", cert, "-out", p12, "-passout", "pass:mat-khau-thu"], { stdio: "ignore" });
  return p12;
}

const pdfsig = (pdf: Buffer): string => {
  try {
    return execFileSync("pdfsig", [pdfFile(pdf)], { encoding: "utf8" });
  } catch (err) {
    // pdfsig exits non-zero when a signature does not verify; its report is still on stdout.
    return String((err as { stdout?: string }).stdout ?? "");
  }
};

type Check = { verdict: string; matches: boolean; signature: { subject: string; valid: boolean; coversWholeFile: boolean; subFilter: string } | null; notes: string[]; exactFile: unknown };

let server: RunningServer;
let m: CreatedTestMeeting;
let signed: Buffer;

beforeAll(async () => {
  server = await startTestServer(undefined, { SIGNING_P12: testCertificate(), SIGNING_P12_PASSWORD: "mat-khau-thu" });
  m = await createMeeting(server);
  const chair = await joinWith(server, m.links.chair);
  const hash = await adoptAndFreeze(server, m, chair.socket);
  // Before final: a draft is never signed.
  expect(pdfsig(await pledgePdf(server, m.meetingId, m.links.chair))).toMatch(/does not contain any signatures/);
  const units = demoDefinitionCopy().units.map((u) => u.code);
  const delegates = await delegatesOf(server, m, units);
  for (const unit of units) expect(await sign(delegates[unit]!, signature(hash))).toMatchObject({ ok: true });
  for (const s of [chair.socket, ...Object.values(delegates)]) s.disconnect();
  signed = await pledgePdf(server, m.meetingId, m.links.public);
});
afterAll(() => server.close());

describe("PAdES signature of the final PDFs", () => {
  it("signs the final pledge: pdfsig lists a valid ETSI.CAdES.detached signature over the whole file, and /verify names the signer", async () => {
    const report = pdfsig(signed);
    expect(report).toContain("Signer Certificate Common Name: Van phong Cum thi dua so 8");
    expect(report).toContain("Signature Type: ETSI.CAdES.detached");
    expect(report).toContain("Signature Validation: Signature is Valid.");
    expect(report).toContain("Total document signed");
    const { body } = await api<Check>(server, `/verify/${m.meetingId}`, { raw: signed });
    expect(body).toMatchObject({ verdict: "exact", matches: true, signature: { valid: true, coversWholeFile: true, subFilter: "ETSI.CAdES.detached" } });
    expect(body.signature!.subject).toContain("CN=Van phong Cum thi dua so 8");
    expect(issuedFiles(server.store.database).list(m.meetingId).find((f) => f.kind === "pledge")!.signer).toContain("Van phong Cum thi dua so 8");
  });

  it("says so when one byte is changed after signing (pdfsig: digest mismatch; /verify: not valid, not the issued file)", async () => {
    const tampered = Buffer.from(signed);
    // A byte inside the first content stream (a page's drawing), not in the signature itself.
    const at = tampered.indexOf("stream\n") + 40;
    tampered[at] = tampered[at]! ^ 0x01;
    expect(pdfsig(tampered)).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
    const { body } = await api<Check>(server, `/verify/${m.meetingId}`, { raw: tampered });
    expect(body.signature).toMatchObject({ valid: false });
    expect(body.verdict).not.toBe("exact");
    expect(body.exactFile).toBeNull();
    expect(body.notes.join(" ")).toContain("Chữ ký số KHÔNG hợp lệ");
  });

  it("says so when content is appended after signing (an incremental update outside the signed range)", async () => {
    const appended = withTextHashMetadata(signed, "0".repeat(64));
    expect(pdfsig(appended)).not.toContain("Total document signed");
    const { body } = await api<Check>(server, `/verify/${m.meetingId}`, { raw: appended });
    expect(body.signature).toMatchObject({ valid: true, coversWholeFile: false });
    expect(body.notes.join(" ")).toContain("KHÔNG phủ toàn bộ tệp");
  });

  it("signs a final minutes PDF the same way, and never a draft", async () => {
    const final = await issueDocument(server.ctx, { kind: "minutes", meetingId: m.meetingId, input: { t: "final" }, final: true, render: () => renderMinutesPdf(thousandPointMinutes()) });
    expect(pdfsig(final)).toContain("Signature Validation: Signature is Valid.");
    const draft = await issueDocument(server.ctx, { kind: "minutes", meetingId: m.meetingId, input: { t: "draft" }, render: () => renderMinutesPdf(thousandPointMinutes({ draft: true })) });
    expect(pdfsig(draft)).toMatch(/does not contain any signatures/);
  });
});
