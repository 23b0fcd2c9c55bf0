import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { DEFAULT_MAX_DOCUMENT_MB, documentLimitBytes } from "../../shared/discussion/pdf";
import { parseConfig } from "../../server/config";
import { uploadDocument } from "../helpers/discussion";
import { paddedPdf } from "../helpers/padded-pdf";
import { createMeeting, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";

const MB = 1024 * 1024;

describe("MAX_DOCUMENT_MB", () => {
  it.each([
    [{}, DEFAULT_MAX_DOCUMENT_MB * MB],
    [{ MAX_DOCUMENT_MB: "5" }, 5 * MB],
    [{ MAX_DOCUMENT_MB: "0.5" }, MB / 2],
  ])("%o → %i bytes", (env, bytes) => {
    const parsed = parseConfig({ DATA_DIR: "/tmp/unused", ...env });
    expect(parsed.ok && parsed.config.maxDocumentBytes).toBe(bytes);
  });

  it.each(["0", "-1", "abc", "1000"])("refuses MAX_DOCUMENT_MB=%s at start-up", (value) => {
    const parsed = parseConfig({ DATA_DIR: "/tmp/unused", MAX_DOCUMENT_MB: value });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems.join()).toMatch(/MAX_DOCUMENT_MB/);
  });
});

describe("a meeting document at the size limit (default 20 MB, above the 10 MB cap of other bodies)", () => {
  let server: RunningServer;
  let m: CreatedTestMeeting;
  const limit = documentLimitBytes(DEFAULT_MAX_DOCUMENT_MB);
  beforeAll(async () => {
    server = await startTestServer();
    m = await createMeeting(server);
  });
  afterAll(() => server.close());

  it("accepts a valid PDF of 20 MB - 1 byte and refuses one of 20 MB + 1 byte with 413, storing nothing", async () => {
    const under = await paddedPdf(limit - 1, "Bao cao duoi gioi han");
    const over = await paddedPdf(limit + 1, "Bao cao vuot gioi han");
    expect([under.length, over.length]).toEqual([limit - 1, limit + 1]);

    const journalBefore = (await server.store.readJournal(m.meetingId)).length;
    const refused = await uploadDocument(server, m.meetingId, { link: m.links.chair }, over, { title: "Quá lớn" });
    expect(refused.status).toBe(413);
    expect(refused.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    // Refused by the HTTP layer's cap (which follows MAX_DOCUMENT_MB) from the declared length, before routing.
    expect(refused.body.error?.message).toMatch(/tối đa 20480 kB/);
    expect((await server.store.readJournal(m.meetingId)).length).toBe(journalBefore);

    const accepted = await uploadDocument(server, m.meetingId, { link: m.links.chair }, under, { title: "Vừa đủ" });
    expect(accepted.status).toBe(201);
    expect(accepted.body.document).toMatchObject({ title: "Vừa đủ", bytes: limit - 1, pages: 1 });
    const journal = (await server.store.readJournal(m.meetingId)).slice(journalBefore).map((e) => e.type);
    expect(journal).toHaveLength(1);
    const back = await fetch(`${server.url}/api/meetings/${m.meetingId}/documents/${accepted.body.document!.id}`, {
      headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` },
    });
    expect(back.status).toBe(200);
    expect(Buffer.from(await back.arrayBuffer()).equals(under)).toBe(true);
  });

  it("keeps the 10 MB cap for every other body: a PDF to verify of 10 MB + 1 is refused 413", async () => {
    const res = await fetch(`${server.url}/api/verify/${m.meetingId}`, {
      method: "POST",
      headers: { "content-type": "application/pdf" },
      body: Buffer.alloc(10 * MB + 1, 0x20),
    });
    expect(res.status).toBe(413);
  });
});

describe("with MAX_DOCUMENT_MB=2", () => {
  let server: RunningServer;
  let m: CreatedTestMeeting;
  beforeAll(async () => {
    server = await startTestServer(undefined, { MAX_DOCUMENT_MB: "2" });
    m = await createMeeting(server);
  });
  afterAll(() => server.close());

  it("honours the setting: 2 MB - 1 accepted, 2 MB + 1 refused", async () => {
    const ok = await uploadDocument(server, m.meetingId, { link: m.links.chair }, await paddedPdf(2 * MB - 1), { title: "Hai MB" });
    expect(ok.status).toBe(201);
    const no = await uploadDocument(server, m.meetingId, { link: m.links.chair }, await paddedPdf(2 * MB + 1), { title: "Hơn hai MB" });
    expect(no.status).toBe(413);
    expect(no.body.error?.message).toMatch(/^Tệp lớn hơn 2 MB/);
  });
});
