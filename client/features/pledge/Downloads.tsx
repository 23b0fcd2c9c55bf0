import { useState } from "react";
import { useT, type MessageKey } from "../../i18n";
import { fetchFile, saveBlob } from "../../lib/api";

/** A file the server makes for organisers: its path under /api/meetings/:id/, the saved name's stem, its label. */
interface DocFile {
  file: string;
  stem: string;
  label: MessageKey;
  testId: string;
}

const DOCUMENTS: DocFile[] = [
  { file: "pledge.pdf", stem: "giao-uoc", label: "pledge.pdfPledge", testId: "pledge-pdf" },
  { file: "minutes.pdf", stem: "bien-ban", label: "pledge.pdfMinutes", testId: "minutes-pdf" },
  { file: "pledge.docx", stem: "giao-uoc", label: "pledge.docxPledge", testId: "pledge-docx" },
  { file: "minutes.docx", stem: "bien-ban", label: "pledge.docxMinutes", testId: "minutes-docx" },
];

const PRESS: DocFile[] = [
  { file: "press.txt", stem: "tin-bai", label: "pledge.pressTxt", testId: "press-txt" },
  { file: "press.docx", stem: "tin-bai", label: "pledge.pressDocx", testId: "press-docx" },
];

/** GET a document with the bearer token and hand it to the browser as a download; else the refusal. */
async function download(meetingId: string, token: string, doc: DocFile): Promise<string | null> {
  const res = await fetchFile(`/api/meetings/${encodeURIComponent(meetingId)}/${doc.file}`, token);
  if (!res.ok) return res.error.message;
  saveBlob(res.data, `${doc.stem}-${meetingId}.${doc.file.split(".").pop()}`);
  return null;
}

function DownloadButtons({ meetingId, token, files, verify }: { meetingId: string; token: string; files: DocFile[]; verify?: boolean }) {
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = async (doc: DocFile) => {
    setBusy(doc.file);
    setError(await download(meetingId, token, doc));
    setBusy(null);
  };
  return (
    <div className="pledge-downloads">
      {files.map((doc) => (
        <button key={doc.file} type="button" className="btn btn-sm" disabled={busy !== null} onClick={() => void get(doc)} data-testid={doc.testId}>
          {busy === doc.file ? t("pledge.downloading") : t(doc.label)}
        </button>
      ))}
      {verify && (
        <a className="btn btn-sm" href={`/verify/${encodeURIComponent(meetingId)}`} target="_blank" rel="noreferrer">
          {t("pledge.verifyLink")}
        </a>
      )}
      {error && <span className="pill pill-bad">{t("pledge.downloadFailed", { message: error })}</span>}
    </div>
  );
}

/** The pledge and the minutes as PDF and as editable .docx, for organisers ("DỰ THẢO" until final, says the server). */
export function Downloads({ meetingId, token }: { meetingId: string; token: string }) {
  return <DownloadButtons meetingId={meetingId} token={token} files={DOCUMENTS} verify />;
}

/** The news item for the provincial portal, written by the server from the record (.txt and .docx). */
export function PressDownloads({ meetingId, token }: { meetingId: string; token: string }) {
  return <DownloadButtons meetingId={meetingId} token={token} files={PRESS} />;
}
