import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { pdfPageTexts } from "../helpers/pdf-text";
import { lockScoreTable, type PollClient } from "../helpers/polls";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";

const hasTools = ["pdftoppm", "zbarimg"].every((t) => {
  try {
    execFileSync("which", [t]);
    return true;
  } catch {
    return false;
  }
});
if (!hasTools) {
  if (process.env.CI === "true") throw new Error("pdftoppm and zbarimg (poppler-utils, zbar-tools) are needed in CI.");
  console.warn("\n⚠️  pdftoppm or zbarimg missing: SKIPPING the invitation QR test.\n");
}

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

const get = (route: string, link: string) => fetch(`${server.url}/api/meetings/${m.meetingId}/${route}`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });

const run = promisify(execFile);

/**
 * Every QR code on each page of a PDF, decoded by zbar from a 110 dpi rendering by poppler. Run
 * asynchronously: a blocked event loop would miss the server closing an idle keep-alive socket, and the
 * next fetch would reuse it (ECONNRESET).
 */
async function qrCodesPerPage(pdf: Buffer): Promise<string[][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-qr-"));
  try {
    fs.writeFileSync(path.join(dir, "in.pdf"), pdf);
    await run("pdftoppm", ["-r", "110", "-gray", "-png", path.join(dir, "in.pdf"), path.join(dir, "page")]);
    const pages = fs.readdirSync(dir).filter((f) => f.startsWith("page")).sort();
    return await Promise.all(
      pages.map(async (p) => {
        let out = "";
        try {
          out = (await run("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path.join(dir, p)], { encoding: "utf8" })).stdout;
        } catch (err) {
          // zbarimg exits 4 when a page has no code at all.
          if ((err as { code?: number }).code !== 4) throw err;
        }
        return out.split("\n").filter(Boolean).sort();
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("invitations", () => {
  it.skipIf(!hasTools)("prints one invitation per unit naming it, whose QR codes decode to that unit's two join links", async () => {
    const res = await get("invitations.pdf", m.links.secretary);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const pdf = Buffer.from(await res.arrayBuffer());
    const texts = (await pdfPageTexts(pdf)).map((t) => t.normalize("NFC"));
    const codes = await qrCodesPerPage(pdf);
    const def = (await server.store.getMeeting(m.meetingId))!.definition;
    expect(texts).toHaveLength(def.units.length);
    def.units.forEach((u, i) => {
      expect(texts[i]).toContain("GIẤY MỜI");
      expect(texts[i]).toContain(`Kính gửi: ${u.headTitle} ${u.name}`);
      expect(texts[i]).toContain("ngày 14 tháng 01 năm 2022");
      expect(texts[i]).toContain("Thảo luận, tham luận của các đơn vị");
      expect(codes[i]).toEqual([...m.links.delegates[u.code]!].sort());
    });
    // Printing every unit's links is journaled.
    const issued = (await server.store.readJournal(m.meetingId)).filter((e) => e.type === "invitations.issued");
    expect(issued).toHaveLength(1);
    expect(issued[0]!.actor).toBe("secretary");
  });

  it.skipIf(!hasTools)("prints a re-issued link and leaves a revoked one out", async () => {
    const admin = { authorization: `Bearer ${server.adminToken}` };
    const reissued = (await (await fetch(`${server.url}/api/meetings/${m.meetingId}/links/delegate-BDT-2/reissue`, { method: "POST", headers: admin })).json()) as { link: { url: string } };
    expect((await fetch(`${server.url}/api/meetings/${m.meetingId}/links/delegate-STP-1/revoke`, { method: "POST", headers: admin })).status).toBe(200);
    const pdf = Buffer.from(await (await get("invitations.pdf", m.links.chair)).arrayBuffer());
    const codes = await qrCodesPerPage(pdf);
    const order = (await server.store.getMeeting(m.meetingId))!.definition.units.map((u) => u.code);
    expect(codes[order.indexOf("BDT")]).toEqual([m.links.delegates.BDT![0]!, reissued.link.url].sort());
    expect(codes[order.indexOf("STP")]).toEqual([m.links.delegates.STP![1]!]);
  });

  it("refuses delegates, the screen and followers", async () => {
    const before = (await server.store.readJournal(m.meetingId)).length;
    for (const link of [m.links.delegates.SNV![0]!, m.links.screen, m.links.public])
      for (const route of ["invitations.pdf", "conclusion.pdf", "conclusion.docx"]) {
        const res = await get(route, link);
        expect({ route, status: res.status }).toEqual({ route, status: 403 });
      }
    expect((await server.store.readJournal(m.meetingId)).length).toBe(before);
  });
});

describe("conclusion notice", () => {
  it("drafts the notice from the record as PDF and .docx with the same words", async () => {
    // A turn on the record: SNV presents.
    const chair = await joinWith(server, m.links.chair);
    const snv = await joinWith(server, m.links.delegates.SNV![0]!);
    const { request } = await emitAck<{ request: { requestId: string } }>(snv.socket, EVENTS.SPEAK_REQUEST, { kind: "presentation" });
    await emitAck(chair.socket, EVENTS.SPEAK_GIVE, { requestId: request.requestId });
    await emitAck(chair.socket, EVENTS.SPEAK_END, {});
    snv.socket.disconnect();

    // Before the lock the notice has no ranking; after it, the locked ranking in order.
    const early = (await pdfPageTexts(Buffer.from(await (await get("conclusion.pdf", m.links.chair)).arrayBuffer()))).join(" ").normalize("NFC");
    expect(early).toContain("Bảng điểm chưa được khóa");
    const ranking = await lockScoreTable({ socket: chair.socket } as PollClient);
    chair.socket.disconnect();
    const def = (await server.store.getMeeting(m.meetingId))!.definition;
    const nameOf = (code: string) => def.units.find((u) => u.code === code)!.name;

    const res = await get("conclusion.pdf", m.links.chair);
    expect(res.status).toBe(200);
    const text = (await pdfPageTexts(Buffer.from(await res.arrayBuffer()))).join(" ").normalize("NFC");
    expect(text).toContain("THÔNG BÁO");
    expect(text).toContain("Kết luận của Hội nghị tổng kết phong trào thi đua");
    expect(text).toContain("Số: …/TB-CTĐ");
    expect(text).toContain("DỰ THẢO");
    expect(text).toMatch(new RegExp(`Xếp thứ 1: ${nameOf(ranking[0]!)} — \\d+,\\d điểm\\. Xếp thứ 2: ${nameOf(ranking[1]!)}`));
    expect(text).toContain("Các đơn vị đã trình bày: Sở Nội vụ tỉnh Thanh Hóa (tham luận).");
    expect(text).toContain("TRƯỞNG CỤM");

    const docx = await get("conclusion.docx", m.links.secretary);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const bytes = Buffer.from(await docx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe("PK");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-docx-"));
    fs.writeFileSync(path.join(dir, "t.docx"), bytes);
    const xml = execFileSync("unzip", ["-p", path.join(dir, "t.docx"), "word/document.xml"], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
    const words = xml.replace(/<[^>]+>/g, "");
    expect(words).toContain("Các đơn vị đã trình bày: Sở Nội vụ tỉnh Thanh Hóa (tham luận).");
    expect(words).toContain("THÔNG BÁO");
  });
});
