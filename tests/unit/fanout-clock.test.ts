import { describe, expect, it } from "vitest";
import { FANOUT_BUSY_FACTOR, FANOUT_MERGE_MAX_MS, FANOUT_MERGE_MS, fanoutWaitMs } from "../../server/yjs/endpoint";

// How long a merged broadcast to a large audience waits (server/yjs/endpoint.ts): at least the merge
// window, and long enough after the last broadcast that broadcasting stays a bounded share of the process.
describe("fanoutWaitMs", () => {
  const cases: [string, number, { endedAt: number; ms: number }, number][] = [
    ["first broadcast of the document: the merge window", 1000, { endedAt: 0, ms: 0 }, FANOUT_MERGE_MS],
    ["a cheap broadcast long ago: the merge window", 1000, { endedAt: 500, ms: 1 }, FANOUT_MERGE_MS],
    ["a 15 ms broadcast that ended 5 ms ago: waits until 2 × 15 ms after its end", 1005, { endedAt: 1000, ms: 15 }, 1000 + FANOUT_BUSY_FACTOR * 15 - 1005],
    ["a 15 ms broadcast that ended 40 ms ago: the merge window", 1040, { endedAt: 1000, ms: 15 }, FANOUT_MERGE_MS],
    ["a broadcast stalled for a second: never more than the cap", 1000, { endedAt: 1000, ms: 1000 }, FANOUT_MERGE_MAX_MS],
  ];
  it.each(cases)("%s", (_name, now, last, expected) => {
    expect(fanoutWaitMs(now, last)).toBeCloseTo(expected, 6);
  });

  it("a busier broadcast never makes the next one come sooner", () => {
    let previous = 0;
    for (const ms of [0, 1, 5, 10, 20, 40, 80, 200]) {
      const wait = fanoutWaitMs(1000, { endedAt: 1000, ms });
      expect(wait).toBeGreaterThanOrEqual(previous);
      previous = wait;
    }
  });
});
