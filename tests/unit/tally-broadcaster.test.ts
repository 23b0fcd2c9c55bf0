import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TALLY_EVERYONE_MS, TALLY_FLUSH_MS, TallyBroadcaster, type TallyAudience } from "../../server/polls/tally-broadcaster";

// When the live tally of a poll goes out, and to whom (server/polls/tally-broadcaster.ts): the big screen and
// the organisers' consoles every TALLY_FLUSH_MS while ballots arrive, the tablets and followers every
// TALLY_EVERYONE_MS, and everyone at once for a transition or the ballot that completes the turnout. A test here
// fails when a screen would show a stale count, a tablet would never get the last count, or a burst would flush
// per ballot.
/**
 * A tally for everyone goes out in the pacer's next pass (setImmediate). The fake clock runs an immediate queued
 * inside a timer's callback 1 ms later (@sinonjs/fake-timers, so a loop of them cannot hang a test).
 */
const IMMEDIATE_IN_TIMER_MS = 1;

describe("TallyBroadcaster", () => {
  let flushes: { at: number; audience: TallyAudience }[];
  let broadcaster: TallyBroadcaster;
  let start: number;
  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.now();
    flushes = [];
    broadcaster = new TallyBroadcaster((_m, _p, audience) => flushes.push({ at: Date.now() - start, audience }));
  });
  afterEach(() => {
    broadcaster.stop();
    vi.useRealTimers();
  });

  /** One ballot every `everyMs` for `forMs`, then time enough for every catch-up tick. */
  async function burst(everyMs: number, forMs: number, completeAtEnd = false): Promise<void> {
    for (let t = 0; t < forMs; t += everyMs) {
      broadcaster.ballot("m", "p", completeAtEnd && t + everyMs >= forMs);
      await vi.advanceTimersByTimeAsync(everyMs);
    }
    await vi.advanceTimersByTimeAsync(3 * TALLY_EVERYONE_MS);
  }

  it("a lone ballot after a quiet spell reaches the displays at once and everyone a second later", async () => {
    broadcaster.ballot("m", "p");
    await vi.advanceTimersByTimeAsync(3 * TALLY_EVERYONE_MS);
    expect(flushes.map((f) => f.audience)).toEqual(["displays", "all"]);
    expect(flushes[0]!.at).toBe(0);
    expect(flushes[1]!.at - TALLY_EVERYONE_MS).toBeLessThanOrEqual(IMMEDIATE_IN_TIMER_MS);
  });

  it("a burst of two seconds: the displays every tick, everyone once a second, and everyone gets the last count", async () => {
    await burst(10, 2000);
    const all = flushes.filter((f) => f.audience === "all");
    // 200 ballots: a handful of broadcasts, not one per ballot.
    expect(flushes.length).toBeLessThanOrEqual(2000 / TALLY_FLUSH_MS + 2);
    // The screen: consecutive flushes at most a tick apart while ballots arrive.
    for (let i = 1; i < flushes.length; i++) if (flushes[i]!.at < 2000) expect(flushes[i]!.at - flushes[i - 1]!.at).toBeLessThanOrEqual(TALLY_FLUSH_MS + IMMEDIATE_IN_TIMER_MS);
    // Everyone: a second after the first ballot, no two ticks closer than that, and the last flush is theirs.
    expect(all[0]!.at - TALLY_EVERYONE_MS).toBeLessThanOrEqual(IMMEDIATE_IN_TIMER_MS);
    for (let i = 1; i < all.length; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(TALLY_EVERYONE_MS - IMMEDIATE_IN_TIMER_MS);
    expect(all.length).toBeLessThanOrEqual(3);
    expect(flushes.at(-1)!.audience).toBe("all");
    expect(flushes.at(-1)!.at).toBeLessThanOrEqual(2000 + TALLY_EVERYONE_MS);
  });

  it("a burst that completes the turnout within a second: everyone gets one message, the complete count, at once", async () => {
    await burst(50, 400, true);
    const all = flushes.filter((f) => f.audience === "all");
    // The last ballot, at 350 ms, completes it.
    expect(all).toEqual([{ at: 350, audience: "all" }]);
    expect(flushes.at(-1)).toEqual({ at: 350, audience: "all" });
    // The displays followed the count meanwhile.
    expect(flushes.filter((f) => f.audience === "displays").length).toBeGreaterThanOrEqual(2);
  });

  it("a transition reaches everyone at once and replaces the pending tick", async () => {
    broadcaster.ballot("m", "p");
    await vi.advanceTimersByTimeAsync(0);
    broadcaster.ballot("m", "p");
    broadcaster.now("m", "p");
    await vi.advanceTimersByTimeAsync(2 * TALLY_EVERYONE_MS);
    expect(flushes).toEqual([
      { at: 0, audience: "displays" },
      { at: 0, audience: "all" },
    ]);
  });

  it("naive mode (the bench's baseline) flushes once per ballot, to everyone", async () => {
    broadcaster.mode = "naive";
    for (let i = 0; i < 5; i++) broadcaster.ballot("m", "p");
    await vi.advanceTimersByTimeAsync(0);
    expect(flushes.map((f) => f.audience)).toEqual(["all", "all", "all", "all", "all"]);
  });
});
