import { useEffect, useState } from "react";
import { useYDoc, type UseYDoc } from "../../realtime/useYDoc";

/** The meeting's `pledge` Yjs document, re-rendering on every change (local or remote). */
export function usePledgeDoc(meetingId: string, token: string): UseYDoc & { version: number } {
  const ydoc = useYDoc(meetingId, "pledge", token);
  const [version, setVersion] = useState(0);
  const { doc } = ydoc;
  useEffect(() => {
    if (!doc) return;
    const bump = () => setVersion((v) => v + 1);
    doc.on("update", bump);
    bump();
    return () => doc.off("update", bump);
  }, [doc]);
  return { ...ydoc, version };
}
