import { useCallback, useEffect, useState } from "react";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { readAuthMessage } from "y-protocols/auth";
import { CLOSE_CODES, YJS_REFUSAL_PREFIX } from "../../shared/protocol/errors";
import { parseYjsRefusal, type DocName, type YjsRefusalCode } from "../../shared/protocol/documents";

// y-websocket's message type for auth messages (permission denied).
const MESSAGE_AUTH = 2;

export interface UseYDoc {
  /** The live document; replaced by a fresh one after a refusal. Null before the first render's effect. */
  doc: Y.Doc | null;
  provider: WebsocketProvider | null;
  /** The document holds the server's state (false again while reconnecting). */
  synced: boolean;
  /** The last refusal's detail sent by the server (path or rule, English; see shared/protocol/documents.ts), for a toast. */
  refusal: string | null;
  /** The last refusal's code and its Vietnamese message (null for a reason in no known format). */
  refusalCode: YjsRefusalCode | null;
  refusalMessage: string | null;
  clearRefusal: () => void;
  /** The server closed for good: the link was revoked (close code 4401). */
  revoked: boolean;
}

export function yjsBaseUrl(): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
}

/**
 * A meeting's Yjs document (scores or pledge) over y-websocket at /yjs/<meetingId>/<docName>.
 * For the score table and pledge UIs: read from `doc`, write in `doc.transact(...)`, re-render on
 * `doc.on("update")`. Keep half-typed input in React state, not in the doc: when the server refuses
 * an update, this hook throws the local document away and syncs a fresh one from the server
 * (so the refused change disappears everywhere), showing the old copy until the fresh one has
 * synced, and exposes the reason in `refusal`.
 */
export function useYDoc(meetingId: string, docName: DocName, token: string | null): UseYDoc {
  const [current, setCurrent] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [synced, setSynced] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [refusalInfo, setRefusalInfo] = useState<{ code: YjsRefusalCode; message: string } | null>(null);
  const [revoked, setRevoked] = useState(false);

  useEffect(() => {
    if (!token) return;
    interface Session {
      doc: Y.Doc;
      provider: WebsocketProvider;
      dispose: () => void;
    }
    let active: Session | null = null;
    let replacement: Session | null = null;
    let stopped = false;

    const open = (): Session => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${yjsBaseUrl()}/yjs/${meetingId}`, docName, doc, {
        params: { token },
        disableBc: true,
      });
      const session: Session = { doc, provider, dispose: () => (provider.destroy(), doc.destroy()) };
      provider.messageHandlers[MESSAGE_AUTH] = (_encoder, decoder) => {
        readAuthMessage(decoder, doc, (_y: unknown, reason: string) => {
          // "refused:<CODE>:<detail>\n<message>"; an older "refused: <why>" still reads as a refusal.
          const refused = reason.startsWith(YJS_REFUSAL_PREFIX);
          const parsed = parseYjsRefusal(reason);
          setRefusalInfo(parsed ? { code: parsed.code, message: parsed.message } : null);
          setRefusal(parsed ? parsed.detail : refused ? reason.slice(YJS_REFUSAL_PREFIX.length).trim() : reason);
          // Our copy now holds a change the server will never accept: start over from the server.
          if (refused && session === active && !replacement) replace();
        });
      };
      provider.on("sync", (s: boolean) => {
        if (session === active) setSynced(s);
      });
      provider.on("closed", (e: { code: number }) => {
        if (e.code === CLOSE_CODES.REVOKED) setRevoked(true);
        // The rehearsal ended: the server's copy went back to its state at the start; ours holds the rehearsal's edits.
        if (e.code === CLOSE_CODES.REHEARSAL_ENDED && session === active && !replacement) replace();
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

    // y-websocket only notices a dead socket after 30 s of silence; the browser knows at once when
    // Wi-Fi drops. Drop the socket then, and reconnect (full resync) when the network returns.
    const onOffline = () => [active, replacement].forEach((x) => x?.provider.disconnect());
    const onOnline = () => [active, replacement].forEach((x) => x?.provider.connect());
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);

    active = open();
    setCurrent({ doc: active.doc, provider: active.provider });
    setSynced(active.provider.synced);
    return () => {
      stopped = true;
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      active?.dispose();
      replacement?.dispose();
      setSynced(false);
    };
  }, [meetingId, docName, token]);

  const clearRefusal = useCallback(() => {
    setRefusal(null);
    setRefusalInfo(null);
  }, []);
  return {
    doc: current?.doc ?? null,
    provider: current?.provider ?? null,
    synced,
    refusal,
    refusalCode: refusalInfo?.code ?? null,
    refusalMessage: refusalInfo?.message ?? null,
    clearRefusal,
    revoked,
  };
}
