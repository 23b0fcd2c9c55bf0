import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { docxParagraphs } from "../helpers/documents";
import { openStage, scoresAction } from "../helpers/scores";
import { createMeeting, demoDefinitionCopy, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";

/** LibreOffice from Debian (libreoffice-writer-nogui); the test is skipped on a machine without it. */
const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => fs.existsSync(p));

/**
 * The secretary opens minutes.docx in LibreOffice (or Word) to finish it: converted there to PDF, the
 * text must still hold every unit and every score of the .docx — nothing dropped by the layout.
 */
describe.skipIf(!SOFFICE)("minutes.docx through LibreOffice", () => {
  let server: RunningServer;
  let m: CreatedTestMeeting;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-lo-"));
  let docx: Buffer;
  let pdfText: string;

  beforeAll(async () => {
    server = await startTestServer();
    m = await createMeeting(server);
    await openStage(server, m, "agreed");
    expect(await scoresAction(server, m, EVENTS.SCORES_COPY, { from: "cross" })).toMatchObject({ ok: true });
    expect(await scoresAction(server, m, EVENTS.SCORES_LOCK)).toMatchObject({ ok: true });
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.docx`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    expect(res.status).toBe(200);
    docx = Buffer.from(await res.arrayBuffer());
    fs.writeFileSync(path.join(dir, "minutes.docx"), docx);
    // A profile of its own, so a LibreOffice already running (or another test) does not take the job.
    execFileSync(SOFFICE!, [`-env:UserInstallation=file://${dir}/profile`, "--headless", "--convert-to", "pdf", "--outdir", dir, path.join(dir, "minutes.docx")], { timeout: 120_000, stdio: "pipe" });
    pdfText = execFileSync("pdftotext", ["-layout", path.join(dir, "minutes.pdf"), "-"], { encoding: "utf8" }).normalize("NFC");
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const words = (s: string) => s.normalize("NFC").split(/\s+/).filter(Boolean);

  it("keeps the title and every unit with its rank and score, as the .docx has them", () => {
    const flat = words(pdfText).join(" ");
    expect(flat).toContain("BIÊN BẢN HỘI NGHỊ");
    // "Xếp thứ Nhất: Ban Dân tộc tỉnh Thanh Hóa — 99,5 điểm", one line per unit.
    const ranking = docxParagraphs(docx).map((p) => words(p).join(" ")).filter((p) => /^Xếp thứ \S+: .+ — \d+(,\d+)? điểm$/.test(p));
    expect(ranking).toHaveLength(demoDefinitionCopy().units.length);
    for (const u of demoDefinitionCopy().units) expect(ranking.some((line) => line.includes(u.name.normalize("NFC"))), u.code).toBe(true);
    for (const line of ranking) expect(flat).toContain(line);
  });

  it("keeps every score of the .docx's tables", () => {
    // The score cells of the .docx: numbers such as "38,5" or "95" (a ranking in Roman numerals is not a number).
    const count = (tokens: string[]) => tokens.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>());
    const inDocx = count(docxParagraphs(docx).filter((p) => /^\d+(,\d+)?$/.test(p.trim())).map((p) => p.trim()));
    expect(inDocx.size).toBeGreaterThan(10);
    const inPdf = count(words(pdfText).filter((w) => /^\d+(,\d+)?$/.test(w)));
    for (const [score, n] of inDocx) expect(inPdf.get(score) ?? 0, `score ${score}`).toBeGreaterThanOrEqual(n);
    // The column headings are not broken inside a word (a too-narrow column made "Thưởn" over "g").
    const tokens = new Set(words(pdfText));
    for (const heading of ["STT", "Thưởng", "Trừ", "Tổng"]) expect(tokens.has(heading), heading).toBe(true);
  });
});
