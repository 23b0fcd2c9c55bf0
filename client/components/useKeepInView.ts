import { useEffect, useRef } from "react";

/**
 * Brings an element into view when it appears (or when `when` turns true): a confirmation or a
 * receipt must not end up below the fold of a tablet. "nearest" moves the page only if needed.
 */
export function useKeepInView<T extends HTMLElement>(when = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.scrollIntoView({ block: "nearest" });
  }, [when]);
  return ref;
}
