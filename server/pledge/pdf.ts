import { pledgeHash } from "../../shared/pledge/canonical";
import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import type { PledgePdfInput, PledgeSignatureEntry } from "../pdf";
import { issueDocument } from "../documents/generate";
import { renderPdf } from "../documents/render-pool";
import { recipientsOf } from "../documents/recipients";
import { withTextHashMetadata } from "./pdf-meta";
import { pledgeService } from "./service";
import { gridOrder } from "./view";

/** The public address of this server (join links and the verification page share it). */
export function publicBaseUrl(ctx: ServerContext): string {
  return ctx.service.joinUrl("").replace(/\/join\/$/, "");
}

export function verificationUrl(ctx: ServerContext, meetingId: string): string {
  return `${publicBaseUrl(ctx)}/verify/${meetingId}`;
}

/**
 * The pledge as printed at any stage: the frozen text once frozen, else the current draft (with its
 * hash, marked "DỰ THẢO" on every page until every unit has signed). The grid lists every unit in
 * the order new head, deputy, others; a unit that has not signed shows its head's title and no name.
 */
export async function pledgePdf(ctx: ServerContext, room: MeetingRoom): Promise<Buffer> {
  const input = await pledgePdfInput(ctx, room);
  // One render per state version (the input is the key), at most a few at a time; the final file's
  // SHA-256 is recorded as issued.
  return issueDocument(ctx, {
    kind: "pledge",
    meetingId: room.id,
    input,
    final: !input.draft,
    render: () => renderPdf("pledge", input),
    finish: (pdf) => withTextHashMetadata(pdf, input.textHash),
    signing: { reason: `Ban giao uoc thi dua ${room.definition.cluster.name} (da ky du)`, location: room.definition.cluster.province },
  });
}

/** What the pledge prints at this moment (the PDF and the .docx share it). */
export async function pledgePdfInput(ctx: ServerContext, room: MeetingRoom): Promise<PledgePdfInput> {
  const service = pledgeService(ctx);
  const rec = await service.record(room.id);
  const signatures = new Map((await service.signatures(room.id)).map((s) => [s.unit, s]));
  const pledge = rec.draft ?? (await service.currentDraft(room));
  const textHash = rec.textHash ?? pledgeHash(pledge);
  const entries = gridOrder(room.definition, rec).map((code): PledgeSignatureEntry => {
    const unit = room.definition.units.find((u) => u.code === code)!;
    const s = signatures.get(code);
    if (!s) return { unitName: unit.name, title: unit.headTitle };
    return {
      unitName: unit.name,
      title: s.signerTitle,
      onBehalf: s.onBehalf ?? undefined,
      signerName: s.signerName,
      signedAt: s.signedAt,
      strokes: s.strokes,
      signatureHash: s.signatureHash,
    };
  });
  return {
    pledge,
    textHash,
    draft: rec.stage !== "final",
    signatures: entries,
    journalHead: (await ctx.store.journalHead(room.id)).hash,
    verificationUrl: verificationUrl(ctx, room.id),
    recipients: recipientsOf(room.definition),
  };
}
