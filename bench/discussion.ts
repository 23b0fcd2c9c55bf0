/**
 * What the discussion costs (issue 15): `npx tsx bench/discussion.ts`.
 * - checking an upload with pdf.js (open + first page) against the magic-bytes check alone, for a
 *   3-page, a 200-page and a ~9 MB PDF;
 * - an upload over HTTP end to end (check, SHA-256, blob + row + journal in one transaction);
 * - the invitations PDF (QR codes and one page per unit) for 8 and 30 units;
 * - speak:request + speak:withdraw round trips on one socket (store + journal + ack), p50 / p95.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { hasPdfMagic } from "../shared/discussion/pdf";
import { EVENTS } from "../shared/protocol/events";
import { checkPdf } from "../server/discussion/pdf-check";
import { samplePdf, uploadDocument } from "../tests/helpers/discussion";
import { roomDefinition } from "../tests/helpers/room";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf } from "../tests/helpers/server";

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (n: number) => `${n.toFixed(2)} ms`;

async function time<T>(f: () => Promise<T>, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
  }
  return out;
}

/** A heavy PDF: `pages` text pages carrying an incompressible attachment of `mb` MB (as a scanned annex would weigh). */
async function heavyPdf(pages: number, mb: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]).drawText(`Trang ${i + 1}`, { x: 50, y: 780, size: 20, font });
  await doc.attach(randomBytes(mb * 1024 * 1024), "phu-luc.bin", { mimeType: "application/octet-stream" });
  return Buffer.from(await doc.save());
}

async function main() {
  const files: [string, Buffer][] = [
    ["3 pages", await samplePdf(3)],
    ["200 pages", await samplePdf(200)],
    ["~9 MB (30 pages + annex)", await heavyPdf(30, 9)],
  ];
  console.log("Checking an upload (median of 10): pdf.js open + first page vs the magic bytes alone");
  for (const [name, pdf] of files) {
    const full = await time(() => checkPdf(pdf), 10);
    const naive = await time(async () => hasPdfMagic(pdf), 10);
    const m = percentile(full, 50);
    console.log(`  ${name.padEnd(28)} ${(pdf.byteLength / 1024 / 1024).toFixed(2)} MB  pdf.js ${ms(m)}  magic bytes only ${percentile(naive, 50).toFixed(4)} ms`);
  }

  const server = await startTestServer();
  try {
    const m = await createMeeting(server);
    const ups = await time(async () => {
      const res = await uploadDocument(server, m.meetingId, { link: m.links.chair }, await samplePdf(3, `bench ${Math.random()}`), { title: "bench" });
      if (res.status !== 201) throw new Error(`upload ${res.status}`);
    }, 20);
    console.log(`Upload over HTTP, 3 pages (incl. making the PDF), 20 runs: p50 ${ms(percentile(ups, 50))}, p95 ${ms(percentile(ups, 95))}`);
    const big = files[2]![1];
    const bigUp = await time(async () => {
      const res = await uploadDocument(server, m.meetingId, { link: m.links.chair }, Buffer.concat([big, Buffer.from(`\n%${Math.random()}\n`)]), { title: "big" });
      if (res.status !== 201) throw new Error(`upload ${res.status} ${JSON.stringify(res.body)}`);
    }, 3);
    console.log(`Upload over HTTP, ${(big.byteLength / 1024 / 1024).toFixed(1)} MB: median ${ms(percentile(bigUp, 50))}`);

    for (const n of [8, 30]) {
      const meeting = n === 8 ? m : await createMeeting(server, roomDefinition(n).definition);
      const inv = await time(async () => {
        const res = await fetch(`${server.url}/api/meetings/${meeting.meetingId}/invitations.pdf`, { headers: { authorization: `Bearer ${tokenOf(meeting.links.chair)}` } });
        await res.arrayBuffer();
      }, 3);
      console.log(`Invitations PDF, ${n} units (${n * 2} QR codes): median ${ms(percentile(inv, 50))}`);
    }

    // One socket may send 20 messages at once, then 5 a second (server/realtime/budget.ts): 8 cycles per
    // delegate link stay inside the burst, over all 16 links of the meeting.
    const trips: number[] = [];
    for (const unit of Object.keys(m.links.delegates))
      for (const link of m.links.delegates[unit]!) {
        const tablet = await joinWith(server, link);
        trips.push(
          ...(await time(async () => {
            await emitAck(tablet.socket, EVENTS.SPEAK_REQUEST, { kind: "remark" });
            await emitAck(tablet.socket, EVENTS.SPEAK_WITHDRAW, {});
          }, 8)),
        );
        tablet.socket.disconnect();
      }
    console.log(`speak:request + speak:withdraw (two stored, journaled, acknowledged changes), ${trips.length} runs: p50 ${ms(percentile(trips, 50))}, p95 ${ms(percentile(trips, 95))}`);
  } finally {
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
