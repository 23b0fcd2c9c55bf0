import type { AttendanceRow, MeetingState, MeetingStateDelta, ScreenView, SessionInfo } from "../../shared/protocol/meeting";
import { EMPTY_DOCUMENTS, EMPTY_SPEAKERS } from "../../shared/protocol/discussion";
import { meetingPhase, vietnamDay } from "../../shared/discussion/phase";
import { INITIAL_SCORE_STATE, type ScoreState } from "../../shared/protocol/scores";
import { quorumMet } from "../../shared/voting/share";
import type { JournalEntry } from "../../shared/journal/chain";
import type { JournalEvent, JournalEventOf } from "../../shared/journal/entries";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { DomainError } from "../errors";
import type { LinkRecord, MeetingRecord, PersistedMeetingState, Store } from "../storage/store";
import { Presence, type PresenceCounts } from "./presence";
import { takeStoredLinks } from "./links";
import type { RoomPeers } from "./peers";

/**
 * Told that the state moved (its version, and whether only who is connected changed); reads the change with
 * takeDelta when it sends.
 */
type Listener = (version: number, presenceOnly: boolean) => void;


/** What the discussion domain adds to meeting:state. */
type DiscussionSnapshot = Pick<MeetingState, "speakers" | "documents" | "phase">;

/**
 * One meeting's live state in memory: who is connected, roll call, agenda, screen. Every change is
 * stored with its journal entry before it is applied here, so memory never runs ahead of disk.
 */
export class MeetingRoom {
  private readonly connections = new Map<string, SessionInfo>();
  private readonly links = new Map<string, LinkRecord>();
  private version = 0;
  /** Devices connected here and on other instances, check-ins, and the attendance rows that moved (presence.ts). */
  private readonly presence = new Presence();
  /** The version of the last takeDelta. */
  private deltaFrom = 0;
  private staticChanged = false;
  private readonly listeners = new Set<Listener>();
  /** Sends the waiting delta at once (io.ts's broadcaster; nothing when no change waits). */
  private sendPending: () => void = () => {};
  private journalHead: { seq: number; hash: string };
  private commits: Promise<unknown> = Promise.resolve();
  private actions: Promise<unknown> = Promise.resolve();
  /** Redis mode: the other instances. */
  private peers: RoomPeers | null = null;
  /** The score state an exclusive action started from: its commit applies only if it is still the stored one. */
  private scoreBase: ScoreState | null = null;
  /** The discussion's live state (server/discussion keeps it; the room only reads it for the snapshot). */
  private discussion: () => DiscussionSnapshot = () => ({ speakers: EMPTY_SPEAKERS, documents: EMPTY_DOCUMENTS, phase: meetingPhase(this.definition, vietnamDay(Date.now())) });

  constructor(
    readonly meeting: MeetingRecord,
    private state: PersistedMeetingState,
    links: LinkRecord[],
    head: { seq: number; hash: string },
    private readonly store: Store,
  ) {
    for (const l of links) this.links.set(l.linkId, l);
    this.journalHead = head;
    this.presence.recountCheckedIn(this.links.values());
  }

  get id(): string {
    return this.meeting.id;
  }

  get definition() {
    return this.meeting.definition;
  }

  /** A rehearsal is running (server/rehearsal): the day's events are tried out, whatever the date. */
  get inRehearsal(): boolean {
    return !!this.state.rehearsal;
  }

  /** True while the link exists, is not revoked and still has the token this session used. */
  isSessionValid(session: Pick<SessionInfo, "linkId">, tokenHash: string): boolean {
    const link = this.links.get(session.linkId);
    return !!link && link.revokedAt === null && link.tokenHash === tokenHash;
  }

  /** A link changed here (revoke, re-issue): the other instances read it again and close its old connections. */
  linkChanged(link: LinkRecord): void {
    this.links.set(link.linkId, link);
    this.presence.recountCheckedIn(this.links.values());
    this.peers?.committed(this);
  }

  connectionCount(): number {
    return this.connections.size;
  }

  /** Redis mode: the other instances to tell about commits and connections (set once, at load). */
  setPeers(peers: RoomPeers): void {
    this.peers = peers;
  }

  get shared(): boolean {
    return this.peers !== null;
  }

  /** The state as this room holds it, serialised as the store keeps it (to compare with the stored one). */
  stateJson(): string {
    return JSON.stringify(this.state);
  }

  /** The journal seq this room has seen (its meeting:state's head). */
  snapshotHeadSeq(): number {
    return this.journalHead.seq;
  }

  /** This instance's own connections, as reported to the others. */
  localPresence(): PresenceCounts {
    return this.presence.local();
  }

  /** The other instances' connections (summed); the state is broadcast again only when they changed. */
  setRemotePresence(counts: PresenceCounts): void {
    if (this.presence.setRemote(counts)) this.changed(true);
  }

  /**
   * Redis mode: reads the stored state, links and journal head again (another instance committed) and
   * broadcasts when anything moved. Runs in the commit queue, so it never lands between a local commit's
   * store and its apply. Resolves to the links whose record changed (revoked, re-issued, first seen).
   */
  reload(): Promise<LinkRecord[]> {
    const run = this.commits.then(async () => {
      const [state, links, head] = await Promise.all([this.store.getMeetingState(this.id), this.store.listLinks(this.id), this.store.journalHead(this.id)]);
      let moved = false;
      if (state && JSON.stringify(state) !== JSON.stringify(this.state)) {
        this.setState(state);
        moved = true;
      }
      const changedLinks = takeStoredLinks(this.links, links);
      if (changedLinks.length) this.presence.recountCheckedIn(this.links.values());
      if (head.seq > this.journalHead.seq) {
        this.journalHead = head;
        moved = true;
      }
      if (moved || changedLinks.length) this.changed();
      return changedLinks;
    });
    this.commits = run.catch(() => undefined);
    return run;
  }

  /** A device joined. The first join of a link is journaled (that is the unit's check-in). */
  async connect(connId: string, session: SessionInfo): Promise<void> {
    if (this.connections.has(connId)) return;
    this.connections.set(connId, session);
    this.presence.count(session, 1);
    this.peers?.presenceChanged(this);
    const link = this.links.get(session.linkId);
    if (link && link.firstSeenAt === null) {
      const now = Date.now();
      link.firstSeenAt = now;
      if (link.role === "delegate" && link.unit) this.presence.checkIn(link.unit);
      // Only if no instance recorded it first (two tablets of the link joining A and B at once: one check-in).
      const entry = await this.store.recordFirstSeen(this.id, link.linkId, now, {
        actor: actorOf(session),
        type: "device.joined",
        data: { linkId: link.linkId, role: link.role, unit: link.unit },
        ts: now,
      });
      if (entry) this.noteJournal(entry);
      this.peers?.committed(this);
      this.changed();
      return;
    }
    this.changed(true);
  }

  disconnect(connId: string): void {
    const session = this.connections.get(connId);
    if (!session) return;
    this.connections.delete(connId);
    this.presence.count(session, -1);
    this.peers?.presenceChanged(this);
    this.changed(true);
  }

  /** Takes a new stored state; the units whose manual mark moved are sent again. */
  private setState(next: PersistedMeetingState): void {
    this.presence.marksChanged(this.state.marks, next.marks);
    this.state = next;
  }

  async markAttendance(actor: SessionInfo, unit: string, mark: "present" | "absent" | "auto"): Promise<void> {
    await this.commit(
      (state) => {
        const marks = { ...state.marks };
        if (mark === "auto") delete marks[unit];
        else marks[unit] = mark;
        return { ...state, marks };
      },
      actor,
      { type: "rollcall.marked", data: { unit, mark } },
    );
  }

  async gotoAgenda(actor: SessionInfo, index: number): Promise<void> {
    const item = this.definition.agenda[index];
    await this.commit((state) => ({ ...state, agendaIndex: index }), actor, { type: "agenda.moved", data: { index, title: item?.title } });
  }

  get scoreState(): ScoreState {
    return this.state.scores ?? INITIAL_SCORE_STATE;
  }

  /**
   * Stores a new score-table state with its journal entry (scores domain). It applies only if the stored
   * score state is still the one the action started from (another instance's organiser may have moved
   * the stage meanwhile): otherwise CONFLICT and nothing is stored.
   */
  async commitScoreState(actor: SessionInfo, next: ScoreState, event: JournalEventOf<"scores.stage" | "scores.locked" | "scores.unlocked" | "scores.copied">): Promise<JournalEntry> {
    const base = JSON.stringify(this.scoreBase ?? this.scoreState);
    return this.commit(
      (state) => {
        if (JSON.stringify(state.scores ?? INITIAL_SCORE_STATE) !== base)
          throw new DomainError(
            ERROR_CODES.CONFLICT,
            "Bảng điểm vừa được người khác chuyển bước; xin xem lại rồi thử lại. (Another organiser changed the score table at the same moment; look again and retry.)",
          );
        return { ...state, scores: next };
      },
      actor,
      event,
    );
  }

  async showOnScreen(actor: SessionInfo, view: ScreenView): Promise<void> {
    await this.commit((state) => ({ ...state, screen: view }), actor, { type: "screen.shown", data: { view } });
  }

  /** Lets the discussion domain supply meeting:state.speakers and .documents; call noteJournal after a change. */
  setDiscussionSource(source: () => DiscussionSnapshot): void {
    this.discussion = source;
  }

  /** Appends to the journal for changes made elsewhere (polls, scores) and tells the room. */
  noteJournal(entry: Pick<JournalEntry, "seq" | "hash">): void {
    if (entry.seq > this.journalHead.seq) this.journalHead = { seq: entry.seq, hash: entry.hash };
    this.changed();
  }

  /**
   * Runs an organiser action that reads the state, writes a document and commits (a score stage, the
   * lock) after the actions sent before it, so two sent together never both act on the same old state.
   */
  exclusive<T>(action: () => Promise<T>): Promise<T> {
    // Redis mode: the action starts from the stored state (another instance may have committed), and its
    // score commit is conditioned on that state (commitScoreState).
    const body = async () => {
      if (this.peers) await this.reload();
      this.scoreBase = this.scoreState;
      try {
        return await action();
      } finally {
        this.scoreBase = null;
      }
    };
    // Redis mode: also one at a time across instances, so a stage written into the document by one
    // instance is never followed by another instance's commit of a different stage.
    const run = this.actions.then(() => (this.peers ? this.peers.exclusive(this, body) : body()));
    this.actions = run.catch(() => undefined);
    return run;
  }

  /**
   * Stores the next state with its journal entry, then applies it. Commits run one at a time and
   * each computes its next state from the state the previous one left, so organiser actions sent
   * in parallel (60 roll-call marks at once) all take effect, in the order they arrived.
   */
  private commit(
    next: (state: PersistedMeetingState) => PersistedMeetingState,
    actor: SessionInfo,
    event: JournalEvent,
  ): Promise<JournalEntry> {
    const run = this.commits.then(async () => {
      // Decided on the state as stored (SQLite: the same as this.state; Redis: re-decided when another instance committed first).
      const { state, entry } = await this.store.updateMeetingState(this.id, (stored) => ({ state: next(stored), journal: { actor: actorOf(actor), ...event } }));
      this.setState(state);
      this.noteJournal(entry);
      this.peers?.committed(this);
      return entry;
    });
    this.commits = run.catch(() => undefined);
    return run;
  }

  attendance(): AttendanceRow[] {
    return this.definition.units.map((u) => this.presence.row(u.code, this.state.marks));
  }

  /** How many units count present (as presentUnits), kept between changes: a poll asks after every ballot. */
  presentCount(): number {
    return this.presence.presentCount(this.definition.units, this.state.marks);
  }

  presentUnits(): string[] {
    return this.attendance()
      .filter((a) => a.present)
      .map((a) => a.unit);
  }

  /** The full state: on connect and resync (the only messages that carry the definition's units and agenda). */
  snapshot(): MeetingState {
    const def = this.definition;
    const attendance = this.attendance();
    return {
      title: def.conference.title,
      cluster: def.cluster,
      conference: def.conference,
      units: def.units.map((u) => ({ code: u.code, name: u.name, shortName: u.shortName, headTitle: u.headTitle, role: u.role })),
      agenda: def.agenda,
      attendance,
      ...this.live(attendance.filter((a) => a.present).length),
    };
  }

  /** Everything but the definition and attendance: small, sent whole in every delta. */
  private live(present: number): Omit<MeetingState, "title" | "cluster" | "conference" | "units" | "agenda" | "attendance"> {
    const def = this.definition;
    const others = this.presence.others();
    return {
      meetingId: this.id,
      agendaIndex: this.state.agendaIndex,
      screen: this.state.screen,
      quorum: quorumMet(present, def.units.length, def.rules.quorum),
      others,
      scores: { stage: this.scoreState.stage, ranking: this.scoreState.ranking, lockedAt: this.scoreState.lockedAt },
      journalHead: this.journalHead,
      ...this.discussion(),
      rehearsal: !!this.state.rehearsal,
      version: this.version,
    };
  }

  /**
   * What changed since the previous call (one sender per room, io.ts): the live keys and the attendance rows
   * that moved, from the version of that call to this one. A full state of any version in between takes it.
   */
  takeDelta(): MeetingStateDelta {
    const units = this.presence.takeDirty(this.definition.units.map((u) => u.code));
    const delta: MeetingStateDelta = { ...this.live(this.presentCount()), delta: true, from: this.deltaFrom, attendance: units.map((u) => this.presence.row(u, this.state.marks)) };
    this.deltaFrom = this.version;
    return delta;
  }

  /**
   * The definition changed (an edit before the meeting begins): the next message to every socket is a
   * full state, since deltas never carry the units, agenda or title.
   */
  definitionChanged(): void {
    this.staticChanged = true;
    this.presence.invalidate();
    this.changed();
  }

  /** Whether the next message must be a full state; reading it clears it. */
  takeStaticChanged(): boolean {
    const was = this.staticChanged;
    this.staticChanged = false;
    return was;
  }

  /** The broadcaster's "send what waits now" (one per room, io.ts). */
  setSender(send: () => void): void {
    this.sendPending = send;
  }

  /**
   * Sends a waiting meeting:state delta now instead of at its timer: a tally flush calls it just before its
   * poll:state, so a socket gets both in the same turn, in one write (io.ts, coalesceWrites).
   */
  flushPending(): void {
    this.sendPending();
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(presenceOnly = false): void {
    this.version++;
    for (const l of this.listeners) l(this.version, presenceOnly);
  }
}

export function actorOf(s: Pick<SessionInfo, "role" | "unit" | "linkId">): string {
  return s.role === "delegate" ? `delegate:${s.unit}:${s.linkId}` : s.role;
}
