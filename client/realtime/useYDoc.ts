import { useCallback, useEffect, useState } from "react";
import * as Y from "yjs";
import { CLOSE_CODES } from "../../shared/protocol/errors";
import type { DocName, YjsRefusalCode } from "../../shared/protocol/documents";
import type { MessageKey } from "../i18n";
import { YjsConnection, type YjsRefusalEvent } from "./yjs-connection";
import { docEpochParam } from "../../shared/documents/layout";

export type { YjsRefusalEvent } from "./yjs-connection";

export interface UseYDoc {
  /** The live document; replaced by a fresh one after a refusal. Null before the first render's effect. */
  doc: Y.Doc | null;
  provider: YjsConnection | null;
  /** The document holds the server's state (false again while reconnecting). */
  synced: boolean;
  /**
   * The last refusal of an update: its code and the refused cell's path (shared/protocol/documents.ts);
   * decide and word it from the code, never from `message`.
   */
  refusal: YjsRefusalEvent | null;
  clearRefusal: () => void;
  /** The server closed for good: the link was revoked (close code 4401). */
  revoked: boolean;
  /**
   * The last final close (4400–4499) and its code: 4401 revoked, 4409 document renewed, 4410
   * rehearsal ended and 4413 message too large (these three start over from a fresh copy of the
   * server's document).
   */
  closedCode: number | null;
  /** What to tell the people at this device about `closedCode` (null: nothing, or another part of the UI says it). */
  closedNotice: MessageKey | null;
  clearClosed: () => void;
}

/** The clause that says why a change was refused, from the refusal's code ("yjs.refused" takes it as {reason}). */
export const yjsRefusalKey = (code: YjsRefusalCode): MessageKey => `yjs.why.${code}`;

export function yjsBaseUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
}

/**
 * The address of a meeting document's socket; `acks=1` asks for YJS_MESSAGE.ACK after each stored update.
 * With the copy `doc` it will sync: `epoch=` the copy's epoch once it has content (docEpochParam), so
 * the server closes it with DOC_RENEWED rather than merge a copy of a document it has since renewed.
 */
export function yjsDocUrl(base: string, meetingId: string, docName: DocName, token: string, doc?: Y.Doc): string {
  const epoch = doc ? docEpochParam(doc, docName) : null;
  return `${base}/yjs/${meetingId}/${docName}?token=${encodeURIComponent(token)}&acks=1${epoch === null ? "" : `&epoch=${encodeURIComponent(epoch)}`}`;
}

/**
 * A meeting's Yjs document (scores or pledge) at /yjs/<meetingId>/<docName> (YjsConnection).
 * For the score table and pledge UIs: read from `doc`, write in `doc.transact(...)`, re-render on
 * `doc.on("update")`. Keep half-typed input in React state, not in the doc: when the server refuses
 * an update, this hook throws the local document away and syncs a fresh one from the server
 * (so the refused change disappears everywhere), showing the old copy until the fresh one has
 * synced, and exposes the refusal in `refusal`.
 */
export function useYDoc(meetingId: string, docName: DocName, token: string | null): UseYDoc {
  const [current, setCurrent] = useState<{ doc: Y.Doc; provider: YjsConnection } | null>(null);
  const [synced, setSynced] = useState(false);
  const [refusal, setRefusal] = useState<YjsRefusalEvent | null>(null);
  const [revoked, setRevoked] = useState(false);
  const [closedCode, setClosedCode] = useState<number | null>(null);

  useEffect(() => {
    if (!token) return;
    interface Session {
      doc: Y.Doc;
      provider: YjsConnection;
      dispose: () => void;
    }
    let active: Session | null = null;
    let replacement: Session | null = null;
    let stopped = false;

    const open = (): Session => {
      const doc = new Y.Doc();
      // Built at every (re)connect: the copy's epoch is what it holds then.
      const provider = new YjsConnection(() => yjsDocUrl(yjsBaseUrl(), meetingId, docName, token, doc), doc);
      const session: Session = { doc, provider, dispose: () => (provider.destroy(), doc.destroy()) };
      provider.on("refused", (parsed) => {
        // An awareness state the server would not relay says nothing about the document.
        if (parsed?.code === "BAD_AWARENESS") return;
        setRefusal(parsed);
        // Our copy now holds a change the server will never accept: start over from the server.
        if (session === active && !replacement) replace();
      });
      provider.on("sync", (s: boolean) => {
        if (session === active) setSynced(s);
      });
      provider.on("closed", (e) => {
        if (session !== active) return;
        setClosedCode(e.code);
        if (e.code === CLOSE_CODES.REVOKED) setRevoked(true);
        // The rehearsal ended: the server's copy went back to its state at the start; ours holds the
        // rehearsal's edits. The document was renewed: ours must not be merged into it. A message too
        // large: sending our copy again would be closed again. Pending score edits are applied again
        // to the fresh copy (usePendingEdits).
        if (
          (e.code === CLOSE_CODES.REHEARSAL_ENDED ||
            e.code === CLOSE_CODES.DOC_RENEWED ||
            e.code === CLOSE_CODES.MESSAGE_TOO_LARGE) &&
          !replacement
        )
          replace();
      });
      return session;
    };

    // The refused copy stays on screen until a fresh one has synced, so values never blank out.
    const replace = () => {
      const next = open();
      replacement = next;
      const onSynced = (s: boolean) => {
        if (!s || stopped) return;
        next.provider.off("sync", onSynced);
        const old = active;
        active = next;
        replacement = null;
        setCurrent({ doc: next.doc, provider: next.provider });
        setSynced(true);
        old?.dispose();
      };
      next.provider.on("sync", onSynced);
    };

    active = open();
    setCurrent({ doc: active.doc, provider: active.provider });
    setSynced(active.provider.synced);
    return () => {
      stopped = true;
      active?.dispose();
      replacement?.dispose();
      setSynced(false);
    };
  }, [meetingId, docName, token]);

  const clearRefusal = useCallback(() => setRefusal(null), []);
  const clearClosed = useCallback(() => setClosedCode(null), []);
  return {
    doc: current?.doc ?? null,
    provider: current?.provider ?? null,
    synced,
    refusal,
    clearRefusal,
    revoked,
    closedCode,
    closedNotice: closedCode === CLOSE_CODES.MESSAGE_TOO_LARGE ? "yjs.closed.tooLarge" : null,
    clearClosed,
  };
}
