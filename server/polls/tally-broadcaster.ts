/**
 * At most one poll:state per poll every TALLY_FLUSH_MS while ballots arrive: 400 tablets voting
 * within a second cause about four broadcasts to every follower, not 400. The first ballot after a
 * quiet spell goes out on the next turn of the event loop, so a lone ballot is shown at once, and so
 * does the ballot that completes the turnout (the final tally of a burst does not wait for the tick).
 */
export const TALLY_FLUSH_MS = 250;

/**
 * "coalesced" is the product. "naive" (one broadcast of the full tally per ballot) exists only so
 * `npm run bench` can measure the baseline in the same run; nothing else sets it.
 */
export type TallyMode = "coalesced" | "naive";

interface Slot {
  timer: NodeJS.Timeout | null;
  lastFlushAt: number;
}

export class TallyBroadcaster {
  mode: TallyMode = "coalesced";
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly flush: (meetingId: string, pollId: string) => void,
    private readonly flushMs = TALLY_FLUSH_MS,
  ) {}

  /**
   * A ballot was stored and acknowledged. `complete`: every unit counted present has now voted, so no
   * ballot can follow it (until a unit arrives): the tally goes out at once instead of at the next tick.
   */
  ballot(meetingId: string, pollId: string, complete = false): void {
    if (this.mode === "naive") {
      setImmediate(() => this.flush(meetingId, pollId));
      return;
    }
    if (complete) return this.now(meetingId, pollId);
    const slot = this.slot(meetingId, pollId);
    if (slot.timer) return;
    const delayMs = Math.max(0, slot.lastFlushAt + this.flushMs - Date.now());
    slot.timer = setTimeout(() => this.run(slot, meetingId, pollId), delayMs);
    slot.timer.unref();
  }

  /**
   * The poll changed state: send at once (after the acknowledgement, hence setImmediate), and drop
   * a pending tally flush, which this one includes.
   */
  now(meetingId: string, pollId: string): void {
    const slot = this.slot(meetingId, pollId);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    setImmediate(() => this.run(slot, meetingId, pollId));
  }

  stop(): void {
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.slots.clear();
  }

  private run(slot: Slot, meetingId: string, pollId: string): void {
    slot.timer = null;
    slot.lastFlushAt = Date.now();
    this.flush(meetingId, pollId);
  }

  private slot(meetingId: string, pollId: string): Slot {
    const key = `${meetingId}/${pollId}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { timer: null, lastFlushAt: 0 }));
    return slot;
  }
}
