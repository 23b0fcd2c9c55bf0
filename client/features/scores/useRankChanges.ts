import { useEffect, useRef, useState } from "react";
import type { LiveRankedUnit } from "./liveRanking";

/** How long a changed row stays highlighted on the big screen. */
export const CHANGE_HIGHLIGHT_MS = 2200;

export type Change = "up" | "down";

/**
 * Which units moved (rank) or changed total since the previous ranking, for a brief highlight and an
 * arrow. The first ranking a screen sees is not a change: a screen switched on mid-meeting stays calm.
 */
export function useRankChanges(ranking: LiveRankedUnit[] | null): Record<string, Change> {
  const previous = useRef<Map<string, { rank: number; total: number }> | null>(null);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const [changes, setChanges] = useState<Record<string, Change>>({});
  const signature = ranking?.map((r) => `${r.unit}:${r.rank}:${r.total}`).join("|") ?? "";

  useEffect(() => {
    if (!ranking) return;
    const now = new Map(ranking.map((r) => [r.unit, { rank: r.rank, total: r.total }]));
    const before = previous.current;
    previous.current = now;
    if (!before) return;
    const changed: Record<string, Change> = {};
    for (const [unit, n] of now) {
      const b = before.get(unit);
      if (!b) continue;
      if (n.rank !== b.rank) changed[unit] = n.rank < b.rank ? "up" : "down";
      else if (n.total !== b.total) changed[unit] = n.total > b.total ? "up" : "down";
    }
    const units = Object.keys(changed);
    if (units.length === 0) return;
    setChanges((c) => ({ ...c, ...changed }));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setChanges((c) => {
        const next = { ...c };
        for (const u of units) if (next[u] === changed[u]) delete next[u];
        return next;
      });
    }, CHANGE_HIGHLIGHT_MS);
    timers.current.add(timer);
    // ranking is read through its signature: a new array with the same content is no change.
  }, [signature]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);
  return changes;
}
