import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { createMeeting, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";
import { docxParagraphs } from "../helpers/documents";

let server: RunningServer;
let m: CreatedTestMeeting;

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

const get = (path: string, link?: string) => fetch(`${server.url}${path}`, { headers: link ? { authorization: `Bearer ${tokenOf(link)}` } : {} });

describe("the .docx documents", () => {
  for (const [name, file] of [
    ["minutes", "minutes.docx"],
    ["pledge", "pledge.docx"],
  ] as const) {
    it(`serves ${file} to any token of the meeting (header or ?token=), as a draft, and to nobody else`, async () => {
      expect((await get(`/api/meetings/${m.meetingId}/${file}`)).status).toBe(401);
      const other = await createMeeting(server);
      expect((await get(`/api/meetings/${m.meetingId}/${file}`, other.links.chair)).status).toBe(403);
      const res = await get(`/api/meetings/${m.meetingId}/${file}`, m.links.public);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
      expect(res.headers.get("content-disposition")).toMatch(/attachment; filename=".*\.docx"/);
      const text = docxParagraphs(Buffer.from(await res.arrayBuffer())).join("\n");
      expect(text).toContain("DỰ THẢO");
      expect(text).toContain(name === "minutes" ? "BIÊN BẢN HỘI NGHỊ" : "BẢN GIAO ƯỚC THI ĐUA NĂM 2022");
      const viaQuery = await fetch(`${server.url}/api/meetings/${m.meetingId}/${file}?token=${tokenOf(m.links.delegates.BDT![0]!)}`);
      expect(viaQuery.status).toBe(200);
    });
  }
});

describe("the news item of a meeting that has just begun", () => {
  it("states only what the record holds: no attendance, ranking, election or pledge sentence yet, and no placeholder", async () => {
    const res = await get(`/api/meetings/${m.meetingId}/press.txt`, m.links.chair);
    expect(res.status).toBe(200);
    const text = (await res.text()).normalize("NFC");
    expect(text).toContain("Ngày 14/01/2022, tại Thanh Hóa");
    expect(text).toContain("Hội nghị do Sở Ngoại vụ tỉnh Thanh Hóa, đơn vị Trưởng cụm năm 2021, chủ trì.");
    for (const absent of ["Tham dự", "xếp thứ", "suy tôn", "Trưởng cụm và", "ký kết"]) expect(text).not.toContain(absent);
    expect(text).not.toMatch(/[[\]{}…]|\.\.\.|XXX|undefined|null|NaN|: ;|\b0\/\d/);
  });
});
