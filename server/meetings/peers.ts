import type { MeetingRoom } from "./room";

/**
 * What a room tells the other instances sharing its store (Redis mode; none in SQLite mode): it
 * committed a change (they reload the stored state) or its own connections changed (they re-read presence).
 */
export interface RoomPeers {
  committed(room: MeetingRoom): void;
  presenceChanged(room: MeetingRoom): void;
  /** Runs an organiser action while no other instance runs one on this meeting (a lock in Redis). */
  exclusive<T>(room: MeetingRoom, action: () => Promise<T>): Promise<T>;
}
