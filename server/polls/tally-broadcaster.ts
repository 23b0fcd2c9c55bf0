/**
 * At most one poll:state per poll every TALLY_FLUSH_MS while ballots arrive: 400 tablets voting
 * within a second cause about four broadcasts to every follower, not 400. The first ballot after a
 * quiet spell goes out on the next turn of the event loop, so a lone ballot is shown at once, and so
 * does the ballot that completes the turnout (the final tally of a burst does not wait for the tick).
 */
export const TALLY_FLUSH_MS = 250;
/**
 * The delegates' tablets (two thirds of a meeting's sockets) get the running tally at most this often: a
 * tablet shows the turnout beside its own ballot, which the acknowledgement and poll:voted already settle; the
 * big screen and the followers keep TALLY_FLUSH_MS. Transitions and the tally that completes the turnout reach
 * every tablet at once, and a tick that left the tablets out is followed by one for everyone within this time,
 * so a tablet's turnout is never more than this old. Equal to the journal head's cadence (ballot-head.ts), so
 * the meeting:state delta that carries the head goes out with a tick the tablets get too.
 */
export const DELEGATE_TALLY_MS = 1000;

/** Who a flush is for: everyone in the meeting, or everyone but the delegates' tablets. */
export type TallyAudience = "all" | "watchers";

/**
 * "coalesced" is the product. "naive" (one broadcast of the full tally per ballot) exists only so
 * `npm run bench` can measure the baseline in the same run; nothing else sets it.
 */
export type TallyMode = "coalesced" | "naive";

interface Slot {
  timer: NodeJS.Timeout | null;
  /** When the pending timer fires (meaningful while `timer` is set). */
  timerAt: number;
  lastFlushAt: number;
  /** When the delegates last got the tally. */
  delegatesAt: number;
  /** A flush left the delegates out: they are owed one. */
  delegatesOwed: boolean;
}

export class TallyBroadcaster {
  mode: TallyMode = "coalesced";
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly flush: (meetingId: string, pollId: string, audience: TallyAudience) => void,
    private readonly flushMs = TALLY_FLUSH_MS,
    private readonly delegateMs = DELEGATE_TALLY_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * A ballot was stored and acknowledged. `complete`: every unit counted present has now voted, so no
   * ballot can follow it (until a unit arrives): the tally goes out at once instead of at the next tick.
   */
  ballot(meetingId: string, pollId: string, complete = false): void {
    if (this.mode === "naive") {
      setImmediate(() => this.flush(meetingId, pollId, "all"));
      return;
    }
    if (complete) return this.now(meetingId, pollId);
    const slot = this.slot(meetingId, pollId);
    this.schedule(slot, meetingId, pollId, Math.max(this.clock(), slot.lastFlushAt + this.flushMs));
  }

  /**
   * The poll changed state (or its turnout is complete): everyone, at once (after the acknowledgement,
   * hence setImmediate); a pending tally flush is dropped, since this one includes it.
   */
  now(meetingId: string, pollId: string): void {
    const slot = this.slot(meetingId, pollId);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    setImmediate(() => this.run(slot, meetingId, pollId, true));
  }

  stop(): void {
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.slots.clear();
  }

  /** A flush at `at`, unless one is already due by then. */
  private schedule(slot: Slot, meetingId: string, pollId: string, at: number): void {
    if (slot.timer) {
      if (slot.timerAt <= at) return;
      clearTimeout(slot.timer);
    }
    slot.timerAt = at;
    slot.timer = setTimeout(() => this.run(slot, meetingId, pollId, false), Math.max(0, at - this.clock()));
    slot.timer.unref();
  }

  private run(slot: Slot, meetingId: string, pollId: string, everyone: boolean): void {
    slot.timer = null;
    const now = this.clock();
    const all = everyone || now >= slot.delegatesAt + this.delegateMs;
    slot.lastFlushAt = now;
    if (all) {
      slot.delegatesAt = now;
      slot.delegatesOwed = false;
    } else slot.delegatesOwed = true;
    this.flush(meetingId, pollId, all ? "all" : "watchers");
    // The tablets' catch-up tick, if no ballot brings one sooner (the tick that is then due includes them).
    if (slot.delegatesOwed) this.schedule(slot, meetingId, pollId, slot.delegatesAt + this.delegateMs);
  }

  private slot(meetingId: string, pollId: string): Slot {
    const key = `${meetingId}/${pollId}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { timer: null, timerAt: 0, lastFlushAt: 0, delegatesAt: 0, delegatesOwed: false }));
    return slot;
  }
}
