import { endTurn, giveFloor, nextRequestId, reorderQueue, requestFloor, withdrawRequest, type QueueResult } from "../../shared/discussion/queue";
import { limitFor } from "../../shared/discussion/timer";
import { meetingPhase, vietnamDay } from "../../shared/discussion/phase";
import type { JournalEntry } from "../../shared/journal/chain";
import type { JournalEvent } from "../../shared/journal/entries";
import type { CurrentSpeaker, DocumentsState, MeetingDocumentView, QueuedSpeaker, SpeakKind, SpokenTurn } from "../../shared/protocol/discussion";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { ScreenView, SessionInfo } from "../../shared/protocol/meeting";
import type { ServerContext } from "../context";
import { DomainError } from "../errors";
import { log, errorFields } from "../log";
import { actorOf, type MeetingRoom } from "../meetings/room";
import { type MeetingDocumentStore, type PersistedDiscussion, type StoredMeetingDocument } from "../storage/meeting-documents";
import { meetingDocumentStoreOf } from "../storage/open";

interface LiveDiscussion {
  room: MeetingRoom;
  state: PersistedDiscussion;
  documents: StoredMeetingDocument[];
  /** Changes of this meeting's discussion run one after another, each from the state the previous one left. */
  commits: Promise<unknown>;
}

export const documentView = (d: StoredMeetingDocument): MeetingDocumentView => ({
  id: d.id,
  title: d.title,
  sha256: d.sha256,
  bytes: d.bytes,
  pages: d.pages,
  agendaIndex: d.agendaIndex,
  uploadedAt: d.uploadedAt,
});

/**
 * Requests to speak, the page on the big screen and the meeting's documents. The queue's rules are
 * pure (shared/discussion); this service runs them on the stored state, stores the result with its
 * journal entry, then applies it in memory and tells the room (which broadcasts meeting:state).
 */
export class DiscussionService {
  private readonly meetings = new Map<string, Promise<LiveDiscussion>>();

  constructor(readonly store: MeetingDocumentStore) {}

  /** The meeting's discussion, loaded once; the room reads speakers and documents from it from then on. */
  live(room: MeetingRoom): Promise<LiveDiscussion> {
    let p = this.meetings.get(room.id);
    if (p) return p.then((m) => (m.room === room ? m : this.reload(room)));
    p = this.load(room);
    this.meetings.set(room.id, p);
    p.catch(() => this.meetings.delete(room.id));
    return p;
  }

  /** Drops what this process holds of a meeting's queue and turns (after rehearsal:end deleted them); the next use reads the store. */
  forget(meetingId: string): void {
    this.meetings.delete(meetingId);
  }

  private reload(room: MeetingRoom): Promise<LiveDiscussion> {
    this.meetings.delete(room.id);
    return this.live(room);
  }

  private async load(room: MeetingRoom): Promise<LiveDiscussion> {
    const [state, documents] = await Promise.all([this.store.getDiscussion(room.id), this.store.listDocuments(room.id)]);
    const m: LiveDiscussion = { room, state, documents, commits: Promise.resolve() };
    room.setDiscussionSource(() => ({ speakers: m.state.speakers, documents: documentsState(m), phase: meetingPhase(room.definition, vietnamDay(Date.now())) }));
    // Tell the room, so a state sent before the load is followed by one with the queue.
    room.noteJournal({ seq: 0, hash: "" });
    return m;
  }

  async request(room: MeetingRoom, session: SessionInfo, input: { kind: SpeakKind; note?: string; name?: string }): Promise<{ request: QueuedSpeaker }> {
    const unit = session.unit;
    if (session.role !== "delegate" || !unit || !room.definition.units.some((u) => u.code === unit))
      throw new DomainError(ERROR_CODES.FORBIDDEN, "Chỉ đại biểu của đơn vị thành viên được đăng ký phát biểu. (Only a member unit's delegate may ask for the floor.)");
    return this.change(room, session, (s, now) => {
      const requestId = nextRequestId(s.lastRequest);
      const r = requestFloor(s.speakers, { requestId, unit, kind: input.kind, note: input.note, name: input.name, now });
      return outcome(r, (res) => ({
        next: { ...s, speakers: res.state, lastRequest: s.lastRequest + 1 },
        event: { type: "speak.requested", data: { requestId, unit, kind: input.kind, note: input.note ?? null, name: input.name ?? null } },
        reply: { request: res.request },
      }));
    });
  }

  async withdraw(room: MeetingRoom, session: SessionInfo): Promise<Record<string, never>> {
    const unit = session.unit;
    if (session.role !== "delegate" || !unit) throw new DomainError(ERROR_CODES.FORBIDDEN, "Chỉ đại biểu được rút đăng ký của đơn vị mình. (Only a delegate may withdraw its unit's request.)");
    return this.change(room, session, (s) =>
      outcome(withdrawRequest(s.speakers, unit), (res) => ({
        next: { ...s, speakers: res.state },
        event: { type: "speak.withdrawn", data: { requestId: res.request.requestId, unit } },
        reply: {},
      })),
    );
  }

  async give(room: MeetingRoom, session: SessionInfo, requestId: string): Promise<{ current: CurrentSpeaker }> {
    const result = await this.change(room, session, (s, now) => {
      const agendaIndex = room.snapshot().agendaIndex;
      return outcome(giveFloor(s.speakers, requestId, now, (kind) => limitFor(room.definition, agendaIndex, kind)), (res) => ({
        next: { ...s, speakers: res.state },
        event: { type: "speak.given", data: { ...res.current, agendaIndex } },
        reply: { current: res.current },
      }));
    });
    await this.showOn(room, session, "speaker");
    return result;
  }

  async end(room: MeetingRoom, session: SessionInfo): Promise<{ turn: SpokenTurn }> {
    return this.change(room, session, (s, now) =>
      outcome(endTurn(s.speakers, now, room.snapshot().agendaIndex), (res) => ({
        next: { ...s, speakers: res.state },
        event: { type: "speak.ended", data: res.turn },
        reply: { turn: res.turn },
        turn: res.turn,
      })),
    );
  }

  async reorder(room: MeetingRoom, session: SessionInfo, order: string[]): Promise<Record<string, never>> {
    return this.change(room, session, (s) =>
      outcome(reorderQueue(s.speakers, order), (res) => ({
        next: { ...s, speakers: res.state },
        event: { type: "speak.reordered", data: { order } },
        reply: {},
      })),
    );
  }

  /** Shows a document's page on the big screen (docId null takes it off). */
  async show(room: MeetingRoom, session: SessionInfo, docId: string | null, page: number): Promise<Record<string, never>> {
    const m = await this.live(room);
    if (docId !== null) {
      const doc = (await this.documents(room)).find((d) => d.id === docId);
      if (!doc) throw new DomainError(ERROR_CODES.NOT_FOUND, "Không có tài liệu này trong hội nghị. (No such document in this meeting.)");
      if (page > doc.pages) throw new DomainError(ERROR_CODES.BAD_REQUEST, `Tài liệu chỉ có ${doc.pages} trang. (The document has ${doc.pages} pages.)`);
    }
    await this.change(room, session, (s) => {
      const doc = docId === null ? null : m.documents.find((d) => d.id === docId)!;
      return {
        next: { ...s, presented: doc ? { docId: doc.id, page } : null },
        event: { type: "document.shown", data: doc ? { docId: doc.id, page, sha256: doc.sha256 } : { docId: null } },
        reply: {},
      };
    });
    if (docId !== null) await this.showOn(room, session, "document");
    return {};
  }

  /** Attaches a checked PDF to the meeting (stored by its hash, journaled), or returns the one already attached. */
  async attach(room: MeetingRoom, session: SessionInfo, doc: Omit<StoredMeetingDocument, "meetingId" | "uploadedBy">, pdf: Uint8Array): Promise<{ document: StoredMeetingDocument; existing: boolean }> {
    const m = await this.live(room);
    const run = m.commits.then(async () => {
      const record: StoredMeetingDocument = { ...doc, meetingId: room.id, uploadedBy: actorOf(session) };
      const { document, entry } = await this.store.addDocument(record, pdf, {
        actor: actorOf(session),
        type: "document.attached",
        data: { docId: record.id, title: record.title, sha256: record.sha256, bytes: record.bytes, pages: record.pages, agendaIndex: record.agendaIndex },
        ts: record.uploadedAt,
      });
      if (entry) {
        m.documents = [...m.documents, document];
        room.noteJournal(entry);
      }
      return { document, existing: entry === null };
    });
    m.commits = run.catch(() => undefined);
    return run;
  }

  /** The meeting's documents as stored (another instance may have attached one). */
  async documents(room: MeetingRoom): Promise<StoredMeetingDocument[]> {
    const m = await this.live(room);
    m.documents = await this.store.listDocuments(room.id);
    return m.documents;
  }

  /**
   * Runs one decision on the state the previous change left, stores it with its journal entry (and the
   * ended turn), then applies it and tells the room. A refusal stores nothing.
   */
  private async change<R>(
    room: MeetingRoom,
    session: SessionInfo,
    decide: (s: PersistedDiscussion, now: number) => { next: PersistedDiscussion; event: JournalEvent; reply: R; turn?: SpokenTurn },
  ): Promise<R> {
    const m = await this.live(room);
    const run = m.commits.then(async () => {
      // The stored state, not this process's copy: in Redis mode another instance may have moved the queue.
      m.state = await this.store.getDiscussion(room.id);
      const now = Date.now();
      const d = decide(m.state, now);
      const entry: JournalEntry = await this.store.commitDiscussion(room.id, d.next, { actor: actorOf(session), ...d.event, ts: now }, d.turn);
      m.state = d.next;
      room.noteJournal(entry);
      return d.reply;
    });
    m.commits = run.catch(() => undefined);
    return run;
  }

  /** Giving the floor or showing a page also puts that view on the big screen (a second journal entry). */
  private async showOn(room: MeetingRoom, session: SessionInfo, view: ScreenView): Promise<void> {
    if (room.snapshot().screen === view) return;
    try {
      await room.showOnScreen(session, view);
    } catch (err) {
      // The change itself is stored; the chair can still switch the screen by hand.
      log.error("discussion", "could not switch the screen", { meetingId: room.id, view, ...errorFields(err) });
    }
  }
}

function documentsState(m: LiveDiscussion): DocumentsState {
  const p = m.state.presented;
  const doc = p ? m.documents.find((d) => d.id === p.docId) : undefined;
  return { count: m.documents.length, presented: p && doc ? { docId: doc.id, page: p.page, title: doc.title, pages: doc.pages } : null };
}

/** A queue rule's refusal becomes a domain error; its success the change to store. */
function outcome<T extends object, C>(r: QueueResult<T>, then: (ok: Extract<QueueResult<T>, { ok: true }>) => C): C {
  if (!r.ok) throw new DomainError(r.code, r.message);
  return then(r as Extract<QueueResult<T>, { ok: true }>);
}

const services = new WeakMap<ServerContext, DiscussionService>();

/** The one DiscussionService of a running server, on the embedded store's database. */
export function discussionOf(ctx: ServerContext): DiscussionService {
  let s = services.get(ctx);
  if (!s) {
    // The SQLite file's tables or the Redis store's keys, whichever the settings chose.
    services.set(ctx, (s = new DiscussionService(meetingDocumentStoreOf(ctx.store))));
  }
  return s;
}
