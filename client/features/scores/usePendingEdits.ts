import { useCallback, useEffect, useRef, useState } from "react";
import type { YjsRefusal } from "../../../shared/protocol/documents";
import type { UseYDoc } from "../../realtime/useYDoc";
import { readCell, writeCell, type CellLayer } from "./doc";
import { editKey, loadPending, REFUSAL_SCOPE, refusedEdits, savePending, upsertEdit, type PendingEdit } from "./pending";

export interface DroppedEdits {
  edits: PendingEdit[];
  /** The server's refusal (code and path), or null when the cell is simply no longer open (stage moved on). */
  refusal: YjsRefusal | null;
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
 * Y.Doc at once (the connection sends them whenever it is connected), kept until the server
 * acknowledges storing them (YJS_MESSAGE.ACK), dropped when refused, re-applied to the fresh document
 * after a refusal-resync or a reload.
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

  // Confirmation: the server acknowledges every update it stored with the clocks the update ends at;
  // an edit is confirmed once its item is below its client's acknowledged clock.
  useEffect(() => {
    if (!provider) return;
    const onAcked = (clocks: Map<number, number>) =>
      setPending((list) => {
        const next = list.filter((e) => e.client === null || e.clock === null || (clocks.get(e.client) ?? 0) <= e.clock);
        return next.length === list.length ? list : next;
      });
    provider.on("acked", onAcked);
    return () => provider.off("acked", onAcked);
  }, [provider]);

  // A refusal: forget the edits it is about (the toast says so); useYDoc is already resyncing.
  useEffect(() => {
    if (!refusal) return;
    const { code, path } = refusal;
    setPending((list) => {
      const refused = refusedEdits({ code, path }, list);
      // A refusal that leaves every edit to be sent again (a stale copy, a server hiccup) needs no toast.
      if (refused.length > 0 || REFUSAL_SCOPE[code] !== "none") setDropped({ edits: refused, refusal: { code, path } });
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
    if (closed.length > 0) setDropped({ edits: closed, refusal: null });
    setPending(next);
  }, [doc, synced, refusal, pending, known]);

  const clearDropped = useCallback(() => setDropped(null), []);
  return { commit, pending, dropped, clearDropped };
}

export { editKey };
