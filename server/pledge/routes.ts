import express, { type NextFunction, type Request, type Response } from "express";
import { publishedPolls } from "../polls/results";
import { canonicalPledgeText, pledgeHash } from "../../shared/pledge/canonical";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { isOrganiser } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { requireMeetingRole, sendError, type Authed } from "../http/auth";
import { documentLimiter, sendBusy } from "../documents/generate";
import { sha256Of } from "../documents/issued";
import { BusyError } from "../documents/limiter";
import type { PdfText } from "../documents/pdf-text";
// pdf.js, node-forge and @signpdf load with the first upload checked, not at start-up.
const pdfReaders = async () => ({ ...(await import("../documents/pdf-text")), ...(await import("../documents/signing")) });
import { textHashFromPdf } from "./pdf-meta";
import { pledgePdf } from "./pdf";
import { pledgeService } from "./service";
import { auditSignature, publicSignature } from "./view";
import { parseBody, reply, serve } from "../http/reply";
import { PLEDGE, VERIFY_CHECK, VERIFY_INFO } from "../../shared/protocol/http/pledge";

/** Largest PDF accepted for verification. */
const MAX_PDF_BYTES = 10 * 1024 * 1024;
const MEETING_ID = /^[A-Za-z0-9_-]{6,40}$/;

const authed = (res: Response) => res.locals.authed as Authed;

/** What /verify tells the reader, Vietnamese first. */
const MESSAGES = {
  exact: "KHỚP HOÀN TOÀN — đúng tệp do hệ thống phát hành, không sai khác một byte. (Exact match: this is the very file the system issued.)",
  text: "KHỚP NỘI DUNG — chữ in trong tệp đúng văn bản đã chốt; tệp không phải bản gốc do hệ thống phát hành (có thể đã được lưu lại hoặc in lại). (The printed text is the frozen text; the file itself is not one the system issued.)",
  mismatch: "KHÔNG KHỚP — chữ in trong tệp khác văn bản đã chốt. (No match: the printed text differs from the frozen text.)",
  "no-text": "KHÔNG KHỚP — không tìm thấy nội dung giao ước trong tệp này. (No match: this file contains no pledge text.)",
  unreadable: "KHÔNG ĐỌC ĐƯỢC — tệp không phải PDF hợp lệ. (Unreadable: the file is not a valid PDF.)",
  hashMatch: "KHỚP — mã băm đúng văn bản đã chốt. (Match: this is the frozen text's hash.)",
  hashMismatch: "KHÔNG KHỚP — mã băm không phải của văn bản đã chốt. (No match: not the frozen text's hash.)",
  notFrozen: "Văn bản chưa được chốt nên chưa có mã băm để đối chiếu. (The text is not frozen yet.)",
  forgedMetadata:
    "Cảnh báo: siêu dữ liệu của tệp ghi đúng mã băm đã chốt nhưng chữ in trong tệp lại khác — tệp đã bị sửa. (Warning: the metadata claims the frozen hash but the printed text differs: the file was altered.)",
  signatureBroken: "Chữ ký số KHÔNG hợp lệ — tệp đã bị thay đổi sau khi ký. (The digital signature is NOT valid: the file was changed after signing.)",
  signatureWhole: "Chữ ký số hợp lệ, phủ toàn bộ tệp; người ký: (The digital signature is valid and covers the whole file; signer:)",
  signaturePartial:
    "Chữ ký số hợp lệ nhưng KHÔNG phủ toàn bộ tệp — có nội dung được thêm sau khi ký; người ký: (The digital signature is valid but does not cover the whole file: content was added after signing; signer:)",
  otherMetadata: "Siêu dữ liệu của tệp ghi một mã băm khác với chữ in trong tệp. (The metadata names another hash than the printed text.)",
} as const;

/** A PDF link opened by the browser cannot send a header: ?token= stands in for Authorization. */
function tokenFromQuery(req: Request, _res: Response, next: NextFunction): void {
  const token = req.query.token;
  if (!req.headers.authorization && typeof token === "string") req.headers.authorization = `Bearer ${token}`;
  next();
}

export function pledgeRoutes(ctx: ServerContext) {
  const service = pledgeService(ctx);
  const r = express.Router();
  const anyRole = requireMeetingRole(ctx.registry, "any", ctx.adminToken);

  /** The pledge's state, its text (frozen, else the current draft) and the signatures. */
  serve(r, PLEDGE, anyRole, async (_req, res) => {
    const { room, session } = authed(res);
    const rec = await service.record(room.id);
    const draft = rec.draft ?? (await service.currentDraft(room));
    const organiser = isOrganiser(session.role);
    reply(res, PLEDGE, {
      state: await service.state(room),
      textHash: rec.textHash,
      text: rec.text ?? canonicalPledgeText(draft),
      /** Hash of the text shown: the frozen hash, or the draft's hash as it stands now. */
      shownHash: rec.textHash ?? pledgeHash(draft),
      signatures: (await service.signatures(room.id)).map((s) => (organiser ? auditSignature(s) : publicSignature(s))),
    });
  });

  r.get("/meetings/:id/pledge.pdf", tokenFromQuery, anyRole, async (_req, res) => {
    const { room } = authed(res);
    const pdf = await pledgePdf(ctx, room);
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", `inline; filename="giao-uoc-${room.id}.pdf"`);
    res.setHeader("Cache-Control", "no-store");
    res.send(pdf);
  });

  const meetingFor = async (req: Request, res: Response) => {
    const id = String(req.params.meetingId);
    const room = MEETING_ID.test(id) ? await ctx.registry.get(id) : null;
    if (!room) sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có hội nghị này. (No such meeting.)" });
    return room;
  };

  /** Public, no token: what anyone needs to check a printed or downloaded pledge. */
  serve(r, VERIFY_INFO, async (req, res) => {
    const room = await meetingFor(req, res);
    if (!room) return;
    const state = await service.state(room);
    reply(res, VERIFY_INFO, {
      meetingId: room.id,
      title: room.definition.conference.title,
      stage: state.stage,
      textHash: state.textHash,
      frozenAt: state.frozenAt,
      finalAt: state.finalAt,
      signedCount: state.signedCount,
      unitCount: state.unitCount,
      signatures: state.units
        .filter((u) => u.signature)
        .map(({ unit, name, signature: s }) => ({
          unit,
          unitName: name,
          signerName: s!.signerName,
          signerTitle: s!.signerTitle,
          onBehalf: s!.onBehalf,
          signedAt: s!.signedAt,
          signatureHash: s!.signatureHash,
        })),
      // The published results, so the public can check the outcomes the minutes quote.
      results: (await publishedPolls(ctx, room.id)).map((p) => ({ id: p.id, title: p.title, visibility: p.visibility, cast: p.cast, threshold: p.threshold, outcome: p.outcome, headline: p.headline })),
      journalHead: await ctx.store.journalHead(room.id),
    });
  });

  /**
   * Checks a pasted hash ({ hash }) or an uploaded PDF (application/pdf). For a PDF the server reads the
   * printed words (pdf.js), rebuilds the canonical text and hashes it: metadata is reported but never
   * trusted. Separately, the file's own SHA-256 is looked up among the final PDFs the server issued
   * ("exactly the file we issued"), and a PAdES signature, if any, is checked.
   */
  serve(r, VERIFY_CHECK, express.raw({ type: "application/pdf", limit: MAX_PDF_BYTES }), async (req, res) => {
    const room = await meetingFor(req, res);
    if (!room) return;
    const rec = await service.record(room.id);
    if (!Buffer.isBuffer(req.body)) {
      const parsed = parseBody(req, res, VERIFY_CHECK, "Gửi { hash } dạng JSON hoặc tệp PDF (application/pdf). (Send { hash } as JSON or a PDF as application/pdf.)");
      if (!parsed) return;
      const matches = rec.textHash !== null && parsed.hash === rec.textHash;
      return reply(res, VERIFY_CHECK, {
        source: "hash",
        stage: rec.stage,
        textHash: rec.textHash,
        found: parsed.hash,
        matches,
        verdict: matches ? "text" : "mismatch",
        message: matches ? MESSAGES.hashMatch : rec.textHash ? MESSAGES.hashMismatch : MESSAGES.notFrozen,
      });
    }
    const pdf = req.body;
    const sha256 = sha256Of(pdf);
    const issued = await ctx.store.findIssuedDocument(room.id, sha256);
    let read: PdfText | null = null;
    try {
      const { readPdfText } = await pdfReaders();
      read = await documentLimiter.run(() => readPdfText(pdf));
    } catch (err) {
      if (err instanceof BusyError) throw err;
      read = null; // not a readable PDF: reported below, nothing matches
    }
    const metadataHash = textHashFromPdf(pdf);
    const found = read?.textHash ?? null;
    const matches = rec.textHash !== null && found === rec.textHash;
    const exact = issued !== null;
    const verdict = exact && (issued.kind !== "pledge" || matches) ? "exact" : matches ? "text" : read === null ? "unreadable" : found === null ? "no-text" : "mismatch";
    const notes: string[] = [];
    if (metadataHash !== null && metadataHash !== found)
      notes.push(metadataHash === rec.textHash ? MESSAGES.forgedMetadata : MESSAGES.otherMetadata);
    const { checkPdfSignature } = await pdfReaders();
    const signature = checkPdfSignature(pdf);
    if (signature) notes.push(!signature.valid ? MESSAGES.signatureBroken : signature.coversWholeFile ? `${MESSAGES.signatureWhole} ${signature.subject}` : `${MESSAGES.signaturePartial} ${signature.subject}`);
    reply(res, VERIFY_CHECK, {
      source: "pdf",
      stage: rec.stage,
      textHash: rec.textHash,
      /** The hash of the canonical text rebuilt from the PDF's printed words (null: none found). */
      found,
      matches: verdict === "exact" || matches,
      /** What the file's metadata claims (never trusted; a difference from `found` is reported). */
      metadataHash,
      /** sha256 of the uploaded bytes, and whether the server issued exactly this file. */
      sha256,
      exactFile: issued ? { kind: issued.kind, issuedAt: issued.issuedAt, signer: issued.signer } : null,
      /** The PDF's digital signature (PAdES), checked here: signer, valid, whole file covered; null when unsigned. */
      signature,
      verdict,
      message: MESSAGES[verdict],
      notes,
    });
  });

  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (sendBusy(res, err)) return;
    if ((err as { type?: string }).type === "entity.too.large")
      return sendError(res, 413, { code: ERROR_CODES.BAD_REQUEST, message: "Tệp PDF lớn hơn 10 MB. (The PDF is larger than 10 MB.)" });
    next(err);
  });
  return r;
}
