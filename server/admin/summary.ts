import { clusterKey } from "../../shared/definition/schema";
import { passedUnits } from "../../shared/voting/result";
import { outsideRehearsal } from "../../shared/protocol/rehearsal";
import { parseJournalEvent } from "../../shared/journal/entries";
import type { ClusterResult, ElectedPair, MeetingStatus, MeetingSummary } from "../../shared/protocol/admin";
import type { PledgeStage } from "../../shared/protocol/pledge";
import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import { pledgeService } from "../pledge/service";
import { pollsOf } from "../polls/service";
import type { MeetingRecord } from "../storage/store";
import { startedBecause } from "./started";

/** The head and deputy elected by the meeting's published polls (the last published of each). */
export async function electedOf(ctx: ServerContext, room: MeetingRoom): Promise<ElectedPair | null> {
  const unit = (code: string | null | undefined) => {
    const u = code ? room.definition.units.find((x) => x.code === code) : undefined;
    return u ? { code: u.code, name: u.name } : null;
  };
  let head: string | null = null;
  let deputy: string | null = null;
  for (const { record } of await pollsOf(ctx).list(room)) {
    if (record.state !== "published" || !record.published?.outcome.elected) continue;
    if (record.subject === "head") head = record.published.outcome.elected;
    if (record.subject === "deputy") deputy = record.published.outcome.elected;
  }
  if (!head && !deputy) return null;
  return { head: unit(head), deputy: unit(deputy) };
}

/** The units the ranking acclamation ("suy tôn") passed, from its last published poll; null without one. */
export async function acclaimedOf(ctx: ServerContext, room: MeetingRoom): Promise<Set<string> | null> {
  let acclaimed: Set<string> | null = null;
  for (const { record } of await pollsOf(ctx).list(room)) {
    if (record.subject !== "ranking" || record.state !== "published" || !record.published) continue;
    const result = record.published.outcome.result;
    // A runoff or a motion leaves the previous answer; otherwise who passed, from the result (passedUnits).
    if (result.kind === "per_candidate" || (result.kind === "single_choice" && result.outcome === "elected")) acclaimed = new Set(passedUnits(result));
  }
  return acclaimed;
}

export function statusOf(facts: { begun: boolean; locked: boolean; headElected: boolean; pledgeStage: PledgeStage }): MeetingStatus {
  if (facts.pledgeStage === "final") return "pledge_final";
  if (facts.headElected) return "head_elected";
  if (facts.locked) return "scores_locked";
  if (facts.begun) return "in_progress";
  return "not_started";
}

/** One meeting as the organisers' list shows it, read from the stored state (loading the room if needed). */
export async function summarise(ctx: ServerContext, record: MeetingRecord, archived: boolean): Promise<MeetingSummary | null> {
  const room = await ctx.registry.get(record.id);
  if (!room) return null;
  const def = room.definition;
  const elected = await electedOf(ctx, room);
  const pledgeStage = (await pledgeService(ctx).state(room)).stage;
  const begun = startedBecause(await ctx.store.readJournal(room.id), room.definition) !== null;
  return {
    meetingId: room.id,
    title: def.conference.title,
    clusterId: clusterKey(def),
    cluster: def.cluster.name,
    province: def.cluster.province,
    year: def.cluster.year,
    date: def.conference.date,
    status: statusOf({ begun, locked: room.scoreState.stage === "locked", headElected: !!elected?.head, pledgeStage }),
    unitCount: def.units.length,
    presentCount: room.presentUnits().length,
    elected,
    pledgeStage,
    archived,
    sample: record.isDemo || def.sample === true,
    createdAt: record.createdAt,
  };
}

/** One cluster's results: the ranking as journaled at the lock, the acclaimed units, the elected pair. */
export async function clusterResult(ctx: ServerContext, room: MeetingRoom): Promise<ClusterResult> {
  const def = room.definition;
  let ranking: ClusterResult["ranking"] = null;
  if (room.scoreState.stage === "locked") {
    const entries = outsideRehearsal(await ctx.store.readJournal(room.id));
    const last = entries.filter((e) => e.type === "scores.locked").at(-1);
    const locked = last ? parseJournalEvent(last.type, last.data) : null;
    const acclaimed = await acclaimedOf(ctx, room);
    const rows = (locked?.type === "scores.locked" ? locked.data.snapshot.ranking : null) ?? (room.scoreState.ranking ?? []).map((unit, i) => ({ unit, rank: i + 1, total: NaN }));
    ranking = rows.map((r) => ({
      rank: r.rank,
      code: r.unit,
      name: def.units.find((u) => u.code === r.unit)?.name ?? r.unit,
      total: Number.isFinite(r.total) ? r.total : null,
      acclaimed: acclaimed ? acclaimed.has(r.unit) : null,
    }));
  }
  return {
    clusterId: clusterKey(def),
    cluster: def.cluster.name,
    province: def.cluster.province,
    year: def.cluster.year,
    meetingId: room.id,
    ranking,
    elected: await electedOf(ctx, room),
  };
}
