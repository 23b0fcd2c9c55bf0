import type { z } from "zod";
import { normalisePledgeLine } from "../../shared/pledge/canonical";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { pledgeSignSchema, PledgeSignatureView, Strokes } from "../../shared/protocol/pledge";
import { canonicalJson, sha256Hex } from "../../shared/util/hash";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { DomainError } from "../errors";
import type { PledgeDecision, SignatureRecord } from "../storage/pledge";
import type { JournalInput } from "../storage/store";
import { headUnitOf, publicSignature } from "./view";

export type SignInput = z.output<typeof pledgeSignSchema>;
/** Where the signature came from, read from the connection (never from the payload). */
export interface SignOrigin {
  userAgent: string;
  address: string;
}
export interface SignResult {
  signature: PledgeSignatureView;
  /** True when this signature completed the pledge. */
  final: boolean;
}

const conflict = (message: string) => new DomainError(ERROR_CODES.CONFLICT, message);

/** Four decimals of a 0..1 pad is finer than a finger; it keeps stored and hashed strokes small. */
const round = (v: number) => Math.round(v * 10_000) / 10_000;

/**
 * SHA-256 over the canonical JSON of everything the signature records. Stored and journaled, so a
 * changed name, stroke, time or text hash no longer matches.
 */
export function signatureHashOf(meetingId: string, s: Omit<SignatureRecord, "signatureHash" | "opId" | "linkId" | "voidedAt">): string {
  return sha256Hex(
    canonicalJson({
      meetingId,
      unit: s.unit,
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      onBehalf: s.onBehalf,
      strokes: s.strokes,
      signedAt: s.signedAt,
      userAgent: s.userAgent,
      address: s.address,
      textHash: s.textHash,
    }),
  );
}

/**
 * One unit's signature as a pledge decision: the store runs it and stores the signature, the record
 * and the journal entry (and the "final" entry when it is the last unit) atomically. A retry with the
 * same operation id returns the first answer and stores nothing.
 */
export function signDecision(room: MeetingRoom, session: SessionInfo, input: SignInput, origin: SignOrigin): PledgeDecision<SignResult> {
  const unit = session.unit;
  if (!unit) throw new DomainError(ERROR_CODES.FORBIDDEN, "Chỉ đại biểu của đơn vị được ký thay mặt đơn vị. (Only a unit's delegate signs for the unit.)");
  const def = room.definition;
  return ({ record: rec, signatures }) => {
    const prior = signatures.find((s) => s.unit === unit && s.opId === input.opId);
    if (prior) {
      if (prior.voidedAt !== null) throw conflict("Chữ ký này đã bị hủy khi giao ước được mở chốt; hãy ký văn bản mới. (This signature was voided when the pledge was unfrozen; sign the new text.)");
      return { result: { signature: publicSignature(prior), final: rec.stage === "final" } };
    }
    if (rec.stage === "final") throw conflict("Tất cả đơn vị đã ký; giao ước đã hoàn tất. (Every unit has signed; the pledge is final.)");
    if (rec.stage !== "frozen" || !rec.textHash) throw conflict("Giao ước chưa được chốt nên chưa có gì để ký. (The pledge is not frozen yet; there is nothing to sign.)");
    if (input.hash !== rec.textHash) throw new DomainError(ERROR_CODES.TEXT_CHANGED, "Nội dung đã thay đổi — hãy tải lại giao ước và đọc lại trước khi ký. (The text changed — reload and read it again before signing.)");
    const signed = signatures.filter((s) => s.voidedAt === null);
    if (signed.some((s) => s.unit === unit)) throw new DomainError(ERROR_CODES.ALREADY_SIGNED, `Đơn vị ${unit} đã ký giao ước rồi. (${unit} has already signed the pledge.)`);
    const head = headUnitOf(def, rec);
    if (def.rules.signingOrder === "head_first" && unit !== head && !signed.some((s) => s.unit === head)) {
      const name = def.units.find((u) => u.code === head)?.name ?? head;
      throw new DomainError(ERROR_CODES.NOT_YOUR_TURN, `Trưởng cụm mới (${name}) ký trước. (The new head (${name}) signs first.)`);
    }

    const strokes: Strokes = input.strokes.map((stroke) => stroke.map(([x, y]) => [round(x), round(y)] as [number, number]));
    const body = {
      unit,
      signerName: normalisePledgeLine(input.signerName),
      signerTitle: normalisePledgeLine(input.signerTitle),
      onBehalf: input.onBehalf ? { representedTitle: normalisePledgeLine(input.onBehalf.representedTitle) } : null,
      strokes,
      signedAt: new Date().toISOString(),
      userAgent: origin.userAgent.slice(0, 500),
      address: origin.address.slice(0, 100),
      textHash: rec.textHash,
    };
    const record = { ...body, opId: input.opId, linkId: session.linkId, signatureHash: signatureHashOf(room.id, body) };
    const journal: JournalInput[] = [
      {
        actor: actorOf(session),
        type: "pledge.signed",
        data: {
          unit,
          signerName: body.signerName,
          signerTitle: body.signerTitle,
          onBehalf: body.onBehalf,
          signedAt: body.signedAt,
          textHash: body.textHash,
          signatureHash: record.signatureHash,
        },
      },
    ];
    const final = signed.length + 1 >= def.units.length;
    if (final) journal.push({ actor: "server", type: "pledge.final", data: { textHash: rec.textHash, units: [...signed.map((s) => s.unit), unit] } });
    return {
      result: { signature: publicSignature({ ...record, voidedAt: null }), final },
      sign: record,
      record: final ? { ...rec, stage: "final", finalAt: Date.now() } : rec,
      journal,
    };
  };
}
