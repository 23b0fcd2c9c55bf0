import type { JournalEntry } from "../../shared/journal/chain";
import type { JournalEventOf } from "../../shared/journal/entries";
import { EVENTS } from "../../shared/protocol/events";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { CastReceipt, PollCast, PollCreate, PollSyncReply, PollView } from "../../shared/protocol/polls";
import { isOrganiser, type Role } from "../../shared/protocol/roles";
import { validateBallot } from "../../shared/voting/ballot";
import { canTransition, pollSchema, POLL_STATES, type PollState } from "../../shared/voting/poll";
import { runoffPoll } from "../../shared/voting/result";
import { presentForPoll } from "../../shared/voting/attendance";
import { quorumMet } from "../../shared/voting/share";
import { tallyBallots } from "../../shared/voting/tally";
import type { ServerContext } from "../context";
import { DomainError as Refusal } from "../errors";
import { log } from "../log";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { meetingChannel, roleChannel, unitChannel } from "../realtime/context";
import type { PollPatch, PollRecord, PollView as StoredPollView, StoredBallot } from "../storage/polls";
import type { Store } from "../storage/store";
import { pollCandidates } from "./candidates";
import { computeOutcome } from "./outcome";
import { pollIdFor } from "./secrecy";
import { TallyBroadcaster, type TallyAudience } from "./tally-broadcaster";
import { BallotHeadNotes } from "./ballot-head";
import { LivePolls, type MeetingPolls } from "./live-polls";
import { pendingOf, pollView, type LivePoll } from "./views";
import { vietnamClock } from "../../shared/discussion/phase";

const NOT_OPEN: Record<PollState, string> = {
  draft: "Cuộc biểu quyết chưa mở. (The poll is not open yet.)",
  open: "",
  closed: "Cuộc biểu quyết đã kết thúc; phiếu không được nhận. (The poll is closed; the ballot was not counted.)",
  published: "Cuộc biểu quyết đã công bố kết quả. (The poll is closed and published.)",
  void: "Cuộc biểu quyết đã bị hủy. (The poll was voided.)",
};
const NOT_PRESENT_MESSAGE =
  "Đơn vị của bạn đang được ghi nhận vắng mặt nên không thể bỏ phiếu; phiếu chưa được ghi. Xin báo chủ trì điểm danh lại. (Your unit is recorded absent; the ballot was not stored. Ask the chair to mark it present.)";
/** Attempts at a new poll id when another organiser (or instance) took the one chosen. */
const CREATE_ATTEMPTS = 5;

type NewPoll = Omit<
  PollRecord,
  "meetingId" | "createdAt" | "openedAt" | "closedAt" | "publishedAt" | "voidedAt" | "voidReason" | "membersAtClose" | "presentAtClose" | "presentUnitsAtOpen" | "presentUnitsAtClose" | "stateChanges" | "published"
>;

/**
 * Polls of every loaded meeting. The store is the truth: every check-and-write (create, each
 * transition, each ballot) is one atomic store operation; the service keeps each poll's view in
 * memory after the store answered, so tallies for the live stream never re-read storage. When several
 * instances share the store (Redis), a poll is re-read from the store after each of its writes and on
 * every sync, so the answer reflects what other instances stored.
 */
export class PollService {
  readonly store: Store;
  readonly broadcaster: TallyBroadcaster;
  private readonly shared: boolean;
  /** The polls of every loaded meeting, as the store last answered. */
  private readonly live: LivePolls;
  /** When ballots move the journal head the room shows. */
  private readonly heads = new BallotHeadNotes();

  constructor(private readonly ctx: ServerContext) {
    this.store = ctx.store;
    this.shared = ctx.config.STORE === "redis";
    this.live = new LivePolls(ctx.store);
    this.broadcaster = new TallyBroadcaster((meetingId, pollId, audience) => this.flush(meetingId, pollId, audience));
  }

  /** Drops what this process holds of a meeting's polls (after rehearsal:end deleted them); the next use reads the store. */
  forget(meetingId: string): void {
    this.live.forget(meetingId);
  }

  private meeting(room: MeetingRoom, fresh = false): Promise<MeetingPolls> {
    return this.live.meeting(room, fresh);
  }

  private refresh(live: LivePoll): Promise<void> {
    return this.live.refresh(live);
  }

  async list(room: MeetingRoom): Promise<LivePoll[]> {
    return [...(await this.meeting(room, this.shared)).polls.values()];
  }

  /**
   * One poll's live view. With several instances, `fresh` re-reads it from the store first (reads that
   * answer people: results); writes need not, since the store checks them against what it holds.
   */
  async get(room: MeetingRoom, pollId: string, fresh = false): Promise<LivePoll> {
    let live = (await this.meeting(room)).polls.get(pollId);
    // Created on another instance since this one loaded the meeting.
    if (!live && this.shared) live = (await this.meeting(room, true)).polls.get(pollId);
    if (!live) throw new Refusal(ERROR_CODES.NOT_FOUND, `Không có cuộc biểu quyết ${pollId}. (No poll ${pollId}.)`);
    if (fresh && this.shared) await this.refresh(live);
    return live;
  }

  /** The table of receipts and choices, in receipt order (published results). */
  ballots(room: MeetingRoom, pollId: string): Promise<StoredBallot[]> {
    return this.store.pollBallots(room.id, pollId);
  }

  view(room: MeetingRoom, live: LivePoll): PollView {
    return pollView(room, live, { byUnit: true });
  }

  /** What a device gets at connect, from memory; null when the meeting's polls are not loaded yet (use sync). */
  syncNow(room: MeetingRoom, session: SessionInfo): PollSyncReply | null {
    const m = this.shared ? null : this.live.cached(room);
    if (!m) return null;
    const polls = [...m.polls.values()];
    const unit = session.unit;
    return {
      polls: polls.map((p) => this.view(room, p)),
      pending: isOrganiser(session.role) ? polls.filter((p) => p.record.state !== "draft").map((p) => pendingOf(room, p)) : [],
      mine: unit ? polls.flatMap((p) => (p.voted.has(unit) ? [{ pollId: p.record.id, castAt: p.voted.get(unit)! }] : [])) : [],
    };
  }

  async sync(room: MeetingRoom, session: SessionInfo): Promise<PollSyncReply> {
    const m = await this.meeting(room, this.shared);
    const polls = [...m.polls.values()];
    return {
      polls: polls.map((p) => this.view(room, p)),
      pending: isOrganiser(session.role) ? polls.filter((p) => p.record.state !== "draft").map((p) => pendingOf(room, p)) : [],
      mine: session.unit ? await this.store.unitVotes(room.id, session.unit) : [],
    };
  }

  async create(room: MeetingRoom, session: SessionInfo, input: PollCreate): Promise<PollView> {
    const def = room.definition;
    const candidates = pollCandidates(room, input);
    const m = await this.meeting(room);
    const taken = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const parsed = pollSchema.safeParse({
        id: pollIdFor(input.subject, (id) => m.polls.has(id) || taken.has(id)),
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
      try {
        return await this.insert(room, session, { ...parsed.data, subject: input.subject });
      } catch (err) {
        // Another organiser or instance took the id first: the next free one.
        if (!(err instanceof Refusal) || err.code !== ERROR_CODES.CONFLICT || attempt >= CREATE_ATTEMPTS) throw err;
        taken.add(parsed.data.id);
      }
    }
  }

  private async insert(room: MeetingRoom, session: SessionInfo, poll: NewPoll): Promise<PollView> {
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
    const entry = await this.store.createPoll(record, { actor: actorOf(session), type: "poll.created", data: described });
    const live: LivePoll = { record, voted: new Map(), choices: [], byUnit: record.visibility === "open" ? new Map() : null };
    (await this.meeting(room)).polls.set(record.id, live);
    this.changed(room, live, entry);
    log.info("polls", "created", { meetingId: room.id, pollId: record.id, kind: record.kind });
    return this.view(room, live);
  }

  async open(room: MeetingRoom, session: SessionInfo, pollId: string): Promise<PollView> {
    const live = await this.get(room, pollId);
    if (live.record.subject === "ranking" && room.scoreState.stage !== "locked")
      throw new Refusal(ERROR_CODES.SCORES_NOT_LOCKED, "Chưa thể mở bỏ phiếu suy tôn khi bảng điểm chưa khóa. (The acclamation cannot open before the score table is locked.)");
    const presentUnits = room.presentUnits();
    const q = quorumMet(presentUnits.length, room.definition.units.length, room.definition.rules.quorum);
    if (!q.met)
      throw new Refusal(ERROR_CODES.NO_QUORUM, `Chưa đủ số đơn vị dự họp: ${q.present}/${q.members}, cần ${q.required}. (No quorum: ${q.present} of ${q.members} present, ${q.required} needed.)`);
    // Who was there is part of the record of the decision (the minutes print it), not read later.
    return this.transit(room, session, live, "open", () => ({ openedAt: Date.now(), presentUnitsAtOpen: presentUnits }), (pollId) => ({ type: "poll.opened", data: { pollId, present: q.present, members: q.members, presentUnits } }));
  }

  async close(room: MeetingRoom, session: SessionInfo, pollId: string): Promise<PollView> {
    const live = await this.get(room, pollId);
    const units = room.definition.units.map((u) => u.code);
    const presentNow = room.presentUnits();
    let facts = { present: 0, members: units.length, presentUnits: [] as string[] };
    // The voters as stored, read in the same atomic step that closes the poll: no ballot falls between.
    return this.transit(
      room,
      session,
      live,
      "closed",
      (view) => {
        const presentUnits = presentForPoll(units, presentNow, view.voters);
        facts = { present: presentUnits.length, members: units.length, presentUnits };
        return { closedAt: Date.now(), membersAtClose: facts.members, presentAtClose: facts.present, presentUnitsAtClose: presentUnits };
      },
      (pollId) => ({ type: "poll.closed", data: { pollId, ...facts } }),
    );
  }

  async publish(room: MeetingRoom, session: SessionInfo, pollId: string): Promise<PollView> {
    const live = await this.get(room, pollId);
    let published: PollRecord["published"] = null;
    const view = await this.transit(
      room,
      session,
      live,
      "published",
      ({ poll: current, ballots }) => {
        // Counted from the stored ballots, in the atomic step that publishes them.
        const tally = tallyBallots(current, ballots.map((b) => b.choices));
        const attendance = { members: current.membersAtClose ?? room.definition.units.length, present: current.presentAtClose ?? 0 };
        published = { tally, outcome: computeOutcome(room, current, tally, attendance) };
        return { publishedAt: Date.now(), published };
      },
      // Called after the patch above, in the same decision: `published` is set.
      (pollId) => ({ type: "poll.published", data: { pollId, outcome: published!.outcome.words.vi, headline: published!.outcome.headline, counts: published!.tally } }),
    );
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

  async void(room: MeetingRoom, session: SessionInfo, pollId: string, reason: string): Promise<PollView> {
    return this.transit(room, session, await this.get(room, pollId), "void", () => ({ voidedAt: Date.now(), voidReason: reason }), (id) => ({ type: "poll.voided", data: { pollId: id, reason } }));
  }

  /** One action: a new draft between the candidates a published election left tied or short. */
  async runoff(room: MeetingRoom, session: SessionInfo, pollId: string): Promise<PollView> {
    const { record } = await this.get(room, pollId);
    const result = record.published?.outcome.result;
    if (record.state !== "published" || result?.kind !== "single_choice" || result.outcome !== "runoff_needed")
      throw new Refusal(ERROR_CODES.CONFLICT, "Chỉ bầu lại khi kết quả đã công bố và chưa có đơn vị trúng cử. (A runoff follows a published election without a winner.)");
    const next = runoffPoll(record, result);
    if ((await this.meeting(room)).polls.has(next.id)) throw new Refusal(ERROR_CODES.CONFLICT, `Vòng bầu lại ${next.id} đã có. (Runoff ${next.id} exists.)`);
    return this.insert(room, session, { ...next, subject: record.subject, title: `${record.title} (vòng ${next.round})` });
  }

  /**
   * A transition as one decision the store runs on the poll as stored (and may run again when another
   * instance wrote first): refused unless the stored state may move to `to`.
   */
  private async transit(
    room: MeetingRoom,
    session: SessionInfo,
    live: LivePoll,
    to: PollState,
    patch: (view: StoredPollView) => PollPatch,
    event: (pollId: string) => JournalEventOf<"poll.opened" | "poll.closed" | "poll.published" | "poll.voided">,
  ): Promise<PollView> {
    const from = POLL_STATES.filter((s) => canTransition(s, to));
    const actor = actorOf(session);
    let poll: PollRecord;
    let entries: JournalEntry[];
    try {
      ({ poll, entries } = await this.store.updatePoll(room.id, live.record.id, (view) => {
        const current = view.poll;
        if (!from.includes(current.state))
          throw new Refusal(ERROR_CODES.CONFLICT, `Không thể chuyển cuộc biểu quyết từ "${current.state}" sang "${to}". (Poll is ${current.state}; cannot become ${to}.)`);
        const next: PollRecord = { ...current, ...patch(view), state: to, stateChanges: current.stateChanges + 1 };
        return { result: undefined, poll: next, journal: [{ actor, ...event(current.id) }] };
      }));
    } catch (err) {
      // Another organiser or instance moved it first: show what is stored.
      if (err instanceof Refusal && err.code === ERROR_CODES.CONFLICT) await this.refresh(live);
      throw err;
    }
    live.record = poll;
    if (this.shared || to === "closed") await this.refresh(live);
    this.changed(room, live, entries[0]!);
    this.ctx.events.emit("poll.changed", { meetingId: room.id, pollId: poll.id, subject: poll.subject, state: to });
    log.info("polls", to, { meetingId: room.id, pollId: poll.id });
    return this.view(room, live);
  }

  async cast(room: MeetingRoom, session: SessionInfo, input: PollCast): Promise<CastReceipt> {
    const unit = session.unit;
    if (!unit || !room.definition.units.some((u) => u.code === unit))
      throw new Refusal(ERROR_CODES.FORBIDDEN, "Chỉ đại biểu của đơn vị thành viên được bỏ phiếu. (Only a member unit's delegate may vote.)");
    const live = await this.get(room, input.pollId);
    const check = validateBallot(live.record, input.ballot, unit, room.definition.rules.selfVoteAllowed);
    if (!check.ok) throw new Refusal(ERROR_CODES.BAD_REQUEST, `Phiếu không hợp lệ (${check.code}): ${check.reason}.`);
    // Open, present, one per unit and the retry are checked by the store, in the step that stores the ballot.
    const out = await this.store.castBallot(room.id, live.record.id, { unit, linkId: session.linkId, opId: input.opId, ballot: check.ballot, actor: actorOf(session), now: Date.now() });
    switch (out.kind) {
      case "cast": {
        if (this.shared) await this.refresh(live);
        else {
          live.voted.set(unit, out.castAt);
          live.choices.push(check.ballot);
          live.byUnit?.set(unit, check.ballot);
        }
        const receipt: CastReceipt = { pollId: live.record.id, receipt: out.receipt, castAt: out.castAt };
        this.heads.ballot(room, out.entry);
        this.broadcaster.ballot(room.id, live.record.id, turnoutComplete(room, live));
        // The unit's other tablet learns at once (after this ack) that its unit has voted. The ack goes out in
        // this turn's promise continuations, before any process.nextTick callback runs: so after it, and in the
        // caster's same write (io.ts, coalesceWrites).
        process.nextTick(() => this.ctx.io.to(unitChannel(room.id, unit)).emit(EVENTS.POLL_VOTED, receipt));
        return receipt;
      }
      case "replay":
        return { pollId: live.record.id, receipt: out.receipt, castAt: out.castAt };
      case "already_voted": {
        const at = vietnamClock(out.castAt);
        throw new Refusal(ERROR_CODES.ALREADY_VOTED, `Đơn vị của bạn đã bỏ phiếu lúc ${at}. (Your unit voted at ${at}.)`);
      }
      case "not_present":
        throw new Refusal(ERROR_CODES.NOT_PRESENT, NOT_PRESENT_MESSAGE);
      case "not_open":
        if (out.state && out.state !== live.record.state) await this.refresh(live);
        throw new Refusal(out.state ? ERROR_CODES.POLL_NOT_OPEN : ERROR_CODES.NOT_FOUND, out.state ? NOT_OPEN[out.state] : `No poll ${input.pollId}.`);
    }
  }

  /** A transition: the room learns the journal head at once, followers get the poll after the ack. */
  private changed(room: MeetingRoom, live: LivePoll, entry: JournalEntry): void {
    this.heads.transition(room, entry);
    this.broadcaster.now(room.id, live.record.id);
  }

  /**
   * Sends one poll's view to its audience (everyone, or the room's displays: tally-broadcaster.ts) and
   * who-has-not-voted to the organisers, after the meeting:state delta that waits: in one turn, so one write
   * per socket. The ballots' journal head is noted (when due) only with a tick for everyone, so the delta that
   * carries it does not reach the tablets and followers between their own ticks.
   */
  private flush(meetingId: string, pollId: string, audience: TallyAudience): number {
    const m = this.live.held(meetingId);
    const live = m?.polls.get(pollId);
    if (!m || !live) return 0;
    if (audience === "all") this.heads.beforeTally(m.room, turnoutComplete(m.room, live));
    m.room.flushPending();
    const to = audience === "all" ? [meetingChannel(meetingId)] : DISPLAY_ROLES.map((role) => roleChannel(meetingId, role));
    this.ctx.io.to(to).emit(EVENTS.POLL_STATE, pollView(m.room, live, { byUnit: false }));
    if (live.record.state !== "draft")
      this.ctx.io.to([roleChannel(meetingId, "chair"), roleChannel(meetingId, "secretary")]).emit(EVENTS.POLL_PENDING, pendingOf(m.room, live));
    // This process's sockets it went to (the pacer's measure).
    const rooms = this.ctx.io.sockets.adapter.rooms;
    return to.reduce((n, channel) => n + (rooms.get(channel)?.size ?? 0), 0);
  }
}

/** Who gets every tally tick (TALLY_FLUSH_MS): the big screen and the organisers' consoles. */
const DISPLAY_ROLES = ["screen", "chair", "secretary"] as const satisfies readonly Role[];

/** Every unit counted present has voted on this open poll: no ballot can follow until a unit arrives. */
function turnoutComplete(room: MeetingRoom, live: LivePoll): boolean {
  if (live.record.state !== "open" || live.voted.size < room.presentCount()) return false;
  return room.presentUnits().every((u) => live.voted.has(u));
}

const services = new WeakMap<ServerContext, PollService>();

/** The one PollService of a running server. */
export function pollsOf(ctx: ServerContext): PollService {
  let s = services.get(ctx);
  if (!s) services.set(ctx, (s = new PollService(ctx)));
  return s;
}
