import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GroupCommit, type PendingWrite } from "../../server/storage/group-commit";

// The SQLite store's group commit (server/storage/group-commit.ts): the writes asked for in one turn commit
// together, in order, and answer after that commit; a write asked for later goes in the next group.
describe("GroupCommit", () => {
  let groups: string[][];
  let commit: GroupCommit;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setImmediate"] });
    groups = [];
    commit = new GroupCommit((group: PendingWrite[]) => {
      groups.push(group.map((w) => w.run() as string));
      group.forEach((w) => w.resolve(undefined));
    });
  });
  afterEach(() => vi.useRealTimers());

  it("writes asked for in one turn commit together, in order, and answer after the commit", async () => {
    let answered = 0;
    const asked = ["a", "b", "c"].map((x) => commit.ask(() => x, true).then(() => answered++));
    expect(groups).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(asked);
    expect(groups).toEqual([["a", "b", "c"]]);
    expect(answered).toBe(3);
  });

  it("a write asked for after the group left goes in the next one", async () => {
    const first = commit.ask(() => "first", false);
    await vi.advanceTimersByTimeAsync(0);
    await first;
    await Promise.all([commit.ask(() => "second", false), vi.advanceTimersByTimeAsync(0)]);
    expect(groups).toEqual([["first"], ["second"]]);
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
