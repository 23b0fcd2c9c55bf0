import { useEffect, useState } from "react";
import type { MeetingDocumentView } from "../../../shared/protocol/discussion";
import { EVENTS } from "../../../shared/protocol/events";
import { isOrganiser } from "../../../shared/protocol/roles";
import { useT } from "../../i18n";
import type { FeatureContext } from "../types";
import { isCached, prefetchDocuments, uploadDocument } from "./documents-api";
import { useDocuments } from "./hooks";
import { PdfPage } from "./PdfPage";
import { PrintDownloads } from "./PrintDownloads";
import "./discussion.css";

/**
 * Meeting documents on a tablet or the chair's console: the list (by agenda item), a reader rendered
 * by pdf.js, and for organisers an upload form and "present this page". A delegate may follow the page
 * the presenter shows.
 */
export function DocumentsPanel({ meeting, session }: FeatureContext) {
  const t = useT();
  const { state, send } = meeting;
  const organiser = isOrganiser(session.session.role);
  const { documents, offline, error, reload } = useDocuments(state.meetingId, session.token, state.documents.count);
  const [openId, setOpenId] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [follow, setFollow] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const presented = state.documents.presented;

  // Following: the reader moves with the presenter.
  useEffect(() => {
    if (follow && presented) {
      setOpenId(presented.docId);
      setPage(presented.page);
    }
  }, [follow, presented]);

  // Every listed document is kept on the device for offline reading, in the background.
  const [cachedVersion, setCachedVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    void prefetchDocuments(state.meetingId, documents.map((d) => d.id), session.token, () => cancelled).then(() => !cancelled && setCachedVersion((v) => v + 1));
    return () => {
      cancelled = true;
    };
  }, [state.meetingId, documents, session.token]);

  const open = documents.find((d) => d.id === openId) ?? null;
  const go = (p: number) => {
    if (!open) return;
    const next = Math.min(Math.max(1, p), open.pages);
    setPage(next);
    if (organiser && presented?.docId === open.id) void present(open, next);
  };
  const present = async (doc: MeetingDocumentView | null, p: number) => {
    const res = await send(EVENTS.DOC_SHOW, { docId: doc?.id ?? null, page: p });
    if (!res.ok) setMessage(t("speak.refused", { message: res.error.message }));
  };

  return (
    <div className="docs" data-testid="documents">
      {presented && (
        <p className="docs-presenting" data-testid="docs-presenting">
          {t("docs.presenting", { title: presented.title, page: presented.page })}
        </p>
      )}
      {!organiser && (
        <label className="docs-follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} data-testid="docs-follow" /> {t("docs.follow")}
        </label>
      )}
      {error && <p className="error">{t("docs.failed", { message: error })}</p>}
      {documents.length === 0 ? (
        <p className="hint">{t("docs.none")}</p>
      ) : (
        <ul className="docs-list">
          {documents.map((d) => (
            <DocumentRow key={d.id} doc={d} meetingId={state.meetingId} agenda={state.agenda} active={d.id === openId} cachedVersion={cachedVersion} onOpen={() => { setOpenId(d.id === openId ? null : d.id); setPage(1); setFollow(false); }} />
          ))}
        </ul>
      )}
      {offline && <p className="hint">{t("docs.offline")}</p>}

      {open && (
        <div className="docs-reader" data-testid="docs-reader" data-doc={open.id}>
          <div className="docs-nav">
            <button type="button" className="btn" onClick={() => go(page - 1)} disabled={page <= 1} data-testid="docs-prev">
              {t("docs.prev")}
            </button>
            <span className="docs-pageno" data-testid="docs-pageno">{t("docs.page", { page, pages: open.pages })}</span>
            <button type="button" className="btn" onClick={() => go(page + 1)} disabled={page >= open.pages} data-testid="docs-next">
              {t("docs.next")}
            </button>
            {organiser && (
              <button type="button" className="btn btn-primary" onClick={() => void present(open, page)} data-testid="docs-present">
                {t("docs.present")}
              </button>
            )}
            {organiser && presented && (
              <button type="button" className="btn" onClick={() => void present(null, 1)} data-testid="docs-stop">
                {t("docs.stopPresenting")}
              </button>
            )}
          </div>
          <PdfPage meetingId={state.meetingId} docId={open.id} token={session.token} page={page} testId="docs-page" />
        </div>
      )}

      {organiser && <PrintDownloads meetingId={state.meetingId} token={session.token} />}
      {organiser && <UploadForm meetingId={state.meetingId} token={session.token} agenda={state.agenda} agendaIndex={state.agendaIndex} onDone={(m) => { setMessage(m); reload(); }} />}
      {message && <p className="hint" role="status" data-testid="docs-message">{message}</p>}
    </div>
  );
}

/** "240 kB", "3,4 MB" (decimal comma). */
function fileSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} kB` : `${(bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB`;
}

function DocumentRow({ doc, meetingId, agenda, active, cachedVersion, onOpen }: { doc: MeetingDocumentView; meetingId: string; agenda: { title: string }[]; active: boolean; cachedVersion: number; onOpen: () => void }) {
  const t = useT();
  const [cached, setCached] = useState(false);
  useEffect(() => {
    void isCached(meetingId, doc.id).then(setCached);
  }, [meetingId, doc.id, active, cachedVersion]);
  return (
    <li className={`docs-item${active ? " active" : ""}`} data-testid={`doc-${doc.id}`}>
      <button type="button" className="docs-open" onClick={onOpen} aria-expanded={active} data-testid="doc-open">
        <span className="docs-title">{doc.title}</span>
        <span className="sub">
          {doc.agendaIndex !== null ? `${t("docs.agendaItem", { n: doc.agendaIndex + 1 })} · ` : ""}
          {t("docs.pages", { n: doc.pages })} · {fileSize(doc.bytes)}
          {cached ? <span data-testid="doc-cached"> · {t("docs.offline")}</span> : ""}
        </span>
      </button>
      {agenda[doc.agendaIndex ?? -1] && <span className="sub docs-item-agenda">{agenda[doc.agendaIndex!]!.title}</span>}
    </li>
  );
}

function UploadForm({ meetingId, token, agenda, agendaIndex, onDone }: { meetingId: string; token: string; agenda: { title: string }[]; agendaIndex: number; onDone: (message: string) => void }) {
  const t = useT();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [item, setItem] = useState<number | null>(agendaIndex);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    const res = await uploadDocument(meetingId, token, file, title.trim() || file.name.replace(/\.pdf$/i, ""), item);
    setBusy(false);
    if (res.ok) {
      setFile(null);
      setTitle("");
      onDone(t("docs.uploaded", { title: res.document.title }));
    } else onDone(t("docs.failed", { message: res.message }));
  };
  return (
    <details className="docs-upload">
      <summary>{t("docs.upload")}</summary>
      <div className="docs-upload-form">
        <input type="file" accept="application/pdf,.pdf" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="docs-file" />
        <label>
          {t("docs.uploadTitle")}
          <input type="text" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} data-testid="docs-title" />
        </label>
        <label>
          {t("docs.uploadItem")}
          <select value={item ?? ""} onChange={(e) => setItem(e.target.value === "" ? null : Number(e.target.value))} data-testid="docs-item">
            <option value="">{t("docs.uploadAny")}</option>
            {agenda.map((a, i) => (
              <option key={i} value={i}>
                {i + 1}. {a.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={!file || busy} onClick={() => void submit()} data-testid="docs-upload">
          {t("docs.uploadSend")}
        </button>
      </div>
    </details>
  );
}
