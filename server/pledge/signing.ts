import type { z } from "zod";
import type { JournalEntry } from "../../shared/journal/chain";
import { normalisePledgeLine } from "../../shared/pledge/canonical";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { pledgeSignSchema, PledgeSignatureView, Strokes } from "../../shared/protocol/pledge";
import { canonicalJson, sha256Hex } from "../../shared/util/hash";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { Refusal } from "../realtime/context";
import type { SqliteStore } from "../storage/sqlite";
import type { PledgeTables, SignatureRecord } from "./store";
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

const conflict = (message: string) => new Refusal(ERROR_CODES.CONFLICT, message);

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
 * One unit's signature, checked and stored in one transaction with its journal entry (and the
 * "final" entry when it is the last unit). A retry with the same operation id returns the first answer.
 */
export function signPledge(
  store: SqliteStore,
  tables: PledgeTables,
  room: MeetingRoom,
  session: SessionInfo,
  input: SignInput,
  origin: SignOrigin,
): { result: SignResult; entries: JournalEntry[] } {
  const unit = session.unit;
  if (!unit) throw new Refusal(ERROR_CODES.FORBIDDEN, "Only a unit's delegate signs for the unit.");
  const def = room.definition;
  return tables.transaction(() => {
    const prior = tables.byOperation(room.id, unit, input.opId);
    if (prior) {
      if (prior.voidedAt !== null) throw conflict("This signature was voided when the pledge was unfrozen; sign the new text.");
      return { result: { signature: publicSignature(prior), final: tables.get(room.id).stage === "final" }, entries: [] };
    }
    const rec = tables.get(room.id);
    if (rec.stage === "final") throw conflict("Every unit has signed; the pledge is final.");
    if (rec.stage !== "frozen" || !rec.textHash) throw conflict("The pledge is not frozen yet; there is nothing to sign.");
    if (input.hash !== rec.textHash) throw new Refusal(ERROR_CODES.TEXT_CHANGED, "The text changed — reload the pledge and read it again before signing.");
    const signed = tables.signatures(room.id);
    if (signed.some((s) => s.unit === unit)) throw new Refusal(ERROR_CODES.ALREADY_SIGNED, `${unit} has already signed the pledge.`);
    const head = headUnitOf(def, rec);
    if (def.rules.signingOrder === "head_first" && unit !== head && !signed.some((s) => s.unit === head)) {
      const name = def.units.find((u) => u.code === head)?.name ?? head;
      throw new Refusal(ERROR_CODES.NOT_YOUR_TURN, `The new head (${name}) signs first.`);
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
    tables.insertSignature(room.id, record);
    const entries = [
      store.journalInTransaction(room.id, {
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
      }),
    ];
    const final = signed.length + 1 >= def.units.length;
    tables.put(room.id, final ? { ...rec, stage: "final", finalAt: Date.now() } : rec);
    if (final)
      entries.push(
        store.journalInTransaction(room.id, {
          actor: "server",
          type: "pledge.final",
          data: { textHash: rec.textHash, units: [...signed.map((s) => s.unit), unit] },
        }),
      );
    return { result: { signature: publicSignature({ ...record, voidedAt: null }), final }, entries };
  });
}
