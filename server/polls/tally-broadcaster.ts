import { FanoutPacer } from "../realtime/fanout-pacer";

/**
 * The running tally reaches the room's displays (the big screen, the chair's and secretary's consoles) at most
 * once per poll every TALLY_FLUSH_MS while ballots arrive: 400 tablets voting within a second cause about four
 * broadcasts to the screen, not 400. The first ballot after a quiet spell goes out on the next turn of the event
 * loop, so a lone ballot shows at once.
 */
export const TALLY_FLUSH_MS = 250;
/**
 * Everyone else (the delegates' tablets, which show the turnout beside their own ballot, already settled by the
 * acknowledgement and poll:voted; the public followers, watching from afar: 60 of a meeting's 63 sockets) gets
 * the running tally this long after the first ballot they have not seen, so at most once per this time. A
 * transition, and the ballot that completes the turnout, reach everyone at once: a burst that ends with every
 * unit voted costs each tablet and follower one message, not one per tick. Equal to the journal head's cadence
 * (ballot-head.ts), so the meeting:state delta that carries the head goes out with a tick everyone gets.
 */
export const TALLY_EVERYONE_MS = 1000;

/** Who a flush is for: everyone in the meeting, or the room's displays only (screen, chair, secretary). */
export type TallyAudience = "all" | "displays";

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
  /** When everyone is due the ballots they have not seen; null when they have seen every one. */
  everyoneDueAt: number | null;
}

/** Sends one poll's tally to an audience; returns how many of this process's sockets it went to. */
export type TallyFlush = (meetingId: string, pollId: string, audience: TallyAudience) => number;

export class TallyBroadcaster {
  mode: TallyMode = "coalesced";
  private readonly slots = new Map<string, Slot>();
  /** Tallies for everyone go out a few per pass of the event loop (fanout-pacer.ts). */
  private readonly pacer = new FanoutPacer();

  constructor(
    private readonly flush: TallyFlush,
    private readonly flushMs = TALLY_FLUSH_MS,
    private readonly everyoneMs = TALLY_EVERYONE_MS,
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
    const now = this.clock();
    slot.everyoneDueAt ??= now + this.everyoneMs;
    this.schedule(slot, meetingId, pollId, Math.max(now, slot.lastFlushAt + this.flushMs));
  }

  /**
   * The poll changed state (or its turnout is complete): everyone, at once (after the acknowledgement: in the
   * pacer's next pass); a pending tally flush is dropped, since this one includes it.
   */
  now(meetingId: string, pollId: string): void {
    const slot = this.slot(meetingId, pollId);
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    this.run(slot, meetingId, pollId, true);
  }

  stop(): void {
    for (const slot of this.slots.values()) if (slot.timer) clearTimeout(slot.timer);
    this.slots.clear();
    this.pacer.stop();
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
    slot.lastFlushAt = now;
    if (everyone || (slot.everyoneDueAt !== null && now >= slot.everyoneDueAt)) {
      // Through the pacer; everyone is owed nothing once it has run (it sends the tally as it is then).
      this.pacer.enqueue(`${meetingId}/${pollId}`, () => {
        slot.everyoneDueAt = null;
        return this.flush(meetingId, pollId, "all");
      });
      return;
    }
    this.flush(meetingId, pollId, "displays");
    // Everyone's tick, unless a ballot brings the displays' one sooner (which then goes to everyone once due).
    if (slot.everyoneDueAt !== null) this.schedule(slot, meetingId, pollId, slot.everyoneDueAt);
  }

  private slot(meetingId: string, pollId: string): Slot {
    const key = `${meetingId}/${pollId}`;
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { timer: null, timerAt: 0, lastFlushAt: 0, everyoneDueAt: null }));
    return slot;
  }
}
