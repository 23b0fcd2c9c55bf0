import type { JournalEntry } from "../../shared/journal/chain";
import { EVENTS } from "../../shared/protocol/events";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { CastReceipt, PollCast, PollCreate, PollSyncReply, PollView } from "../../shared/protocol/polls";
import { isOrganiser } from "../../shared/protocol/roles";
import { validateBallot } from "../../shared/voting/ballot";
import { canTransition, pollSchema, POLL_STATES, type PollState } from "../../shared/voting/poll";
import { runoffPoll } from "../../shared/voting/result";
import { mayCast, presentForPoll } from "../../shared/voting/attendance";
import { quorumMet } from "../../shared/voting/share";
import { tallyBallots } from "../../shared/voting/tally";
import type { ServerContext } from "../context";
import { log } from "../log";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { meetingChannel, Refusal, roleChannel, unitChannel } from "../realtime/context";
import { computeOutcome } from "./outcome";
import { pollIdFor } from "./secrecy";
import { PollStateConflict, PollStore, type PollPatch, type PollRecord } from "./store";
import { TallyBroadcaster } from "./tally-broadcaster";
import { pendingOf, pollView, type LivePoll } from "./views";

interface MeetingPolls {
  room: MeetingRoom;
  polls: Map<string, LivePoll>;
}

/** Ballots move the journal head shown in meeting:state at most this often (see noteBallotEntry). */
export const JOURNAL_NOTE_MS = 1000;

const JOURNAL_TYPE: Record<PollState, string> = { draft: "poll.created", open: "poll.opened", closed: "poll.closed", published: "poll.published", void: "poll.voided" };
const clock = new Intl.DateTimeFormat("vi-VN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Ho_Chi_Minh" });
const NOT_OPEN: Record<PollState, string> = {
  draft: "Cuộc biểu quyết chưa mở. (The poll is not open yet.)",
  open: "",
  closed: "Cuộc biểu quyết đã kết thúc; phiếu không được nhận. (The poll is closed; the ballot was not counted.)",
  published: "Cuộc biểu quyết đã công bố kết quả. (The poll is closed and published.)",
  void: "Cuộc biểu quyết đã bị hủy. (The poll was voided.)",
};

/**
 * Polls of every loaded meeting. The database is the truth; each poll's ballots are mirrored in
 * memory after their transaction commits, so tallies for the live stream never re-read the disk.
 */
export class PollService {
  readonly store: PollStore;
  readonly broadcaster: TallyBroadcaster;
  private readonly meetings = new Map<string, MeetingPolls>();
  /** Ballot journal entries not yet shown to the room, and when it was last told. */
  private readonly unnoted = new Map<string, { entry: JournalEntry | null; timer: NodeJS.Timeout | null; notedAt: number }>();

  constructor(private readonly ctx: ServerContext) {
    this.store = new PollStore(ctx.store);
    this.broadcaster = new TallyBroadcaster((meetingId, pollId) => this.flush(meetingId, pollId));
  }

  /** The meeting's polls, loaded from the database on first use. */
  private meeting(room: MeetingRoom): MeetingPolls {
    let m = this.meetings.get(room.id);
    if (m && m.room === room) return m;
    m = { room, polls: new Map() };
    for (const record of this.store.list(room.id)) m.polls.set(record.id, this.load(record));
    this.meetings.set(room.id, m);
    return m;
  }

  private load(record: PollRecord): LivePoll {
    const voters = this.store.voters(record.meetingId, record.id);
    return {
      record,
      voted: new Map(voters.map((v) => [v.unit, v.castAt])),
      choices: this.store.ballots(record.meetingId, record.id).map((b) => b.choices),
      byUnit: record.visibility === "open" ? new Map(voters.map((v) => [v.unit, v.ballot])) : null,
    };
  }

  list(room: MeetingRoom): LivePoll[] {
    return [...this.meeting(room).polls.values()];
  }

  get(room: MeetingRoom, pollId: string): LivePoll {
    const live = this.meeting(room).polls.get(pollId);
    if (!live) throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có cuộc biểu quyết ${pollId}. (No poll ${pollId}.)`);
    return live;
  }

  view(room: MeetingRoom, live: LivePoll): PollView {
    return pollView(room, live, { byUnit: true });
  }

  sync(room: MeetingRoom, session: SessionInfo): PollSyncReply {
    const polls = this.list(room);
    return {
      polls: polls.map((p) => this.view(room, p)),
      pending: isOrganiser(session.role) ? polls.filter((p) => p.record.state !== "draft").map((p) => pendingOf(room, p)) : [],
      mine: session.unit ? this.store.unitVotes(room.id, session.unit) : [],
    };
  }

  create(room: MeetingRoom, session: SessionInfo, input: PollCreate): PollView {
    const def = room.definition;
    const codes = new Set(def.units.map((u) => u.code));
    let candidates = input.candidates ?? [];
    const ranking = room.scoreState.stage === "locked" ? room.scoreState.ranking : null;
    if (input.subject === "ranking" && input.kind !== "motion") {
      // The acclamation ballot lists candidates in score order, from the locked table.
      if (!input.candidates && !ranking)
        throw new Refusal(ERROR_CODES.CONFLICT, "Bảng điểm chưa được khóa: hãy thống nhất chấm điểm trước, hoặc nêu danh sách. (Lock the score table first, or name the candidates.)");
      if (ranking) {
        const off = candidates.filter((c) => !ranking.includes(c));
        if (off.length) throw new Refusal(ERROR_CODES.BAD_REQUEST, `${off.join(", ")} không có trong bảng xếp hạng. (Not in the locked ranking.)`);
        candidates = input.candidates ? ranking.filter((u) => candidates.includes(u)) : ranking.slice(0, 60);
      }
    }
    const unknown = [...candidates, ...(input.excluded ?? [])].filter((c) => !codes.has(c));
    if (unknown.length) throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có đơn vị ${unknown.join(", ")}. (No such unit.)`);
    const m = this.meeting(room);
    const parsed = pollSchema.safeParse({
      id: pollIdFor(input.subject, (id) => m.polls.has(id)),
      kind: input.kind,
      visibility: input.visibility,
      title: input.title,
      candidates,
      excluded: input.excluded ?? [],
      threshold: input.threshold ?? def.rules.threshold,
      base: input.base ?? def.rules.base,
    });
    if (!parsed.success)
      throw new Refusal(ERROR_CODES.BAD_REQUEST, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
    return this.insert(room, session, { ...parsed.data, subject: input.subject });
  }

  private insert(room: MeetingRoom, session: SessionInfo, poll: Omit<PollRecord, "meetingId" | "createdAt" | "openedAt" | "closedAt" | "publishedAt" | "voidedAt" | "voidReason" | "membersAtClose" | "presentAtClose" | "presentUnitsAtOpen" | "presentUnitsAtClose" | "stateChanges" | "published">): PollView {
    const record: PollRecord = {
      ...poll,
      meetingId: room.id,
      createdAt: Date.now(),
      openedAt: null,
      closedAt: null,
      publishedAt: null,
      voidedAt: null,
      voidReason: null,
      membersAtClose: null,
      presentAtClose: null,
      presentUnitsAtOpen: null,
      presentUnitsAtClose: null,
      stateChanges: 0,
      published: null,
    };
    const { meetingId: _m, createdAt: _c, published: _p, stateChanges: _s, ...described } = record;
    const entry = this.store.insert(record, { actor: actorOf(session), type: "poll.created", data: described });
    const live: LivePoll = { record, voted: new Map(), choices: [], byUnit: record.visibility === "open" ? new Map() : null };
    this.meeting(room).polls.set(record.id, live);
    this.changed(room, live, entry);
    log.info("polls", "created", { meetingId: room.id, pollId: record.id, kind: record.kind });
    return this.view(room, live);
  }

  open(room: MeetingRoom, session: SessionInfo, pollId: string): PollView {
    const live = this.get(room, pollId);
    if (live.record.subject === "ranking" && room.scoreState.stage !== "locked")
      throw new Refusal(ERROR_CODES.SCORES_NOT_LOCKED, "Chưa thể mở bỏ phiếu suy tôn khi bảng điểm chưa khóa. (The acclamation cannot open before the score table is locked.)");
    const presentUnits = room.presentUnits();
    const q = quorumMet(presentUnits.length, room.definition.units.length, room.definition.rules.quorum);
    if (!q.met)
      throw new Refusal(ERROR_CODES.NO_QUORUM, `Chưa đủ số đơn vị dự họp: ${q.present}/${q.members}, cần ${q.required}. (No quorum: ${q.present} of ${q.members} present, ${q.required} needed.)`);
    // Who was there is part of the record of the decision (the minutes print it), not read later.
    return this.transit(room, session, live, "open", () => ({ openedAt: Date.now(), presentUnitsAtOpen: presentUnits }), { present: q.present, members: q.members, presentUnits });
  }

  close(room: MeetingRoom, session: SessionInfo, pollId: string): PollView {
    const live = this.get(room, pollId);
    const units = room.definition.units.map((u) => u.code);
    const presentUnits = presentForPoll(units, room.presentUnits(), [...live.voted.keys()]);
    const present = presentUnits.length;
    const members = units.length;
    return this.transit(room, session, live, "closed", () => ({ closedAt: Date.now(), membersAtClose: members, presentAtClose: present, presentUnitsAtClose: presentUnits }), {
      present,
      members,
      presentUnits,
    });
  }

  publish(room: MeetingRoom, session: SessionInfo, pollId: string): PollView {
    const live = this.get(room, pollId);
    let published: PollRecord["published"] = null;
    const view = this.transit(room, session, live, "published", (current) => {
      // Counted from the stored ballots, inside the transaction that publishes them.
      const tally = tallyBallots(current, this.store.ballots(room.id, pollId).map((b) => b.choices));
      const attendance = { members: current.membersAtClose ?? room.definition.units.length, present: current.presentAtClose ?? 0 };
      published = { tally, outcome: computeOutcome(room, current, tally, attendance) };
      return { publishedAt: Date.now(), published };
    }, () => ({ outcome: published?.outcome.words.vi, headline: published?.outcome.headline, counts: published?.tally }));
    const outcome = (published as PollRecord["published"])!.outcome;
    const result = outcome.result;
    this.ctx.events.emit("poll.published", {
      meetingId: room.id,
      pollId,
      subject: live.record.subject,
      outcome: result.kind === "per_candidate" ? "decided" : result.outcome,
      ...(outcome.elected ? { elected: outcome.elected } : {}),
    });
    return view;
  }

  void(room: MeetingRoom, session: SessionInfo, pollId: string, reason: string): PollView {
    return this.transit(room, session, this.get(room, pollId), "void", () => ({ voidedAt: Date.now(), voidReason: reason }), { reason });
  }

  /** One action: a new draft between the candidates a published election left tied or short. */
  runoff(room: MeetingRoom, session: SessionInfo, pollId: string): PollView {
    const { record } = this.get(room, pollId);
    const result = record.published?.outcome.result;
    if (record.state !== "published" || result?.kind !== "single_choice" || result.outcome !== "runoff_needed")
      throw new Refusal(ERROR_CODES.CONFLICT, "Chỉ bầu lại khi kết quả đã công bố và chưa có đơn vị trúng cử. (A runoff follows a published election without a winner.)");
    const next = runoffPoll(record, result);
    if (this.meeting(room).polls.has(next.id)) throw new Refusal(ERROR_CODES.CONFLICT, `Vòng bầu lại ${next.id} đã có. (Runoff ${next.id} exists.)`);
    return this.insert(room, session, { ...next, subject: record.subject, title: `${record.title} (vòng ${next.round})` });
  }

  private transit(room: MeetingRoom, session: SessionInfo, live: LivePoll, to: PollState, patch: (p: PollRecord) => PollPatch, data: Record<string, unknown> | (() => Record<string, unknown>)): PollView {
    const from = POLL_STATES.filter((s) => canTransition(s, to));
    try {
      const { poll, entry } = this.store.transition(room.id, live.record.id, from, to, patch, () => ({
        actor: actorOf(session),
        type: JOURNAL_TYPE[to],
        data: { pollId: live.record.id, ...(typeof data === "function" ? data() : data) },
      }));
      live.record = poll;
      this.changed(room, live, entry);
      log.info("polls", to, { meetingId: room.id, pollId: poll.id });
      return this.view(room, live);
    } catch (err) {
      if (err instanceof PollStateConflict)
        throw new Refusal(ERROR_CODES.CONFLICT, `Không thể chuyển cuộc biểu quyết từ "${err.state}" sang "${to}". (Poll is ${err.state}; cannot become ${to}.)`);
      throw err;
    }
  }

  cast(room: MeetingRoom, session: SessionInfo, input: PollCast): CastReceipt {
    const unit = session.unit;
    if (!unit || !room.definition.units.some((u) => u.code === unit))
      throw new Refusal(ERROR_CODES.FORBIDDEN, "Chỉ đại biểu của đơn vị thành viên được bỏ phiếu. (Only a member unit's delegate may vote.)");
    const live = this.get(room, input.pollId);
    // A retry of a ballot already stored gets its first answer even if the unit has left since.
    if (!mayCast(unit, room.presentUnits()) && !live.voted.has(unit))
      throw new Refusal(
        ERROR_CODES.NOT_PRESENT,
        `Đơn vị của bạn đang được ghi nhận vắng mặt nên không thể bỏ phiếu; phiếu chưa được ghi. Xin báo chủ trì điểm danh lại. (Your unit is recorded absent; the ballot was not stored. Ask the chair to mark it present.)`,
      );
    const check = validateBallot(live.record, input.ballot, unit, room.definition.rules.selfVoteAllowed);
    if (!check.ok) throw new Refusal(ERROR_CODES.BAD_REQUEST, `Phiếu không hợp lệ (${check.code}): ${check.reason}.`);
    const out = this.store.cast(live.record, { unit, linkId: session.linkId, opId: input.opId, ballot: check.ballot, actor: actorOf(session), now: Date.now() });
    switch (out.kind) {
      case "cast": {
        live.voted.set(unit, out.castAt);
        live.choices.push(check.ballot);
        live.byUnit?.set(unit, check.ballot);
        const receipt: CastReceipt = { pollId: live.record.id, receipt: out.receipt, castAt: out.castAt };
        this.noteBallotEntry(room, out.entry);
        this.broadcaster.ballot(room.id, live.record.id);
        // The unit's other tablet learns at once (after this ack) that its unit has voted.
        setImmediate(() => this.ctx.io.to(unitChannel(room.id, unit)).emit(EVENTS.POLL_VOTED, receipt));
        return receipt;
      }
      case "replay":
        return { pollId: live.record.id, receipt: out.receipt, castAt: out.castAt };
      case "already_voted": {
        const at = clock.format(out.castAt);
        throw new Refusal(ERROR_CODES.ALREADY_VOTED, `Đơn vị của bạn đã bỏ phiếu lúc ${at}. (Your unit voted at ${at}.)`);
      }
      case "not_open":
        throw new Refusal(out.state ? ERROR_CODES.POLL_NOT_OPEN : ERROR_CODES.NOT_FOUND, out.state ? NOT_OPEN[out.state] : `No poll ${input.pollId}.`);
    }
  }

  /** A transition: the room learns the journal head at once, followers get the poll after the ack. */
  private changed(room: MeetingRoom, live: LivePoll, entry: JournalEntry): void {
    const slot = this.unnoted.get(room.id);
    if (slot) slot.entry = null;
    room.noteJournal(entry);
    this.broadcaster.now(room.id, live.record.id);
  }

  /**
   * Each journal entry changes the head shown in meeting:state, the whole meeting sent to every
   * follower. Ballots tell the room at most every JOURNAL_NOTE_MS, or a burst of ballots would cause
   * a burst of full meeting states; the head is exact again at every transition.
   */
  private noteBallotEntry(room: MeetingRoom, entry: JournalEntry): void {
    let slot = this.unnoted.get(room.id);
    if (!slot) this.unnoted.set(room.id, (slot = { entry: null, timer: null, notedAt: 0 }));
    slot.entry = entry;
    if (slot.timer) return;
    const s = slot;
    s.timer = setTimeout(() => {
      s.timer = null;
      s.notedAt = Date.now();
      if (s.entry) room.noteJournal(s.entry);
      s.entry = null;
    }, Math.max(0, s.notedAt + JOURNAL_NOTE_MS - Date.now()));
    s.timer.unref();
  }

  /** Sends one poll's view to everyone and who-has-not-voted to the organisers. */
  private flush(meetingId: string, pollId: string): void {
    const m = this.meetings.get(meetingId);
    const live = m?.polls.get(pollId);
    if (!m || !live) return;
    this.ctx.io.to(meetingChannel(meetingId)).emit(EVENTS.POLL_STATE, pollView(m.room, live, { byUnit: false }));
    if (live.record.state !== "draft")
      this.ctx.io.to([roleChannel(meetingId, "chair"), roleChannel(meetingId, "secretary")]).emit(EVENTS.POLL_PENDING, pendingOf(m.room, live));
  }
}

const services = new WeakMap<ServerContext, PollService>();

/** The one PollService of a running server. */
export function pollsOf(ctx: ServerContext): PollService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new PollService(ctx)));
  return s;
}
