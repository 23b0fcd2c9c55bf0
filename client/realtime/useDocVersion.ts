import { useEffect, useState } from "react";
import type * as Y from "yjs";

/**
 * A number that grows with every change of a Yjs document (local or remote), for React: a Y.Doc
 * reference does not change when its content does, so views depend on this instead.
 */
export function useDocVersion(doc: Y.Doc | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const bump = () => setVersion((v) => v + 1);
    doc.on("update", bump);
    bump();
    return () => doc.off("update", bump);
  }, [doc]);
  return version;
}
