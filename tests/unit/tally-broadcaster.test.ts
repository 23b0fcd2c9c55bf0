import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DELEGATE_TALLY_MS, TALLY_FLUSH_MS, TallyBroadcaster, type TallyAudience } from "../../server/polls/tally-broadcaster";

// When the live tally of a poll goes out, and to whom (server/polls/tally-broadcaster.ts): the big screen and
// the followers every TALLY_FLUSH_MS while ballots arrive, the delegates' tablets every DELEGATE_TALLY_MS, and
// everyone at once for a transition or the ballot that completes the turnout. A test here fails when a screen
// would show a stale count, a tablet would never get the last count, or a burst would flush per ballot.
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
    await vi.advanceTimersByTimeAsync(3 * DELEGATE_TALLY_MS);
  }

  it("a lone ballot after a quiet spell reaches everyone at once", async () => {
    broadcaster.ballot("m", "p");
    await vi.advanceTimersByTimeAsync(0);
    expect(flushes).toEqual([{ at: 0, audience: "all" }]);
  });

  it("a burst of a second: the screen every tick, the tablets once a second, and everyone gets the last count", async () => {
    await burst(10, 1000);
    const watchers = flushes.filter((f) => f.audience === "watchers");
    const all = flushes.filter((f) => f.audience === "all");
    // 100 ballots: a handful of broadcasts, not one per ballot.
    expect(flushes.length).toBeLessThanOrEqual(1000 / TALLY_FLUSH_MS + 2);
    expect(watchers.length).toBeGreaterThanOrEqual(2);
    // Every flush reaches the screen: consecutive ones at most a tick apart while ballots arrive.
    for (let i = 1; i < flushes.length; i++) if (flushes[i]!.at < 1000) expect(flushes[i]!.at - flushes[i - 1]!.at).toBeLessThanOrEqual(TALLY_FLUSH_MS);
    // Tablets: no two ticks closer than their cadence, and the last flush of all is theirs too.
    for (let i = 1; i < all.length; i++) expect(all[i]!.at - all[i - 1]!.at).toBeGreaterThanOrEqual(DELEGATE_TALLY_MS);
    expect(flushes.at(-1)!.audience).toBe("all");
    expect(flushes.at(-1)!.at).toBeLessThanOrEqual(1000 + DELEGATE_TALLY_MS);
  });

  it("the ballot that completes the turnout goes to everyone at once, mid-cadence", async () => {
    await burst(50, 400, true);
    const last = flushes.at(-1)!;
    expect(last.audience).toBe("all");
    expect(last.at).toBeLessThanOrEqual(400);
    // Nothing trails it: no tablet is owed a tick any more.
    expect(flushes.filter((f) => f.at > 400)).toEqual([]);
  });

  it("a transition reaches everyone at once and replaces the pending tick", async () => {
    broadcaster.ballot("m", "p");
    await vi.advanceTimersByTimeAsync(0);
    broadcaster.ballot("m", "p");
    broadcaster.now("m", "p");
    await vi.advanceTimersByTimeAsync(2 * DELEGATE_TALLY_MS);
    expect(flushes).toEqual([
      { at: 0, audience: "all" },
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
