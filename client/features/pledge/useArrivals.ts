import { useEffect, useRef, useState } from "react";
import type { PledgeState } from "../../../shared/protocol/pledge";

/** How long a newly arrived signature stays highlighted on the wall. */
const HIGHLIGHT_MS = 4000;

/** Units whose signature arrived in the last few seconds (not those already signed when the wall opened). */
export function useArrivals(state: PledgeState | null): Set<string> {
  const seen = useRef<Set<string> | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!state) return;
    const signed = new Set(state.units.filter((u) => u.signed).map((u) => u.unit));
    const before = seen.current;
    seen.current = signed;
    if (!before) return;
    const arrived = [...signed].filter((u) => !before.has(u));
    if (arrived.length === 0) return;
    setFresh((cur) => new Set([...cur, ...arrived]));
    const timer = setTimeout(() => setFresh((cur) => new Set([...cur].filter((u) => !arrived.includes(u)))), HIGHLIGHT_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return fresh;
}
