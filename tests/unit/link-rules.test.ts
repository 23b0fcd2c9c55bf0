import { describe, expect, it } from "vitest";
import { mayManageLink } from "../../shared/protocol/links";
import type { Role } from "../../shared/protocol/roles";
import { TokenBucket } from "../../server/realtime/budget";

/** [actor, target link's role, may see and manage it] — the admin token acts as the chair. */
const CASES: [Role, Role, boolean][] = [
  ["chair", "chair", true],
  ["chair", "secretary", true],
  ["chair", "delegate", true],
  ["chair", "screen", true],
  ["chair", "observer", true],
  ["secretary", "chair", false],
  ["secretary", "secretary", true],
  ["secretary", "delegate", true],
  ["secretary", "screen", true],
  ["secretary", "observer", true],
  ["delegate", "delegate", false],
  ["delegate", "chair", false],
  ["screen", "observer", false],
  ["observer", "observer", false],
];

describe("who manages which link", () => {
  it.each(CASES)("%s manages a %s link: %s", (actor, target, may) => {
    expect(mayManageLink(actor, target)).toBe(may);
  });
});

describe("token bucket", () => {
  /** [burst, per second, take times in ms, which takes pass] */
  const BUCKETS: [number, number, number[], boolean[]][] = [
    [3, 1, [0, 0, 0, 0], [true, true, true, false]],
    [3, 1, [0, 0, 0, 0, 999, 1000], [true, true, true, false, false, true]],
    [1, 0.5, [0, 1000, 2000, 2000], [true, false, true, false]],
    [2, 10, [0, 0, 0, 100, 5000, 5000, 5000], [true, true, false, true, true, true, false]],
  ];
  it.each(BUCKETS)("burst %i, %f/s: takes at %j pass %j", (burst, perSecond, times, expected) => {
    let now = 0;
    const bucket = new TokenBucket(burst, perSecond, () => now);
    const got = times.map((t) => {
      now = t;
      return bucket.take();
    });
    expect(got).toEqual(expected);
  });
});
