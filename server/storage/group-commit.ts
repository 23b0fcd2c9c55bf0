/**
 * Group commit for the SQLite store. A write asked for joins the group that commits next: the group runs in ONE
 * transaction (each write in its own savepoint), then one COMMIT, hence one WAL sync (`synchronous = FULL`) for
 * the group instead of one per write. Nothing answers before that commit: acknowledged still means durable.
 *
 * When the group commits is self-clocking. After a quiet spell a write commits on the next turn of the event
 * loop (setImmediate), as before. Right after a commit, the next one waits until COMMIT_GATHER_FACTOR times the
 * last COMMIT's duration has passed since it ended (never more than COMMIT_GATHER_MAX_MS), gathering what arrives
 * meanwhile. A COMMIT costs ~0.5 ms here whatever the group's size (the WAL frames' writes and the fsync): in a
 * burst of 1,000 ballots a second, groups of two ballots spent a quarter of the process committing; the gather
 * keeps committing to a bounded share of it. A write on a quiet table never waits.
 */
export const COMMIT_GATHER_FACTOR = 8;
export const COMMIT_GATHER_MAX_MS = 10;

/** How long a group waits before committing: ≤ 0 means at once (next turn). */
export function commitWaitMs(now: number, last: { endedAt: number; ms: number }): number {
  return Math.min(COMMIT_GATHER_MAX_MS, last.endedAt + COMMIT_GATHER_FACTOR * last.ms - now);
}

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
  /** The last COMMIT: when it ended and how long it took (performance.now() ms). */
  private readonly last = { endedAt: -Infinity, ms: 0 };
  /** Groups committed so far (the benches print it). */
  commits = 0;

  constructor(
    private readonly commitGroup: CommitGroup,
    /** ms, monotonic: performance.now() (tests give their own). */
    readonly clock: () => number = () => performance.now(),
  ) {}

  ask<T>(run: () => T, cast: boolean): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (v: unknown) => void, reject, cast });
      if (this.queued) return;
      this.queued = true;
      const wait = commitWaitMs(this.clock(), this.last);
      if (wait > 0) setTimeout(() => this.flush(), wait);
      else setImmediate(() => this.flush());
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

  /** The store tells how long the COMMIT itself took (not the writes before it: a bigger group must not wait longer). */
  committed(startedAt: number): void {
    const now = this.clock();
    this.last.endedAt = now;
    this.last.ms = now - startedAt;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }
}
