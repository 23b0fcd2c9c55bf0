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
