import type { MeetingDefinition } from "../../shared/definition/schema";
import type { PledgeSignatureAudit, PledgeSignatureView, PledgeState } from "../../shared/protocol/pledge";
import type { PledgeRecord, SignatureRecord } from "../storage/pledge";

/** The new head: elected by the "head" poll, else the unit whose role is head. */
export function headUnitOf(def: MeetingDefinition, rec: PledgeRecord): string {
  return rec.headUnit ?? def.units.find((u) => u.role === "head")?.code ?? def.units[0]!.code;
}

/** The new deputy: elected by the "deputy" poll, else the unit whose role is deputy, if any. */
export function deputyUnitOf(def: MeetingDefinition, rec: PledgeRecord): string | null {
  const deputy = rec.deputyUnit ?? def.units.find((u) => u.role === "deputy")?.code ?? null;
  return deputy === headUnitOf(def, rec) ? null : deputy;
}

/** Units in signature-grid order (DOMAIN.md, "The pledge"): new head, deputy, then the others as listed. */
export function gridOrder(def: MeetingDefinition, rec: PledgeRecord): string[] {
  const head = headUnitOf(def, rec);
  const deputy = deputyUnitOf(def, rec);
  const first = deputy ? [head, deputy] : [head];
  return [...first, ...def.units.map((u) => u.code).filter((c) => !first.includes(c))];
}

export function publicSignature(s: SignatureRecord): PledgeSignatureView {
  return {
    unit: s.unit,
    signerName: s.signerName,
    signerTitle: s.signerTitle,
    onBehalf: s.onBehalf,
    strokes: s.strokes,
    signedAt: s.signedAt,
    textHash: s.textHash,
    signatureHash: s.signatureHash,
  };
}

export function auditSignature(s: SignatureRecord): PledgeSignatureAudit {
  return { ...publicSignature(s), userAgent: s.userAgent, address: s.address };
}

/** pledge:state: what the signature wall and every view show. */
export function pledgeStateOf(meetingId: string, def: MeetingDefinition, rec: PledgeRecord, signatures: SignatureRecord[]): PledgeState {
  const byUnit = new Map(signatures.map((s) => [s.unit, s]));
  const units = gridOrder(def, rec).map((code) => {
    const s = byUnit.get(code);
    return {
      unit: code,
      name: def.units.find((u) => u.code === code)!.name,
      signed: !!s,
      signature: s ? publicSignature(s) : null,
    };
  });
  return {
    meetingId,
    stage: rec.stage,
    textHash: rec.textHash,
    adoptedBy: rec.adoptedBy,
    adoptedAt: rec.adoptedAt,
    frozenAt: rec.frozenAt,
    finalAt: rec.finalAt,
    signingOrder: def.rules.signingOrder,
    headUnit: headUnitOf(def, rec),
    deputyUnit: deputyUnitOf(def, rec),
    units,
    signedCount: units.filter((u) => u.signed).length,
    unitCount: def.units.length,
    version: rec.version,
  };
}
