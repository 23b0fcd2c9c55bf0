import { PDFDocument, rgb, StandardFonts } from "pdf-lib";
import type { RunningServer } from "../../server/app";
import { tokenOf } from "./server";

/** A real PDF of `pages` pages, each saying its number in large type (pdf-lib). */
export async function samplePdf(pages: number, label = "Tai lieu"): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(`${label} - trang ${i}`, { x: 60, y: 700, size: 36, font });
    page.drawRectangle({ x: 60, y: 200, width: 475, height: 380, borderWidth: 4, borderColor: rgb(0.04, 0.24, 0.57), color: rgb(0.9, 0.93, 0.98) });
  }
  return Buffer.from(await doc.save());
}

/** The upload's answer: a document, or a refusal. */
export interface UploadAnswer {
  ok: boolean;
  existing?: boolean;
  document?: { id: string; title: string; sha256: string; bytes: number; pages: number; agendaIndex: number | null };
  error?: { code: string; message: string };
}

/** POST /api/meetings/:id/documents with a link's token (or the admin token). */
export async function uploadDocument(
  server: RunningServer,
  meetingId: string,
  auth: { link?: string; token?: string },
  body: Uint8Array,
  query: Record<string, string | number> = { title: "Báo cáo tổng kết" },
  contentType = "application/pdf",
): Promise<{ status: number; body: UploadAnswer }> {
  const token = auth.token ?? tokenOf(auth.link!);
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await fetch(`${server.url}/api/meetings/${meetingId}/documents?${qs}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    body: body as unknown as BodyInit,
  });
  return { status: res.status, body: (await res.json()) as UploadAnswer };
}
