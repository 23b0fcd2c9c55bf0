import type Database from "better-sqlite3";
import type { PledgeDraft } from "../../shared/definition/schema";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { PledgeStage, Strokes } from "../../shared/protocol/pledge";
import { DomainError } from "../errors";
import { EMPTY_PLEDGE, type PledgeChange, type PledgeRecord, type SignatureRecord } from "./pledge";

interface PledgeRow {
  stage: string;
  adopted_by: string | null;
  adopted_at: number | null;
  draft: string | null;
  text: string | null;
  text_hash: string | null;
  frozen_at: number | null;
  final_at: number | null;
  head_unit: string | null;
  deputy_unit: string | null;
  version: number;
}

interface SignatureRow {
  unit: string;
  op_id: string;
  link_id: string;
  signer_name: string;
  signer_title: string;
  on_behalf: string | null;
  strokes: string;
  signed_at: number;
  user_agent: string;
  address: string;
  text_hash: string;
  signature_hash: string;
  voided_at: number | null;
}

const toSignature = (r: SignatureRow): SignatureRecord => ({
  unit: r.unit,
  opId: r.op_id,
  linkId: r.link_id,
  signerName: r.signer_name,
  signerTitle: r.signer_title,
  onBehalf: r.on_behalf === null ? null : { representedTitle: r.on_behalf },
  strokes: JSON.parse(r.strokes) as Strokes,
  signedAt: new Date(r.signed_at).toISOString(),
  userAgent: r.user_agent,
  address: r.address,
  textHash: r.text_hash,
  signatureHash: r.signature_hash,
  voidedAt: r.voided_at,
});

/**
 * SQL of the pledge tables, synchronous on purpose: SqliteStore.updatePledge runs the decision and
 * these writes in one better-sqlite3 transaction, so two tablets signing at once cannot both pass a check.
 */
export class SqlitePledgeTables {
  constructor(private readonly db: Database.Database) {}

  get(meetingId: string): PledgeRecord {
    const r = this.db.prepare("SELECT * FROM pledge WHERE meeting_id = ?").get(meetingId) as PledgeRow | undefined;
    if (!r) return { ...EMPTY_PLEDGE };
    return {
      stage: r.stage as PledgeStage,
      adoptedBy: r.adopted_by as PledgeRecord["adoptedBy"],
      adoptedAt: r.adopted_at,
      draft: r.draft === null ? null : (JSON.parse(r.draft) as PledgeDraft),
      text: r.text,
      textHash: r.text_hash,
      frozenAt: r.frozen_at,
      finalAt: r.final_at,
      headUnit: r.head_unit,
      deputyUnit: r.deputy_unit,
      version: r.version,
    };
  }

  /** Live (not voided) signatures, in signing order. */
  live(meetingId: string): SignatureRecord[] {
    return (
      this.db.prepare("SELECT * FROM pledge_signatures WHERE meeting_id = ? AND voided_at IS NULL ORDER BY signed_at, id").all(meetingId) as SignatureRow[]
    ).map(toSignature);
  }

  /** Every signature, voided ones too, in signing order. */
  all(meetingId: string): SignatureRecord[] {
    return (this.db.prepare("SELECT * FROM pledge_signatures WHERE meeting_id = ? ORDER BY signed_at, id").all(meetingId) as SignatureRow[]).map(
      toSignature,
    );
  }

  /** Stores a decision's change (not its journal entries); call inside a transaction. */
  apply(meetingId: string, change: PledgeChange<unknown>): void {
    if (change.voidAll)
      this.db
        .prepare("UPDATE pledge_signatures SET voided_at = ?, void_reason = ? WHERE meeting_id = ? AND voided_at IS NULL")
        .run(change.voidAll.at, change.voidAll.reason, meetingId);
    if (change.sign) this.insertSignature(meetingId, change.sign);
    if (change.record) this.put(meetingId, change.record);
  }

  /** Writes the whole row with the version bumped. */
  private put(meetingId: string, next: PledgeRecord): void {
    const stored = { ...next, version: next.version + 1 };
    this.db
      .prepare(
        `INSERT INTO pledge (meeting_id, stage, adopted_by, adopted_at, draft, text, text_hash, frozen_at, final_at, head_unit, deputy_unit, version)
         VALUES (@meetingId, @stage, @adoptedBy, @adoptedAt, @draft, @text, @textHash, @frozenAt, @finalAt, @headUnit, @deputyUnit, @version)
         ON CONFLICT (meeting_id) DO UPDATE SET stage = excluded.stage, adopted_by = excluded.adopted_by, adopted_at = excluded.adopted_at,
           draft = excluded.draft, text = excluded.text, text_hash = excluded.text_hash, frozen_at = excluded.frozen_at,
           final_at = excluded.final_at, head_unit = excluded.head_unit, deputy_unit = excluded.deputy_unit, version = excluded.version`,
      )
      .run({ ...stored, meetingId, draft: stored.draft === null ? null : JSON.stringify(stored.draft) });
  }

  private insertSignature(meetingId: string, s: Omit<SignatureRecord, "voidedAt">): void {
    try {
      this.db
        .prepare(
          `INSERT INTO pledge_signatures (meeting_id, unit, op_id, link_id, signer_name, signer_title, on_behalf, strokes, signed_at, user_agent, address, text_hash, signature_hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          meetingId,
          s.unit,
          s.opId,
          s.linkId,
          s.signerName,
          s.signerTitle,
          s.onBehalf?.representedTitle ?? null,
          JSON.stringify(s.strokes),
          Date.parse(s.signedAt),
          s.userAgent,
          s.address,
          s.textHash,
          s.signatureHash,
        );
    } catch (err) {
      // The unique indexes are the last line: one live signature per unit, one signature per operation.
      if ((err as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE")
        throw new DomainError(ERROR_CODES.ALREADY_SIGNED, `${s.unit} đã ký giao ước. (${s.unit} has already signed the pledge.)`);
      throw err;
    }
  }
}
