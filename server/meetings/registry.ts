import type { LinkRecord, Store } from "../storage/store";
import { MeetingRoom } from "./room";
import { hashToken } from "./tokens";
import type { SessionInfo } from "../../shared/protocol/meeting";
import { ERROR_CODES, type ErrorCode } from "../../shared/protocol/errors";

export type AuthResult =
  | { ok: true; room: MeetingRoom; session: SessionInfo; tokenHash: string }
  | { ok: false; code: ErrorCode; message: string };

/**
 * Loaded meetings. Concurrent first requests share one load promise, so a meeting is never loaded
 * twice (Hocuspocus createDocument, tldraw getRoom).
 */
export class MeetingRegistry {
  private readonly rooms = new Map<string, Promise<MeetingRoom | null>>();
  /** The rooms loaded so far, for what must not load a meeting (another instance's notice). */
  private readonly loaded = new Map<string, MeetingRoom>();
  private readonly linkListeners = new Set<(meetingId: string, link: LinkRecord) => void>();
  private readonly loadListeners = new Set<(room: MeetingRoom) => void>();

  constructor(private readonly store: Store) {}

  get(meetingId: string): Promise<MeetingRoom | null> {
    let p = this.rooms.get(meetingId);
    if (!p) {
      p = this.load(meetingId);
      this.rooms.set(meetingId, p);
      // A failed or empty load is not cached: the meeting may be created a moment later (demo CLI).
      p.then(
        (room) => room || this.rooms.delete(meetingId),
        () => this.rooms.delete(meetingId),
      );
    }
    return p;
  }

  private async load(meetingId: string): Promise<MeetingRoom | null> {
    const meeting = await this.store.getMeeting(meetingId);
    if (!meeting) return null;
    const [state, links, head] = await Promise.all([
      this.store.getMeetingState(meetingId),
      this.store.listLinks(meetingId),
      this.store.journalHead(meetingId),
    ]);
    if (!state) throw new Error(`meeting ${meetingId} has no state row`);
    const room = new MeetingRoom(meeting, state, links, head, this.store);
    for (const l of this.loadListeners) l(room);
    this.loaded.set(meetingId, room);
    return room;
  }

  /** The room if this process has loaded it; never loads. */
  loadedRoom(meetingId: string): MeetingRoom | null {
    return this.loaded.get(meetingId) ?? null;
  }

  loadedRooms(): MeetingRoom[] {
    return [...this.loaded.values()];
  }

  /** Runs on every room as it loads, before anyone uses it (Redis mode attaches the other instances). */
  onRoomLoaded(listener: (room: MeetingRoom) => void): void {
    this.loadListeners.add(listener);
  }

  /**
   * Another instance changed a meeting this process holds: read its state and links again, and close
   * the connections of a link it revoked or re-issued.
   */
  async reload(meetingId: string): Promise<void> {
    const room = this.loaded.get(meetingId);
    if (!room) return;
    for (const link of await room.reload()) for (const l of this.linkListeners) l(meetingId, link);
  }

  /** Resolves a join token to its meeting and role. */
  async authenticate(token: unknown): Promise<AuthResult> {
    if (typeof token !== "string" || token.length < 16 || token.length > 200)
      return { ok: false, code: ERROR_CODES.UNAUTHENTICATED, message: "Cần liên kết tham dự (mã truy cập). (A join token is required.)" };
    const tokenHash = hashToken(token);
    const link = await this.store.findLinkByTokenHash(tokenHash);
    if (!link) return { ok: false, code: ERROR_CODES.UNAUTHENTICATED, message: "Liên kết tham dự không hợp lệ. (This join link is not valid.)" };
    if (link.revokedAt !== null) return { ok: false, code: ERROR_CODES.TOKEN_REVOKED, message: "Liên kết tham dự này đã bị thu hồi. (This join link was revoked.)" };
    const room = await this.get(link.meetingId);
    if (!room) return { ok: false, code: ERROR_CODES.NOT_FOUND, message: "Hội nghị này không còn nữa. (The meeting no longer exists.)" };
    return {
      ok: true,
      room,
      tokenHash,
      session: { meetingId: link.meetingId, role: link.role, unit: link.unit, linkId: link.linkId, label: link.label },
    };
  }

  /** After a revoke or re-issue: update the loaded room and close that link's connections. */
  async refreshLink(meetingId: string, linkId: string): Promise<void> {
    const link = await this.store.getLink(meetingId, linkId);
    const room = await this.get(meetingId);
    if (!link || !room) return;
    room.linkChanged(link);
    // The revoke or re-issue was journaled: every view shows the new head.
    room.noteJournal(await this.store.journalHead(meetingId));
    for (const l of this.linkListeners) l(meetingId, link);
  }

  onLinkChanged(listener: (meetingId: string, link: LinkRecord) => void): void {
    this.linkListeners.add(listener);
  }
}
