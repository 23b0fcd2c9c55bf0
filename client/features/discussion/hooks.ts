import { useEffect, useState } from "react";
import type { MeetingDocumentView } from "../../../shared/protocol/discussion";
import { fetchDocumentList } from "./documents-api";

/** The time now, refreshed every `everyMs` (the countdown ticks once a second). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/** The meeting's documents, read again whenever meeting:state says how many there are changed. */
export function useDocuments(meetingId: string, token: string, count: number): { documents: MeetingDocumentView[]; offline: boolean; error: string | null; reload: () => void } {
  const [documents, setDocuments] = useState<MeetingDocumentView[]>([]);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    fetchDocumentList(meetingId, token).then(
      (r) => {
        if (!live) return;
        setDocuments(r.documents);
        setOffline(r.offline);
        setError(null);
      },
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [meetingId, token, count, nonce]);
  return { documents, offline, error, reload: () => setNonce((n) => n + 1) };
}
