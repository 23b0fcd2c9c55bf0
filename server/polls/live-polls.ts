import type { MeetingRoom } from "../meetings/room";
import type { PollRecord } from "../storage/polls";
import type { Store } from "../storage/store";
import type { LivePoll } from "./views";

export interface MeetingPolls {
  room: MeetingRoom;
  polls: Map<string, LivePoll>;
}

/**
 * What this process holds of each loaded meeting's polls: every poll's view as the store last answered (record,
 * who voted, the choices), so tallies for the live stream never re-read storage. A meeting is loaded from the
 * store on first use, once however many callers ask at the same time, and again when asked `fresh` (several
 * instances: another may have written). Held per room object: a room rebuilt after its meeting was unloaded
 * starts from the store.
 */
export class LivePolls {
  private readonly meetings = new Map<string, MeetingPolls>();
  private readonly loading = new Map<string, Promise<MeetingPolls>>();

  constructor(private readonly store: Store) {}

  /** Drops what this process holds of a meeting's polls (after rehearsal:end deleted them); the next use reads the store. */
  forget(meetingId: string): void {
    this.meetings.delete(meetingId);
    this.loading.delete(meetingId);
  }

  /** The meeting's polls if they are in memory (for this room). */
  cached(room: MeetingRoom): MeetingPolls | null {
    const m = this.meetings.get(room.id);
    return m && m.room === room ? m : null;
  }

  /** The meeting's polls in memory, whichever room holds them (the tally flush, which knows only the id). */
  held(meetingId: string): MeetingPolls | undefined {
    return this.meetings.get(meetingId);
  }

  /** The meeting's polls, loaded from the store on first use (and again on each call when `fresh`). */
  async meeting(room: MeetingRoom, fresh = false): Promise<MeetingPolls> {
    const m = this.cached(room);
    if (m && !fresh) return m;
    const pending = this.loading.get(room.id);
    if (pending) return pending;
    const load = (async () => {
      const records = await this.store.listPolls(room.id);
      const loaded = await Promise.all(records.map((r) => this.load(r)));
      const current = this.cached(room) ?? { room, polls: new Map<string, LivePoll>() };
      for (const live of loaded) {
        const held = current.polls.get(live.record.id);
        if (held) Object.assign(held, live);
        else current.polls.set(live.record.id, live);
      }
      this.meetings.set(room.id, current);
      return current;
    })();
    this.loading.set(room.id, load);
    try {
      return await load;
    } finally {
      this.loading.delete(room.id);
    }
  }

  /** Re-reads one poll from the store into its live view (several instances: another may have written). */
  async refresh(live: LivePoll): Promise<void> {
    const record = await this.store.getPoll(live.record.meetingId, live.record.id);
    if (record) Object.assign(live, await this.load(record));
  }

  private async load(record: PollRecord): Promise<LivePoll> {
    const [voters, ballots] = await Promise.all([this.store.pollVoters(record.meetingId, record.id), this.store.pollBallots(record.meetingId, record.id)]);
    return {
      record,
      voted: new Map(voters.map((v) => [v.unit, v.castAt])),
      choices: ballots.map((b) => b.choices),
      byUnit: record.visibility === "open" ? new Map(voters.map((v) => [v.unit, v.ballot])) : null,
    };
  }
}
