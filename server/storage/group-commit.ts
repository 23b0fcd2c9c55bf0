/**
 * Group commit for the SQLite store. A write asked for now runs, in order, with the others asked for in the same
 * turn of the event loop, in ONE transaction: each in its own savepoint (a write that throws is rolled back alone
 * and rejects alone), then one COMMIT, hence one WAL sync (`synchronous = FULL`) for the group instead of one per
 * write. Nothing answers before that commit: acknowledged still means durable. A burst of 1,000 ballots was 1,000
 * syncs on the event loop; it is now a sync per turn.
 *
 * Measured and not kept: waiting after a commit for a multiple of its duration, to gather bigger groups (a
 * COMMIT costs ~0.5 ms here whatever its size). In the 50-meeting burst it cut the commits and ~2,500 write calls,
 * but alternated runs showed no gain in the ack p99 (52 / 49 / 50 / 66 ms against 35 / 56 / 63 / 45 without) and
 * the median ack went from 2–5 to 9–14 ms (docs/benchmarks.md, issue 12, fifth pass).
 */
export interface PendingWrite {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** A ballot: consecutive casts share their poll's ballot set until the next other write (SqlitePollTables.flushSets). */
  cast: boolean;
}

/** What the store does with a group: runs it in one transaction and answers each write (SqliteStore.commitGroup). */
export type CommitGroup = (group: PendingWrite[]) => void;

export class GroupCommit {
  private pending: PendingWrite[] = [];
  private queued = false;
  /** Groups committed so far. */
  commits = 0;

  constructor(private readonly commitGroup: CommitGroup) {}

  ask<T>(run: () => T, cast: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (v: unknown) => void, reject, cast });
      if (this.queued) return;
      this.queued = true;
      setImmediate(() => this.flush());
    });
  }

  /** Commits what is pending now (also at close: writes already asked for are answered before the file closes). */
  flush(): void {
    this.queued = false;
    const group = this.pending;
    this.pending = [];
    if (!group.length) return;
    this.commits++;
    this.commitGroup(group);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
