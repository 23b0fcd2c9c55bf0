import * as z from "zod/v4/mini";
import type { PledgeSignatureAudit, PledgeSignatureView, PledgeState } from "../pledge";
import { defineRoute, nullableEpochMs, objectOf, pledgeStageEnum, sha256Hex } from "./route";

/** The pledge over HTTP (server/pledge/routes.ts): its state for any link, and the public verification page. */

export const PLEDGE = defineRoute({
  method: "GET",
  path: "/api/meetings/:id/pledge",
  access: { kind: "link", roles: "any", admin: true },
  summary:
    "The pledge's state, its text (frozen, else the current draft) and the signatures (organisers see the audit fields).",
  body: "none",
  get reply() {
    return z.object({
      state: objectOf<PledgeState>(),
      textHash: z.nullable(sha256Hex()),
      text: z.string(),
      /** Hash of the text shown: the frozen hash, or the draft's hash as it stands now. */
      shownHash: sha256Hex(),
      signatures: z.array(objectOf<PledgeSignatureView | PledgeSignatureAudit>()),
    });
  },
  status: 200,
});

const verifySignature = () =>
  z.object({
    unit: z.string(),
    unitName: z.string(),
    signerName: z.string(),
    signerTitle: z.string(),
    onBehalf: z.nullable(z.object({ representedTitle: z.string() })),
    signedAt: z.string(),
    signatureHash: z.string(),
  });

/** A published vote as /verify lists it: `outcome` in Vietnamese words ("Thông qua"…), `headline` for elections. */
const verifyResult = () =>
  z.object({
    id: z.string(),
    title: z.string(),
    visibility: z.enum(["open", "secret"]),
    cast: z.number(),
    threshold: z.string(),
    outcome: z.string(),
    headline: z.nullable(z.string()),
  });

export const VERIFY_INFO = defineRoute({
  method: "GET",
  path: "/api/verify/:meetingId",
  access: { kind: "public" },
  summary:
    "What anyone needs to check a printed pledge: the frozen hash, the signatures, the published votes, the journal head.",
  body: "none",
  get reply() {
    return z.object({
      meetingId: z.string(),
      title: z.string(),
      stage: pledgeStageEnum,
      textHash: z.nullable(sha256Hex()),
      frozenAt: nullableEpochMs(),
      finalAt: nullableEpochMs(),
      signedCount: z.number(),
      unitCount: z.number(),
      signatures: z.array(verifySignature()),
      results: z.array(verifyResult()),
      journalHead: z.object({ seq: z.number(), hash: z.string() }),
    });
  },
  status: 200,
});

/** What a check concludes: the very file issued, the same printed text, or not. */
export const VERDICTS = ["exact", "text", "mismatch", "no-text", "unreadable"] as const;

/** A pasted hash, trimmed and lower-cased: 64 hex digits. */
export const verifyHashRequestSchema = z.object({
  hash: z.pipe(
    z.string().check(z.trim(), z.toLowerCase()),
    z.string().check(z.regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 hex digits")),
  ),
});

const common = () => ({
  stage: pledgeStageEnum,
  textHash: z.nullable(sha256Hex()),
  matches: z.boolean(),
  verdict: z.enum(VERDICTS),
  /** Vietnamese first. */
  message: z.string(),
});

export const VERIFY_CHECK = defineRoute({
  method: "POST",
  path: "/api/verify/:meetingId",
  access: { kind: "public" },
  summary:
    "Checks a pasted hash ({ hash } as JSON) or an uploaded PDF (application/pdf, ≤ 10 MB): the printed words are read, never the metadata.",
  body: "json-or-pdf",
  request: verifyHashRequestSchema,
  get reply() {
    return z.discriminatedUnion("source", [
      z.object({ source: z.literal("hash"), found: z.string(), ...common() }),
      z.object({
        source: z.literal("pdf"),
        /** The hash of the canonical text rebuilt from the PDF's printed words (null: none found). */
        found: z.nullable(z.string()),
        ...common(),
        /** What the file's metadata claims (never trusted; a difference from `found` is reported). */
        metadataHash: z.nullable(z.string()),
        /** sha256 of the uploaded bytes, and whether the server issued exactly this file. */
        sha256: sha256Hex(),
        exactFile: z.nullable(
          z.object({
            kind: z.enum(["pledge", "minutes"]),
            issuedAt: z.number(),
            signer: z.nullable(z.string()),
          }),
        ),
        /** The PDF's digital signature (PAdES): signer, valid, whole file covered; null when unsigned. */
        signature: z.nullable(
          z.object({
            subject: z.string(),
            issuer: z.string(),
            valid: z.boolean(),
            coversWholeFile: z.boolean(),
            signedAt: z.nullable(z.string()),
            subFilter: z.nullable(z.string()),
          }),
        ),
        notes: z.array(z.string()),
      }),
    ]);
  },
  status: 200,
});
