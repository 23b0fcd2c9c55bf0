import { useEffect, useState } from "react";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import { fetchMe } from "../../lib/api";

// One request per token for every panel that needs the criteria (delegate, chair, screen).
const cache = new Map<string, Promise<MeetingDefinition | null>>();
const RETRY_MS = 3000;

function load(token: string): Promise<MeetingDefinition | null> {
  let p = cache.get(token);
  if (!p) {
    p = fetchMe(token).then((r) => (r.ok ? r.data.definition : null));
    cache.set(token, p);
  }
  return p;
}

/** The meeting definition (criteria, units, rules) from GET /api/me; retried while unreachable. */
export function useDefinition(token: string): MeetingDefinition | null {
  const [def, setDef] = useState<MeetingDefinition | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () =>
      void load(token).then((d) => {
        if (!live) return;
        if (d) return setDef(d);
        cache.delete(token);
        timer = setTimeout(attempt, RETRY_MS);
      });
    attempt();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [token]);
  return def;
}
