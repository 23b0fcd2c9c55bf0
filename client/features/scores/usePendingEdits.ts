import { useCallback, useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type { UseYDoc } from "../../realtime/useYDoc";
import { readCell, writeCell, type CellLayer } from "./doc";
import { editKey, loadPending, refusedEdits, savePending, upsertEdit, type PendingEdit } from "./pending";

const MESSAGE_SYNC = 0;
/** How often to ask the server whether it holds our unconfirmed edits (only while some are pending). */
const PROBE_MS = 1000;

type ServerClocks = (clocks: Map<number, number>) => void;
const listeners = new WeakMap<WebsocketProvider, ServerClocks>();

/**
 * The server does not echo a client's own updates back. To learn which of ours it accepted we send
 * a sync step 1 whose state vector leaves out our own client id: its step 2 answer then carries
 * every item of ours the server holds, and that answer's state vector is the confirmation.
 */
function watchServerClocks(provider: WebsocketProvider, fn: ServerClocks): void {
  if (!listeners.has(provider)) {
    const original = provider.messageHandlers[MESSAGE_SYNC]!;
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, type) => {
      try {
        const peek = decoding.clone(decoder);
        const syncType = decoding.readVarUint(peek);
        if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate)
          listeners.get(provider)?.(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(decoding.readVarUint8Array(peek))));
      } catch {
        // A message we cannot peek into is still handled by y-websocket below.
      }
      original(encoder, decoder, p, emitSynced, type);
    };
  }
  listeners.set(provider, fn);
}

function probe(provider: WebsocketProvider, doc: Y.Doc): void {
  const ws = provider.ws;
  if (!provider.wsconnected || !ws || ws.readyState !== WebSocket.OPEN) return;
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  sv.delete(doc.clientID);
  ws.send(
    encoding.encode((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(sv));
    }),
  );
}

export interface DroppedEdits {
  edits: PendingEdit[];
  /** The server's reason, or null when the cell is simply no longer open (stage moved on). */
  reason: string | null;
}

export interface PendingEdits {
  /** Writes a cell into the document now and keeps it pending until the server confirms it. */
  commit: (unit: string, layer: CellLayer, id: string, value: number | string) => void;
  pending: PendingEdit[];
  dropped: DroppedEdits | null;
  clearDropped: () => void;
}

/**
 * Pending edits of one device (owner = its unit, or its role for organisers): written into the
 * Y.Doc at once (y-websocket sends them whenever it is connected), kept until confirmed, dropped
 * when refused, re-applied to the fresh document after a refusal-resync or a reload.
 */
export function usePendingEdits(
  meetingId: string,
  owner: string,
  ydoc: UseYDoc,
  /** Whether a cell is open to this device now; null while that is unknown (definition loading). */
  writable: ((unit: string, layer: CellLayer) => boolean) | null,
): PendingEdits {
  const { doc, provider, synced, refusal, clearRefusal } = ydoc;
  const [pending, setPending] = useState<PendingEdit[]>(() => loadPending(meetingId, owner));
  const [dropped, setDropped] = useState<DroppedEdits | null>(null);
  const writableRef = useRef(writable);
  writableRef.current = writable;

  useEffect(() => savePending(meetingId, owner, pending), [meetingId, owner, pending]);

  const commit = useCallback(
    (unit: string, layer: CellLayer, id: string, value: number | string) => {
      if (!doc) return;
      const item = writeCell(doc, unit, layer, id, value);
      if (!item) return; // no such row or layer: nothing was written
      const edit: PendingEdit = { unit, layer, id, value, client: item.client, clock: item.clock, at: Date.now() };
      setPending((list) => upsertEdit(list, edit));
    },
    [doc],
  );

  // Confirmation: drop every edit whose item the server reports holding.
  const unconfirmed = pending.some((e) => doc && e.client === doc.clientID);
  useEffect(() => {
    if (!provider || !doc || !unconfirmed) return;
    watchServerClocks(provider, (clocks) =>
      setPending((list) => {
        const next = list.filter((e) => e.client === null || e.clock === null || (clocks.get(e.client) ?? 0) <= e.clock);
        return next.length === list.length ? list : next;
      }),
    );
    probe(provider, doc);
    const timer = setInterval(() => probe(provider, doc), PROBE_MS);
    return () => clearInterval(timer);
  }, [provider, doc, unconfirmed]);

  // A refusal: forget the edits it is about (the toast says so); useYDoc is already resyncing.
  useEffect(() => {
    if (!refusal) return;
    setPending((list) => {
      const refused = refusedEdits(refusal, list);
      setDropped({ edits: refused, reason: refusal });
      return list.filter((e) => !refused.includes(e));
    });
    clearRefusal();
  }, [refusal, clearRefusal]);

  // A fresh document (after a refusal or a reload): apply what is still pending and still open.
  // Not before we know what is open: after a reload the document often syncs before GET /api/me
  // answers, and judging then would drop every edit kept offline as "closed".
  const known = writable !== null;
  useEffect(() => {
    const isWritable = writableRef.current;
    if (!doc || !synced || refusal || !isWritable) return;
    const stale = pending.filter((e) => e.client !== doc.clientID);
    if (stale.length === 0) return;
    const closed: PendingEdit[] = [];
    const next: PendingEdit[] = [];
    for (const e of pending) {
      if (e.client === doc.clientID) next.push(e);
      else if (!isWritable(e.unit, e.layer)) closed.push(e);
      else if (readCell(doc, e.unit, e.layer, e.id) === e.value) continue; // the server has it already
      else {
        const item = writeCell(doc, e.unit, e.layer, e.id, e.value);
        if (item) next.push({ ...e, client: item.client, clock: item.clock });
        else closed.push(e);
      }
    }
    if (closed.length > 0) setDropped({ edits: closed, reason: null });
    setPending(next);
  }, [doc, synced, refusal, pending, known]);

  const clearDropped = useCallback(() => setDropped(null), []);
  return { commit, pending, dropped, clearDropped };
}

export { editKey };
