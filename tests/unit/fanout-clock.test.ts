import { describe, expect, it } from "vitest";
import { FANOUT_BUSY_FACTOR, FANOUT_MERGE_MAX_MS, fanoutWaitMs } from "../../server/yjs/fanout";

// How long an update for a large audience waits before its broadcast (server/yjs/fanout.ts): not at
// all when the last broadcast's gap is over, else until it is, so broadcasting stays a bounded share of
// the process and what arrives meanwhile rides in the same frame.
describe("fanoutWaitMs", () => {
  const cases: [string, number, { endedAt: number; ms: number }, "now" | number][] = [
    ["the document's first broadcast: at once", 1000, { endedAt: 0, ms: 0 }, "now"],
    ["a 15 ms broadcast that ended long ago (20 edits/s): at once", 1100, { endedAt: 1000, ms: 15 }, "now"],
    ["a 15 ms broadcast that ended 5 ms ago: until its gap is over", 1005, { endedAt: 1000, ms: 15 }, 1000 + FANOUT_BUSY_FACTOR * 15 - 1005],
    ["a broadcast stalled for a second: never more than the cap", 1000, { endedAt: 1000, ms: 1000 }, FANOUT_MERGE_MAX_MS],
  ];
  it.each(cases)("%s", (_name, now, last, expected) => {
    const wait = fanoutWaitMs(now, last);
    if (expected === "now") expect(wait).toBeLessThanOrEqual(0);
    else expect(wait).toBeCloseTo(expected, 6);
  });

  it("a longer broadcast never makes the next one come sooner", () => {
    let previous = -Infinity;
    for (const ms of [0, 1, 5, 10, 20, 40, 80, 200]) {
      const wait = fanoutWaitMs(1000, { endedAt: 1000, ms });
      expect(wait).toBeGreaterThanOrEqual(previous);
      previous = wait;
    }
  });
});
