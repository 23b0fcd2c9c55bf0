import { useDocVersion } from "../../realtime/useDocVersion";
import { useYDoc, type UseYDoc } from "../../realtime/useYDoc";

/** The meeting's `pledge` Yjs document, re-rendering on every change (local or remote). */
export function usePledgeDoc(meetingId: string, token: string): UseYDoc & { version: number } {
  const ydoc = useYDoc(meetingId, "pledge", token);
  return { ...ydoc, version: useDocVersion(ydoc.doc) };
}
