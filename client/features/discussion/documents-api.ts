import type { MeetingDocumentView } from "../../../shared/protocol/discussion";
import { DOCUMENTS, UPLOAD_DOCUMENT } from "../../../shared/protocol/http/documents";
import { callApi } from "../../lib/api";

/** The Cache API store of meeting documents: a document's URL never changes its bytes (its id is its hash). */
const CACHE_NAME = "concord-documents-v1";
const LIST_KEY = (meetingId: string) => `concord.documents.${meetingId}`;

export const documentUrl = (meetingId: string, docId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/documents/${docId}`;

/** The Cache API exists only in secure contexts (https, localhost): on plain http the memory copy is all. */
async function openCache(): Promise<Cache | null> {
  try {
    return typeof caches === "undefined" ? null : await caches.open(CACHE_NAME);
  } catch {
    return null;
  }
}

/** GET …/documents; offline, the last list this device saw (kept in localStorage). */
export async function fetchDocumentList(meetingId: string, token: string): Promise<{ documents: MeetingDocumentView[]; offline: boolean }> {
  const res = await callApi(DOCUMENTS, { id: meetingId }, { token });
  if (res.ok) {
    try {
      localStorage.setItem(LIST_KEY(meetingId), JSON.stringify(res.data.documents));
    } catch {
      // Storage full or private mode: the list is still shown.
    }
    return { documents: res.data.documents, offline: false };
  }
  const kept = localStorage.getItem(LIST_KEY(meetingId));
  if (kept) return { documents: JSON.parse(kept) as MeetingDocumentView[], offline: true };
  throw new Error(res.error.message);
}

const memory = new Map<string, Promise<ArrayBuffer>>();

/** The PDF's bytes: from memory, else the device's cache, else the server (then kept in both). */
export function loadDocumentBytes(meetingId: string, docId: string, token: string): Promise<ArrayBuffer> {
  const url = documentUrl(meetingId, docId);
  let p = memory.get(url);
  if (!p) {
    p = (async () => {
      const cache = await openCache();
      const hit = await cache?.match(url);
      if (hit) return hit.arrayBuffer();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const bytes = await res.arrayBuffer();
      await cache?.put(url, new Response(bytes.slice(0), { headers: { "content-type": "application/pdf" } })).catch(() => undefined);
      return bytes;
    })();
    memory.set(url, p);
    p.catch(() => memory.delete(url));
  }
  return p;
}

/** Whether the device holds the document for offline reading. */
export async function isCached(meetingId: string, docId: string): Promise<boolean> {
  const cache = await openCache();
  return !!(await cache?.match(documentUrl(meetingId, docId)));
}

/** POST …/documents (organisers). */
export async function uploadDocument(meetingId: string, token: string, file: Blob, title: string, agendaIndex: number | null): Promise<{ ok: true; document: MeetingDocumentView } | { ok: false; message: string }> {
  const query = { title, ...(agendaIndex === null ? {} : { agendaIndex: String(agendaIndex) }) };
  const res = await callApi(UPLOAD_DOCUMENT, { id: meetingId }, { token, query, body: new Blob([file], { type: "application/pdf" }) });
  return res.ok ? { ok: true, document: res.data.document } : { ok: false, message: res.error.message };
}

/**
 * Fetches every listed document into the device's cache, one at a time, so a tablet that never opened
 * one can still read it when the venue's Wi-Fi drops. Each device downloads each file once (its URL
 * names its content); nothing happens without the Cache API (plain http).
 */
export async function prefetchDocuments(meetingId: string, docIds: string[], token: string, cancelled: () => boolean): Promise<void> {
  const cache = await openCache();
  if (!cache) return;
  for (const id of docIds) {
    if (cancelled()) return;
    if (await cache.match(documentUrl(meetingId, id))) continue;
    await loadDocumentBytes(meetingId, id, token).catch(() => undefined);
  }
}
