import { parentPort } from "node:worker_threads";
import { renderMinutesPdf, renderPledgePdf, type MinutesPdfInput, type PledgePdfInput } from "../pdf";

/** Renders PDFs off the main thread: one message in ({ id, kind, input }), one out ({ id, pdf } or { id, error }). */
export type RenderRequest = { id: number; kind: "minutes"; input: MinutesPdfInput } | { id: number; kind: "pledge"; input: PledgePdfInput };
export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

parentPort?.on("message", async (req: RenderRequest) => {
  try {
    const pdf = req.kind === "minutes" ? await renderMinutesPdf(req.input) : await renderPledgePdf(req.input);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
    parentPort!.postMessage({ id: req.id, pdf: bytes } satisfies RenderReply);
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies RenderReply);
  }
});
parentPort?.postMessage({ ready: true });
