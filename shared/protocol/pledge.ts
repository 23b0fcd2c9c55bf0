import { z } from "zod";

/**
 * The pledge's life (DESIGN.md, "Pledge signing"): drafting → adopted (poll or chair) → frozen
 * (canonical text hashed) → final (every unit signed). Unfreezing goes back to drafting and voids
 * every signature.
 */
export const PLEDGE_STAGES = ["drafting", "adopted", "frozen", "final"] as const;
export type PledgeStage = (typeof PLEDGE_STAGES)[number];

/** Bounds of a drawn signature: enough for a real one, small enough for every broadcast. */
export const SIGNATURE_LIMITS = { maxStrokes: 200, maxPoints: 5000 } as const;

const name = (max: number) => z.string().trim().min(1).max(max);
const hex64 = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, "a SHA-256 is 64 hex digits");

/** A point on the signing pad: 0..1 from the left, 0..1 from the top. */
export const strokePointSchema = z.tuple([z.number().finite().min(0).max(1), z.number().finite().min(0).max(1)]);
export const strokesSchema = z
  .array(z.array(strokePointSchema).min(1))
  .min(1, "draw the signature")
  .max(SIGNATURE_LIMITS.maxStrokes)
  .refine((s) => s.reduce((n, stroke) => n + stroke.length, 0) <= SIGNATURE_LIMITS.maxPoints, {
    message: `a signature has at most ${SIGNATURE_LIMITS.maxPoints} points`,
  });
export type Strokes = z.infer<typeof strokesSchema>;

/** pledge:sign, from a delegate's tablet: signs the frozen text whose hash the signer saw. */
export const pledgeSignSchema = z.object({
  hash: hex64,
  signerName: name(120),
  /** The signer's own title: "Trưởng ban", "Phó Giám đốc". */
  signerTitle: name(120),
  /** A deputy signing for the head (KT.): the head's title, printed "KT. GIÁM ĐỐC". */
  onBehalf: z.object({ representedTitle: name(120) }).optional(),
  strokes: strokesSchema,
  /** Kept by the client until acknowledged; a retry with the same id gets the first answer. */
  opId: z.string().min(8).max(64),
});
export type PledgeSign = z.input<typeof pledgeSignSchema>;

export const pledgeUnfreezeSchema = z.object({ reason: z.string().trim().min(5, "give a reason of at least 5 characters").max(500) });
export type PledgeUnfreeze = z.input<typeof pledgeUnfreezeSchema>;

/** A proposal key in the pledge document's `proposals` map: "<UNIT>:<client-chosen id>". */
export const proposalKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,15}:[A-Za-z0-9_-]{1,40}$/, "a proposal key is <UNIT>:<id>");
export const pledgeProposalDecisionSchema = z.object({ key: proposalKeySchema });
export type PledgeProposalDecision = z.input<typeof pledgeProposalDecisionSchema>;

/** A proposal as a delegate writes it: replace commitment `index` of section `section` (index = length appends). */
export interface PledgeProposal {
  section: number;
  index: number;
  text: string;
}

/** One signature as everyone may see it (no address, no user agent). */
export interface PledgeSignatureView {
  unit: string;
  signerName: string;
  signerTitle: string;
  onBehalf: { representedTitle: string } | null;
  strokes: Strokes;
  /** ISO time. */
  signedAt: string;
  textHash: string;
  signatureHash: string;
}

/** Organisers also see where and on what the signature was made. */
export interface PledgeSignatureAudit extends PledgeSignatureView {
  userAgent: string;
  address: string;
}

/** pledge:state — the signature wall and the pledge's stage, sent to the whole meeting on every change. */
export interface PledgeState {
  meetingId: string;
  stage: PledgeStage;
  /** SHA-256 of the frozen canonical text; null while drafting or adopted. */
  textHash: string | null;
  adoptedBy: "poll" | "chair" | null;
  adoptedAt: number | null;
  frozenAt: number | null;
  finalAt: number | null;
  signingOrder: "free" | "head_first";
  /** The new head (elected, else the unit whose role is head): signs first under head_first. */
  headUnit: string;
  deputyUnit: string | null;
  /** Every unit in signature-grid order: new head, deputy, then the others. */
  units: Array<{ unit: string; name: string; signed: boolean; signature: PledgeSignatureView | null }>;
  signedCount: number;
  unitCount: number;
  /** Increases with every change, so a client can drop a stale state. */
  version: number;
}
