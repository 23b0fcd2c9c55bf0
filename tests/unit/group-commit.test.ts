import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { COMMIT_GATHER_FACTOR, COMMIT_GATHER_MAX_MS, commitWaitMs, GroupCommit, type PendingWrite } from "../../server/storage/group-commit";

// When the SQLite store commits a group of writes (server/storage/group-commit.ts): at once after a quiet
// spell, else once the last COMMIT's gap is over, gathering what arrives meanwhile into one COMMIT.
describe("commitWaitMs", () => {
  const cases: [string, number, { endedAt: number; ms: number }, "now" | number][] = [
    ["the store's first write: at once", 0, { endedAt: -Infinity, ms: 0 }, "now"],
    ["a 0.5 ms commit that ended a second ago (a quiet table): at once", 2000, { endedAt: 1000, ms: 0.5 }, "now"],
    ["a 0.5 ms commit that ended 1 ms ago: until its gap is over", 1001, { endedAt: 1000, ms: 0.5 }, 1000 + COMMIT_GATHER_FACTOR * 0.5 - 1001],
    ["a 20 ms commit (a slow disk): never more than the cap", 1000, { endedAt: 1000, ms: 20 }, COMMIT_GATHER_MAX_MS],
  ];
  it.each(cases)("%s", (_name, now, last, expected) => {
    const wait = commitWaitMs(now, last);
    if (expected === "now") expect(wait).toBeLessThanOrEqual(0);
    else expect(wait).toBeCloseTo(expected, 6);
  });
});

describe("GroupCommit", () => {
  let groups: string[][];
  let commit: GroupCommit;
  /** The store's clock (ms): each COMMIT "takes" commitMs of it. */
  let clock = 0;
  const commitMs = 1;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "setImmediate"] });
    groups = [];
    clock = 1000;
    commit = new GroupCommit(
      (group: PendingWrite[]) => {
        groups.push(group.map((w) => w.run() as string));
        const started = clock;
        clock += commitMs;
        commit.committed(started);
        group.forEach((w) => w.resolve(undefined));
      },
      () => clock,
    );
  });
  afterEach(() => vi.useRealTimers());

  it("a lone write after a quiet spell commits on the next turn", async () => {
    const done = commit.ask(() => "a", false);
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(groups).toEqual([["a"]]);
  });

  it("writes that arrive in the turns after a commit wait for its gap and commit together", async () => {
    await Promise.all([commit.ask(() => "first", false), vi.advanceTimersByTimeAsync(0)]);
    const later = ["b", "c", "d", "e"].map((x) => commit.ask(() => x, true));
    // Still inside the gap (COMMIT_GATHER_FACTOR × 1 ms): nothing more committed yet.
    await vi.advanceTimersByTimeAsync(1);
    clock += 1;
    expect(groups).toEqual([["first"]]);
    await vi.advanceTimersByTimeAsync(COMMIT_GATHER_MAX_MS);
    await Promise.all(later);
    expect(groups).toEqual([["first"], ["b", "c", "d", "e"]]);
    expect(commit.commits).toBe(2);
  });

  it("flush() commits what is pending at once (the store's close)", () => {
    void commit.ask(() => "x", false);
    expect(commit.hasPending).toBe(true);
    commit.flush();
    expect(groups).toEqual([["x"]]);
    expect(commit.hasPending).toBe(false);
  });
});
