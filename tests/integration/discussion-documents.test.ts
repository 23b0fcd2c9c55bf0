import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { MAX_DOCUMENT_BYTES } from "../../shared/discussion/pdf";
import { EVENTS } from "../../shared/protocol/events";
import { samplePdf, uploadDocument } from "../helpers/discussion";
import { pdfPageTexts } from "../helpers/pdf-text";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, waitForState, type CreatedTestMeeting } from "../helpers/server";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

const list = async (link: string) => {
  const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/documents`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });
  return { status: res.status, body: (await res.json()) as { ok: boolean; documents: { id: string; sha256: string; title: string; pages: number }[] } };
};
const journalTypes = async () => (await server.store.readJournal(m.meetingId)).filter((e) => e.type === "document.attached");

describe("meeting documents", () => {
  it("attaches a PDF for an organiser, journals its SHA-256 and lists it for every link", async () => {
    const pdf = await samplePdf(3);
    const sha = createHash("sha256").update(pdf).digest("hex");
    const res = await uploadDocument(server, m.meetingId, { link: m.links.secretary }, pdf, { title: "Báo cáo tổng kết năm 2021", agendaIndex: 3 });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      ok: true,
      existing: false,
      document: { id: sha.slice(0, 16), title: "Báo cáo tổng kết năm 2021", sha256: sha, bytes: pdf.byteLength, pages: 3, agendaIndex: 3, uploadedAt: expect.any(Number) },
    });

    const entries = await journalTypes();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.data).toMatchObject({ docId: sha.slice(0, 16), sha256: sha, pages: 3, bytes: pdf.byteLength });
    expect(entries[0]!.actor).toBe("secretary");

    for (const link of [m.links.delegates.BDT![0]!, m.links.public, m.links.screen, m.links.chair]) {
      const l = await list(link);
      expect(l.status).toBe(200);
      expect(l.body.documents.map((d) => d.sha256)).toEqual([sha]);
    }

    // The PDF itself, byte for byte, cached for good (its URL names its content).
    const get = await fetch(`${server.url}/api/meetings/${m.meetingId}/documents/${sha.slice(0, 16)}`, { headers: { authorization: `Bearer ${tokenOf(m.links.delegates.STP![1]!)}` } });
    expect(get.status).toBe(200);
    expect(get.headers.get("content-type")).toBe("application/pdf");
    expect(get.headers.get("cache-control")).toContain("immutable");
    expect(get.headers.get("etag")).toBe(`"${sha}"`);
    expect(createHash("sha256").update(Buffer.from(await get.arrayBuffer())).digest("hex")).toBe(sha);
    const again = await fetch(`${server.url}/api/meetings/${m.meetingId}/documents/${sha.slice(0, 16)}`, { headers: { authorization: `Bearer ${tokenOf(m.links.public)}`, "if-none-match": `"${sha}"` } });
    expect(again.status).toBe(304);

    // The same file again is the same document: nothing new stored or journaled.
    const dup = await uploadDocument(server, m.meetingId, { link: m.links.chair }, pdf, { title: "Bản khác" });
    expect(dup.status).toBe(200);
    expect(dup.body).toMatchObject({ ok: true, existing: true, document: { title: "Báo cáo tổng kết năm 2021" } });
    expect(await journalTypes()).toHaveLength(1);

    // Listed in the minutes with its hash.
    const minutes = await fetch(`${server.url}/api/meetings/${m.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    const text = (await pdfPageTexts(Buffer.from(await minutes.arrayBuffer()))).join(" ").normalize("NFC");
    expect(text).toContain("1. Báo cáo tổng kết năm 2021 (3 trang; mục 4)");
    expect(text.replace(/\s/g, "")).toContain(sha);
  });

  it("refuses what is not a PDF, an oversize file, delegates and followers, and stores nothing", async () => {
    const before = (await list(m.links.chair)).body.documents.length;
    const journalBefore = (await server.store.readJournal(m.meetingId)).length;
    const pdf = await samplePdf(1, "refused");
    const html = Buffer.from("<!doctype html><title>%PDF-1.7</title><p>not a pdf</p>");
    const truncated = pdf.subarray(0, 200);
    const docxLike = Buffer.from([0x50, 0x4b, 0x03, 0x04, ...Buffer.from("word/document.xml")]);
    const cases: [string, { link?: string; token?: string }, Uint8Array, string, Record<string, string>, number, string][] = [
      ["a delegate", { link: m.links.delegates.BDT![0]! }, pdf, "application/pdf", { title: "x" }, 403, "FORBIDDEN"],
      ["the public follow link", { link: m.links.public }, pdf, "application/pdf", { title: "x" }, 403, "FORBIDDEN"],
      ["the big screen", { link: m.links.screen }, pdf, "application/pdf", { title: "x" }, 403, "FORBIDDEN"],
      ["no valid token", { token: "x".repeat(40) }, pdf, "application/pdf", { title: "x" }, 401, "UNAUTHENTICATED"],
      ["an HTML page sent as a PDF", { link: m.links.chair }, html, "application/pdf", { title: "x" }, 400, "NOT_A_PDF"],
      ["a truncated PDF", { link: m.links.chair }, truncated, "application/pdf", { title: "x" }, 400, "NOT_A_PDF"],
      ["a Word file", { link: m.links.chair }, docxLike, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", { title: "x" }, 415, "NOT_A_PDF"],
      ["no title", { link: m.links.chair }, pdf, "application/pdf", {}, 400, "BAD_REQUEST"],
      ["an agenda item that does not exist", { link: m.links.chair }, pdf, "application/pdf", { title: "x", agendaIndex: "99" }, 400, "BAD_REQUEST"],
    ];
    for (const [name, auth, body, type, query, status, code] of cases) {
      const res = await uploadDocument(server, m.meetingId, auth, body, query, type);
      expect({ name, status: res.status, code: res.body.error?.code }).toEqual({ name, status, code });
      if (code === "FORBIDDEN") expect(res.body.error?.message).toMatch(/^Chỉ Chủ trì và Thư ký/);
    }

    // Oversize: one byte over the limit, with a valid PDF header, sent as a stream without Content-Length too.
    const big = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20);
    pdf.copy(big, 0, 0, 16);
    const over = await uploadDocument(server, m.meetingId, { link: m.links.chair }, big, { title: "lớn" });
    expect(over.status).toBe(413);
    expect(over.body.error?.code).toBe("PAYLOAD_TOO_LARGE");
    const streamed = await fetch(`${server.url}/api/meetings/${m.meetingId}/documents?title=stream`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokenOf(m.links.chair)}`, "content-type": "application/pdf" },
      body: new ReadableStream({
        start(c) {
          for (let i = 0; i <= MAX_DOCUMENT_BYTES / (1024 * 1024); i++) c.enqueue(new Uint8Array(1024 * 1024));
          c.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);

    expect((await list(m.links.chair)).body.documents.length).toBe(before);
    expect((await server.store.readJournal(m.meetingId)).length).toBe(journalBefore);
  });

  it("refuses reading a meeting's documents with another meeting's link", async () => {
    const other = await createMeeting(server);
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/documents`, { headers: { authorization: `Bearer ${tokenOf(other.links.chair)}` } });
    expect(res.status).toBe(403);
    const docs = (await list(m.links.chair)).body.documents;
    const cross = await fetch(`${server.url}/api/meetings/${other.meetingId}/documents/${docs[0]!.id}`, { headers: { authorization: `Bearer ${tokenOf(other.links.chair)}` } });
    expect(cross.status).toBe(404);
  });

  it("shows a page on the big screen for organisers only, within the document", async () => {
    const docs = (await list(m.links.chair)).body.documents;
    const chair = await joinWith(server, m.links.chair);
    const screen = await joinWith(server, m.links.screen);
    const bdt = await joinWith(server, m.links.delegates.BDT![0]!);
    for (const c of [bdt, screen]) {
      const res = await emitAck<{ ok: boolean; error: { code: string } }>(c.socket, EVENTS.DOC_SHOW, { docId: docs[0]!.id, page: 1 });
      expect(res).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    }
    expect(await emitAck(chair.socket, EVENTS.DOC_SHOW, { docId: docs[0]!.id, page: 4 })).toMatchObject({ ok: false, error: { code: "BAD_REQUEST" } });
    expect(await emitAck(chair.socket, EVENTS.DOC_SHOW, { docId: "0123456789abcdef", page: 1 })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    expect(screen.latest().documents.presented).toBeNull();

    expect(await emitAck(chair.socket, EVENTS.DOC_SHOW, { docId: docs[0]!.id, page: 2 })).toEqual({ ok: true });
    const s = await waitForState(screen, (st) => st.documents.presented?.page === 2 && st.screen === "document");
    expect(s.documents).toEqual({ count: 1, presented: { docId: docs[0]!.id, page: 2, title: docs[0]!.title, pages: 3 } });
    const shown = (await server.store.readJournal(m.meetingId)).filter((e) => e.type === "document.shown");
    expect(shown.at(-1)!.data).toEqual({ docId: docs[0]!.id, page: 2, sha256: docs[0]!.sha256 });
    for (const c of [chair, screen, bdt]) c.socket.disconnect();
  });
});
