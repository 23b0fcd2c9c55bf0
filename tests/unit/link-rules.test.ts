import { describe, expect, it } from "vitest";
import { mayManageLink } from "../../shared/protocol/links";
import type { Role } from "../../shared/protocol/roles";
import { TokenBucket } from "../../server/realtime/budget";
import { mergeStoredLink, takeStoredLinks } from "../../server/meetings/links";

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

// Redis mode: a room re-reads its links when another instance committed. A read that overtakes this process's own
// check-in (set here, on its way to the store) must not undo it: first-seen is set once and never cleared.
describe("mergeStoredLink", () => {
  const link = (firstSeenAt: number | null, revokedAt: number | null = null) => ({ linkId: "delegate-STP-1", firstSeenAt, revokedAt, generation: 1 });
  const cases: [string, ReturnType<typeof link> | undefined, ReturnType<typeof link>, ReturnType<typeof link>][] = [
    ["a link this process does not hold: as stored", undefined, link(null), link(null)],
    ["checked in here, the write still in flight: the check-in stays", link(1000), link(null), link(1000)],
    ["checked in here, and stored since: as stored", link(1000), link(1000), link(1000)],
    ["checked in first on another instance: the stored time wins", link(1000), link(900), link(900)],
    ["seen nowhere yet: as stored", link(null), link(null), link(null)],
    ["revoked meanwhile on another instance: the revocation is taken, the check-in kept", link(1000), link(null, 1200), link(1000, 1200)],
  ];
  it.each(cases)("%s", (_name, held, stored, expected) => {
    expect(mergeStoredLink(held, stored)).toEqual(expected);
  });
});

describe("takeStoredLinks", () => {
  it("keeps a check-in in flight, takes every other change, and names only the links whose record changed", () => {
    const held = new Map([
      ["a", { linkId: "a", firstSeenAt: 1000 as number | null, revokedAt: null as number | null }],
      ["b", { linkId: "b", firstSeenAt: null as number | null, revokedAt: null as number | null }],
    ]);
    const changed = takeStoredLinks(held, [
      { linkId: "a", firstSeenAt: null, revokedAt: null },
      { linkId: "b", firstSeenAt: null, revokedAt: 1500 },
      { linkId: "c", firstSeenAt: 900, revokedAt: null },
    ]);
    expect(changed.map((l) => l.linkId)).toEqual(["b", "c"]);
    expect(held.get("a")!.firstSeenAt).toBe(1000);
    expect(held.get("b")!.revokedAt).toBe(1500);
    expect(held.get("c")!.firstSeenAt).toBe(900);
  });
});
