import type { PledgeDraft } from "../../shared/definition/schema";
import type { PledgeSignatureAudit, PledgeStage } from "../../shared/protocol/pledge";
import type { JournalInput } from "./store";

/** The pledge's record: absent until something happens, which reads as drafting. */
export interface PledgeRecord {
  stage: PledgeStage;
  adoptedBy: "poll" | "chair" | null;
  adoptedAt: number | null;
  /** The draft as frozen (the PDF prints it after the Yjs document moves on). */
  draft: PledgeDraft | null;
  text: string | null;
  textHash: string | null;
  frozenAt: number | null;
  finalAt: number | null;
  /** Elected by the "head" / "deputy" polls; null until then. */
  headUnit: string | null;
  deputyUnit: string | null;
  /** Bumped by every stored change: the store's compare-and-set key. */
  version: number;
}

export interface SignatureRecord extends PledgeSignatureAudit {
  opId: string;
  linkId: string;
  voidedAt: number | null;
}

export const EMPTY_PLEDGE: PledgeRecord = {
  stage: "drafting",
  adoptedBy: null,
  adoptedAt: null,
  draft: null,
  text: null,
  textHash: null,
  frozenAt: null,
  finalAt: null,
  headUnit: null,
  deputyUnit: null,
  version: 0,
};

/** The pledge as stored at one instant, given to a pledge decision. */
export interface PledgeView {
  record: PledgeRecord;
  /** Every signature, voided ones too, in signing order. */
  signatures: SignatureRecord[];
}

/**
 * What a pledge decision stores, all or nothing, with its journal entries. A decision that stores
 * nothing (a retried signature) returns only `result`.
 */
export interface PledgeChange<T> {
  result: T;
  /** The next record; the store bumps `version`. Absent: the record is not written. */
  record?: PledgeRecord;
  /** A new live signature; the store refuses a second live one for the unit (ALREADY_SIGNED). */
  sign?: Omit<SignatureRecord, "voidedAt">;
  /** Voids every live signature (unfreeze). */
  voidAll?: { reason: string; at: number };
  /** Appended to the meeting's journal in this order, in the same atomic write. */
  journal?: JournalInput[];
}

/**
 * A pure, synchronous decision over the stored pledge. It may throw a DomainError (nothing is
 * stored). A store may run it more than once (Redis re-runs it when another instance moved the
 * pledge or the journal first), so it must not have side effects.
 */
export type PledgeDecision<T> = (view: PledgeView) => PledgeChange<T>;
