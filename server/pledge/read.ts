import type { PledgeSignatureView, PledgeStage } from "../../shared/protocol/pledge";
import type { ServerContext } from "../context";
import { pledgeService } from "./service";

export interface PledgeSummary {
  state: PledgeStage;
  /** The frozen text's SHA-256; null before the freeze. */
  textHash: string | null;
  signedCount: number;
  unitCount: number;
  /** In grid order (new head, deputy, others); live signatures only. */
  signatures: Array<PledgeSignatureView & { unitName: string }>;
}

/** What the minutes print about the pledge (read-only; null when the meeting does not exist). */
export async function pledgeSummary(ctx: ServerContext, meetingId: string): Promise<PledgeSummary | null> {
  const room = await ctx.registry.get(meetingId);
  if (!room) return null;
  const state = await pledgeService(ctx).state(room);
  return {
    state: state.stage,
    textHash: state.textHash,
    signedCount: state.signedCount,
    unitCount: state.unitCount,
    signatures: state.units.flatMap((u) => (u.signature ? [{ ...u.signature, unitName: u.name }] : [])),
  };
}
