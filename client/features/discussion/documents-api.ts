import type { MeetingDocumentView } from "../../../shared/protocol/discussion";

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
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/documents`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { ok: boolean; documents?: MeetingDocumentView[]; error?: { message: string } };
    if (!res.ok || !body.ok || !body.documents) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
    try {
      localStorage.setItem(LIST_KEY(meetingId), JSON.stringify(body.documents));
    } catch {
      // Storage full or private mode: the list is still shown.
    }
    return { documents: body.documents, offline: false };
  } catch (err) {
    const kept = localStorage.getItem(LIST_KEY(meetingId));
    if (kept) return { documents: JSON.parse(kept) as MeetingDocumentView[], offline: true };
    throw err;
  }
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
  const qs = new URLSearchParams({ title, ...(agendaIndex === null ? {} : { agendaIndex: String(agendaIndex) }) });
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/documents?${qs}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/pdf" },
      body: file,
    });
    const body = (await res.json()) as { ok: boolean; document?: MeetingDocumentView; error?: { message: string } };
    if (!body.ok || !body.document) return { ok: false, message: body.error?.message ?? `HTTP ${res.status}` };
    return { ok: true, document: body.document };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
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
