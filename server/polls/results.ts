import type { PollView } from "../../shared/protocol/polls";
import type { Tally } from "../../shared/voting/tally";
import { passedUnits } from "../../shared/voting/result";
import type { ServerContext } from "../context";
import type { MeetingRoom } from "../meetings/room";
import type { MinutesPoll } from "../pdf/types";
import { BASE_WORDS, thresholdWords } from "./outcome";
import { pollsOf, type PollService } from "./service";
import type { PollRecord } from "../storage/polls";

/** GET /api/meetings/:id/polls/:pollId/result: everything once published, state and turnout before. */
export async function resultReport(polls: PollService, room: MeetingRoom, pollId: string) {
  const live = await polls.get(room, pollId, true);
  const view = polls.view(room, live);
  const published = live.record.published;
  if (!published) return { ok: true as const, pollId, state: view.state, turnout: view.turnout, published: false as const };
  const { outcome, tally } = published;
  return {
    ok: true as const,
    pollId,
    published: true as const,
    title: view.title,
    kind: view.kind,
    visibility: view.visibility,
    subject: view.subject,
    state: view.state,
    turnout: view.turnout,
    counts: tally,
    base: view.base,
    baseCount: outcome.result.baseCount,
    required: outcome.result.required,
    threshold: view.threshold,
    thresholdWords: { vi: thresholdWords(view, "vi"), en: thresholdWords(view, "en") },
    result: outcome.result,
    outcomeWords: outcome.words,
    headline: outcome.headline,
    elected: outcome.elected,
    /** Every ballot by its receipt, in receipt order: each unit finds its own. */
    receipts: await polls.ballots(room, pollId),
    /** Open (show-of-hands) polls: who chose what. */
    byUnit: view.byUnit,
  };
}

/** A published poll as the counting minutes need it. */
export interface PublishedPoll {
  id: string;
  title: string;
  kind: PollView["kind"];
  visibility: PollView["visibility"];
  subject: PollView["subject"];
  counts: Tally;
  cast: number;
  base: { base: PollView["base"]; count: number; description: string };
  /** "quá 1/2 tổng số đơn vị thành viên". */
  threshold: string;
  /** "Trúng cử: Ban Dân tộc tỉnh Thanh Hóa". */
  outcome: string;
  /** "Ban Dân tộc — Trưởng cụm năm 2022" for elections. */
  headline: string | null;
  elected: { code: string; name: string; shortName: string } | null;
  /**
   * The units the result carries through, in ballot order (passedUnits): those that passed a per-candidate
   * poll — the units acclaimed — or the one elected; none for a motion or a runoff. From the result, not its words.
   */
  passed: { code: string; name: string; shortName: string }[];
  /** When it closed, and the units recorded present for it then (null for polls closed before this was kept). */
  closedAt: number | null;
  presentUnits: string[] | null;
  /** Ready for server/pdf/minutes.ts. */
  minutes: MinutesPoll;
}

const APPROVE_COLUMNS = ["Đồng ý", "Không đồng ý", "Không ý kiến"];

function minutesPoll(room: MeetingRoom, r: PollRecord, tally: Tally, base: PublishedPoll["base"], threshold: string, outcome: string): MinutesPoll {
  const name = (code: string) => room.definition.units.find((u) => u.code === code)?.name ?? code;
  const common = { title: r.title, visibility: r.visibility, cast: tally.cast, base: { description: base.description, count: base.count }, threshold, outcome };
  switch (tally.kind) {
    case "per_candidate":
      return { ...common, kind: "approve", columns: APPROVE_COLUMNS, rows: r.candidates.map((c) => ({ label: name(c), counts: [tally.candidates[c]?.for ?? 0, tally.candidates[c]?.against ?? 0, tally.candidates[c]?.abstain ?? 0] })) };
    case "motion":
      return { ...common, kind: "approve", columns: APPROVE_COLUMNS, rows: [{ label: r.title, counts: [tally.for, tally.against, tally.abstain] }] };
    case "single_choice":
      return { ...common, kind: "choice", columns: ["Số phiếu"], rows: [...r.candidates.map((c) => ({ label: name(c), counts: [tally.votes[c] ?? 0] })), { label: "Phiếu trắng", counts: [tally.abstain] }] };
  }
}

/** The published polls of a meeting, in creation order, for the minutes PDF. */
export async function publishedPolls(ctx: ServerContext, meetingId: string): Promise<PublishedPoll[]> {
  const room = await ctx.registry.get(meetingId);
  if (!room) return [];
  const out: PublishedPoll[] = [];
  for (const { record: r } of await pollsOf(ctx).list(room)) {
    if (r.state !== "published" || !r.published) continue;
    const { tally, outcome } = r.published;
    const base = { base: r.base, count: outcome.result.baseCount, description: BASE_WORDS[r.base].vi };
    const threshold = thresholdWords(r, "vi");
    const unit = outcome.elected ? room.definition.units.find((u) => u.code === outcome.elected) : undefined;
    const unitOf = (code: string) => {
      const u = room.definition.units.find((x) => x.code === code);
      return { code, name: u?.name ?? code, shortName: u?.shortName ?? code };
    };
    const words = outcome.headline ? `${outcome.words.vi}. ${outcome.headline}` : outcome.words.vi;
    out.push({
      id: r.id,
      title: r.title,
      kind: r.kind,
      visibility: r.visibility,
      subject: r.subject,
      counts: tally,
      cast: tally.cast,
      base,
      threshold,
      outcome: outcome.words.vi,
      headline: outcome.headline,
      elected: unit ? { code: unit.code, name: unit.name, shortName: unit.shortName } : null,
      passed: passedUnits(outcome.result).map(unitOf),
      closedAt: r.closedAt,
      presentUnits: r.presentUnitsAtClose,
      minutes: minutesPoll(room, r, tally, base, threshold, words),
    });
  }
  return out;
}
