import type { Response } from "express";
import type { ServerContext } from "../context";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { sendError } from "../http/auth";
import { DocumentCache } from "./cache";
import { sha256Of, type IssuedKind } from "./issued";
import { BusyError, Limiter } from "./limiter";

export type DocumentKind = IssuedKind | "minutes-docx" | "pledge-docx" | "press-docx";

/**
 * Every generated document goes through here: at most two renders at a time with a short queue
 * (beyond it: 503 BUSY), and one render per state version (the cache key is the renderer's input).
 */
export const documentLimiter = new Limiter(2, 16);
const cache = new DocumentCache(32);

/** Renders per kind since start, so tests can count renders rather than time them. */
export const documentStats: { renders: Record<string, number> } = { renders: {} };

export interface IssueOptions {
  kind: DocumentKind;
  meetingId: string;
  /** Everything the renderer reads; its hash is the state version. */
  input: unknown;
  render: () => Promise<Buffer>;
  /** A final PDF: signed when a certificate is configured, and its SHA-256 recorded as issued. */
  final?: boolean;
  /** Applied to the rendered bytes before signing (e.g. the text-hash metadata). */
  finish?: (out: Buffer) => Buffer | Promise<Buffer>;
  /** Reason and place written in the digital signature of a final PDF. */
  signing?: { reason: string; location: string };
}

export function issueDocument(ctx: ServerContext, o: IssueOptions): Promise<Buffer> {
  const key = DocumentCache.keyOf(`${o.kind}\n${o.meetingId}\n${o.final ? "final" : "draft"}`, o.input);
  return cache.get(key, () =>
    documentLimiter.run(async () => {
      documentStats.renders[o.kind] = (documentStats.renders[o.kind] ?? 0) + 1;
      let out = await o.render();
      if (o.finish) out = await o.finish(out);
      if (o.final && (o.kind === "pledge" || o.kind === "minutes")) {
        // With a certificate configured the final PDF carries a PAdES signature; the signed bytes are what is issued.
        // node-forge and @signpdf load with the first issued document, not at start-up.
        const { configuredIdentity, signPdf } = await import("./signing");
        const identity = configuredIdentity(ctx.config);
        if (identity) out = await signPdf(out, identity, o.signing ?? { reason: "Concord", location: "" });
        await ctx.store.recordIssuedDocument(o.meetingId, { kind: o.kind, sha256: sha256Of(out), size: out.length, issuedAt: Date.now(), signer: identity?.subject ?? null });
      }
      return out;
    }),
  );
}

/** Forgets every cached document (tests that change what a renderer prints without a state change). */
export function clearDocumentCache(): void {
  cache.clear();
}

/** A BusyError as 503 with its code; anything else is rethrown to the app's error handler. */
export function sendBusy(res: Response, err: unknown): boolean {
  if (!(err instanceof BusyError)) return false;
  res.setHeader("Retry-After", "5");
  sendError(res, 503, { code: ERROR_CODES.BUSY, message: err.message });
  return true;
}
