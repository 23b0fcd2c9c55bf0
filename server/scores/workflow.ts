import { scoreLayer, scoresJson, setScoresStage } from "../../shared/documents/layout";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { ScoreStage } from "../../shared/protocol/scores";
import { canonicalJson, sha256Hex } from "../../shared/util/hash";
import { scoreTableFromJson, type ScoresDocJson } from "../../shared/scoring";
import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { Refusal } from "../realtime/context";

/**
 * The chair moves the table through its stages; the stage lives in the meeting state (journaled)
 * and is mirrored into the document's meta map, where the write policy reads it.
 */
export async function setStage(ctx: ServerContext, room: MeetingRoom, actor: SessionInfo, stage: Exclude<ScoreStage, "locked">): Promise<void> {
  const current = room.scoreState;
  if (current.stage === "locked") throw new Refusal(ERROR_CODES.CONFLICT, "Bảng điểm đã khóa; hãy mở khóa trước (ghi rõ lý do). (The score table is locked; unlock it first, with a reason.)");
  if (current.stage === stage) return;
  const doc = await ctx.yjs.docRoom(room, "scores");
  await doc.serverTransact((d) => setScoresStage(d, stage));
  await room.commitScoreState(actor, { ...current, stage }, { type: "scores.stage", data: { from: current.stage, to: stage } });
}

/**
 * Locks the table ("thống nhất chấm điểm"): in one step of the document's queue, reads every layer
 * and sets the stage to locked, so no write slips in between; then journals the snapshot and its hash.
 */
export async function lockTable(ctx: ServerContext, room: MeetingRoom, actor: SessionInfo): Promise<{ snapshotHash: string; ranking: string[] }> {
  const current = room.scoreState;
  if (current.stage === "locked") throw new Refusal(ERROR_CODES.CONFLICT, "Bảng điểm đã khóa rồi. (The score table is already locked.)");
  const doc = await ctx.yjs.docRoom(room, "scores");
  let units: ScoresDocJson = {};
  await doc.serverTransact((d) => {
    units = scoresJson(d);
    setScoresStage(d, "locked");
  });
  const table = scoreTableFromJson(room.definition, units);
  const incomplete = table.ranking.filter((r) => !r.complete).map((r) => r.unit);
  if (incomplete.length) {
    await doc.serverTransact((d) => setScoresStage(d, current.stage));
    throw new Refusal(ERROR_CODES.CONFLICT, `Điểm thống nhất còn thiếu ở: ${incomplete.join(", ")}. (The agreed scores are incomplete for: ${incomplete.join(", ")}.)`);
  }
  const snapshot = {
    layers: units,
    totals: Object.fromEntries(table.rows.map((r) => [r.unit, { self: r.layers.self.totals.total, cross: r.layers.cross.totals.total, agreed: r.layers.agreed.totals.total }])),
    ranking: table.ranking.map((r) => ({ unit: r.unit, rank: r.rank, total: r.total, tiedWith: r.tiedWith, decidedBy: r.decidedBy ?? null })),
  };
  const snapshotHash = sha256Hex(canonicalJson(snapshot));
  const ranking = table.ranking.map((r) => r.unit);
  try {
    // The units present at the lock are part of its record: the minutes print them, not who came later.
    const presentUnits = room.presentUnits();
    await room.commitScoreState(actor, { stage: "locked", lockedAt: Date.now(), ranking, snapshotHash }, { type: "scores.locked", data: { snapshot, snapshotHash, presentUnits } });
  } catch (err) {
    await doc.serverTransact((d) => setScoresStage(d, current.stage));
    throw err;
  }
  ctx.events.emit("scores.locked", { meetingId: room.id, ranking });
  return { snapshotHash, ranking };
}

export async function unlockTable(ctx: ServerContext, room: MeetingRoom, actor: SessionInfo, reason: string): Promise<void> {
  const current = room.scoreState;
  if (current.stage !== "locked") throw new Refusal(ERROR_CODES.CONFLICT, "Bảng điểm chưa khóa. (The score table is not locked.)");
  const doc = await ctx.yjs.docRoom(room, "scores");
  await room.commitScoreState(actor, { stage: "agreed", lockedAt: null, ranking: null, snapshotHash: null }, {
    type: "scores.unlocked",
    data: { reason, previousSnapshotHash: current.snapshotHash },
  });
  await doc.serverTransact((d) => setScoresStage(d, "agreed"));
  ctx.events.emit("scores.unlocked", { meetingId: room.id });
}

/** Copies the cross (or self) layer into the agreed layer in one action; the chair then adjusts. */
export async function copyIntoAgreed(
  ctx: ServerContext,
  room: MeetingRoom,
  actor: SessionInfo,
  input: { from: "self" | "cross"; units?: string[]; overwrite: boolean },
): Promise<number> {
  if (room.scoreState.stage === "locked") throw new Refusal(ERROR_CODES.CONFLICT, "Bảng điểm đã khóa. (The score table is locked.)");
  const codes = input.units ?? room.definition.units.map((u) => u.code);
  const unknown = codes.filter((c) => !room.definition.units.some((u) => u.code === c));
  if (unknown.length) throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có đơn vị mã ${unknown.join(", ")}. (No unit has code ${unknown.join(", ")}.)`);
  const doc = await ctx.yjs.docRoom(room, "scores");
  let copied = 0;
  await doc.serverTransact((d) => {
    // In Redis mode this may run again on a newer state (another instance wrote first): count only the last run.
    copied = 0;
    for (const code of codes) {
      const from = scoreLayer(d, code, input.from);
      const agreed = scoreLayer(d, code, "agreed");
      if (!from || !agreed) continue;
      for (const [key, value] of from.entries()) {
        if (!input.overwrite && agreed.has(key)) continue;
        if (agreed.get(key) === value) continue;
        agreed.set(key, value);
        copied++;
      }
    }
  });
  await room.commitScoreState(actor, room.scoreState, { type: "scores.copied", data: { from: input.from, units: codes, overwrite: input.overwrite, cells: copied } });
  return copied;
}
