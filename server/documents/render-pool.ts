import { Worker } from "node:worker_threads";
import { log, errorFields } from "../log";
import type { MinutesPdfInput, PledgePdfInput } from "../pdf";
import type { RenderReply, RenderRequest } from "./render-worker";

/**
 * PDF rendering off the event loop. pdfkit lays out and subsets fonts synchronously (100–250 ms for the
 * minutes), which would stall every socket of the meeting; a worker thread does it instead. One worker,
 * started on first use and kept (unref'd, so it never holds the process open); the limiter in
 * generate.ts already bounds how many renders wait for it. If the worker cannot start or dies, the
 * render happens in this thread, as before, and the reason is logged.
 */
type Pending = { resolve: (pdf: Buffer) => void; reject: (err: Error) => void };

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function start(): Worker | null {
  if (worker || broken) return worker;
  try {
    const w = new Worker(new URL("./render-worker-entry.mjs", import.meta.url));
    w.unref();
    w.on("message", (msg: RenderReply | { ready: true }) => {
      if ("ready" in msg) return;
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if ("pdf" in msg) p.resolve(Buffer.from(msg.pdf.buffer, msg.pdf.byteOffset, msg.pdf.byteLength));
      else p.reject(new Error(msg.error));
    });
    w.on("error", (err) => {
      log.error("documents", "render worker failed; rendering in the main thread from now on", errorFields(err));
      broken = true;
      worker = null;
      failAll(err);
    });
    w.on("exit", (code) => {
      if (worker === w) worker = null;
      if (pending.size > 0) failAll(new Error(`render worker exited with code ${code}`));
    });
    worker = w;
    return w;
  } catch (err) {
    log.error("documents", "render worker could not start; rendering in the main thread", errorFields(err));
    broken = true;
    return null;
  }
}

function inWorker(req: Omit<RenderRequest, "id">): Promise<Buffer> | null {
  const w = start();
  if (!w) return null;
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ ...req, id } as RenderRequest);
  });
}

/** Renders a PDF in the worker (falling back to this thread only when the worker is unusable). */
export async function renderPdf(kind: "minutes", input: MinutesPdfInput): Promise<Buffer>;
export async function renderPdf(kind: "pledge", input: PledgePdfInput): Promise<Buffer>;
export async function renderPdf(kind: "minutes" | "pledge", input: MinutesPdfInput | PledgePdfInput): Promise<Buffer> {
  // pdfkit and the fonts load here only when the worker cannot be used (start-up does not load them).
  const local = async () => {
    const pdf = await import("../pdf");
    return kind === "minutes" ? pdf.renderMinutesPdf(input as MinutesPdfInput) : pdf.renderPledgePdf(input as PledgePdfInput);
  };
  const job = inWorker({ kind, input } as Omit<RenderRequest, "id">);
  if (!job) return local();
  try {
    return await job;
  } catch (err) {
    // A render error inside the worker is a real error (bad input): surface it. A dead worker is not: retry here.
    if (broken) return local();
    throw err;
  }
}

/** For tests: whether renders go to the worker. */
export function renderWorkerActive(): boolean {
  return worker !== null && !broken;
}
