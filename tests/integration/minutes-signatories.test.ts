import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { docxParagraphs, docxParts } from "../helpers/documents";
import { pdfPageTexts } from "../helpers/pdf-text";
import { createMeeting, demoDefinitionCopy, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";
import { execFileSync } from "node:child_process";
import { pdfFile } from "../helpers/documents";

/**
 * The names under the minutes' signature blocks come from the definition's optional `signatories`;
 * without them the space stays blank for a handwritten name. The .docx numbers pages as Decree 30 does:
 * a header with the page number on every page but the first.
 */
let server: RunningServer;
let named: CreatedTestMeeting;
let blank: CreatedTestMeeting;
const SIGNATORIES = {
  chair: { name: "Nguyễn Văn An", title: "Trưởng ban Ban Dân tộc tỉnh Thanh Hóa" },
  secretary: { name: "Lê Thị Bình", title: "Chuyên viên Văn phòng Ban Dân tộc" },
};

beforeAll(async () => {
  server = await startTestServer();
  const def = demoDefinitionCopy() as ReturnType<typeof demoDefinitionCopy> & { signatories?: unknown };
  def.signatories = SIGNATORIES;
  named = await createMeeting(server, def);
  blank = await createMeeting(server);
});
afterAll(() => server.close());

async function download(m: CreatedTestMeeting, file: string): Promise<Buffer> {
  const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/${file}`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The text of the minutes from the closing sentence on. */
const closing = (text: string) => text.slice(text.lastIndexOf("thống nhất thông qua")).normalize("NFC");

describe("names under the minutes' signature blocks", () => {
  it("prints each signatory's name and title under their block in the PDF", async () => {
    const text = closing((await pdfPageTexts(await download(named, "minutes.pdf"))).join(" "));
    expect(text).toMatch(/THƯ KÝ\s+Lê Thị Bình\s+Chuyên viên Văn phòng Ban Dân tộc\s+TM\. CỤM THI ĐUA SỐ 8\s+CHỦ TRÌ\s+Nguyễn Văn An\s+Trưởng ban Ban Dân tộc tỉnh Thanh Hóa/);
  });

  it("leaves the space blank without signatories", async () => {
    const text = closing((await pdfPageTexts(await download(blank, "minutes.pdf"))).join(" "));
    expect(text).toMatch(/THƯ KÝ\s+TM\. CỤM THI ĐUA SỐ 8\s+CHỦ TRÌ\s+Nơi nhận:/);
  });

  it("puts the same names in the .docx, and an empty name line without them", async () => {
    const paragraphs = docxParagraphs(await download(named, "minutes.docx")).map((p) => p.normalize("NFC"));
    const at = paragraphs.indexOf("THƯ KÝ");
    expect(paragraphs.slice(at, at + 3)).toEqual(["THƯ KÝ", SIGNATORIES.secretary.name, SIGNATORIES.secretary.title]);
    const chair = paragraphs.indexOf("CHỦ TRÌ");
    expect(paragraphs.slice(chair, chair + 3)).toEqual(["CHỦ TRÌ", SIGNATORIES.chair.name, SIGNATORIES.chair.title]);
    const none = docxParagraphs(await download(blank, "minutes.docx")).map((p) => p.normalize("NFC"));
    expect(none.some((p) => p.includes("Nguyễn Văn An"))).toBe(false);
    expect(none[none.indexOf("CHỦ TRÌ") + 1]).toBe("Nơi nhận:");
  });

  it("numbers the .docx pages from the second (a first-page header without the number)", async () => {
    const docx = await download(named, "minutes.docx");
    const file = pdfFile(docx, "minutes.docx");
    const xml = (part: string) => execFileSync("unzip", ["-p", file, part], { encoding: "utf8" });
    expect(xml("word/document.xml")).toContain("<w:titlePg/>");
    const headers = docxParts(docx).filter((p) => /^word\/header\d*\.xml$/.test(p));
    const withNumber = headers.filter((h) => /w:instrText[^>]*>\s*PAGE\b/.test(xml(h)) || /w:fldSimple[^>]*PAGE/.test(xml(h)));
    expect(headers.length).toBe(2);
    expect(withNumber.length).toBe(1);
  });
});
