import { useState } from "react";
import { useT, type MessageKey } from "../../i18n";
import { fetchFile, saveBlob } from "../../lib/api";

const FILES: { path: string; name: string; key: MessageKey }[] = [
  { path: "invitations.pdf", name: "giay-moi", key: "print.invitations" },
  { path: "conclusion.pdf", name: "thong-bao-ket-luan", key: "print.conclusionPdf" },
  { path: "conclusion.docx", name: "thong-bao-ket-luan", key: "print.conclusionDocx" },
];

/** The organisers' printed documents of the discussion: invitations with QR cards, the conclusion notice. */
export function PrintDownloads({ meetingId, token }: { meetingId: string; token: string }) {
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = async (f: (typeof FILES)[number]) => {
    setBusy(f.path);
    setError(null);
    const res = await fetchFile(`/api/meetings/${encodeURIComponent(meetingId)}/${f.path}`, token);
    if (res.ok) saveBlob(res.data, `${f.name}-${meetingId}.${f.path.split(".").at(-1)}`);
    else setError(res.error.message);
    setBusy(null);
  };
  return (
    <div className="btn-row" data-testid="print-downloads">
      {FILES.map((f) => (
        <button key={f.path} type="button" className="btn btn-sm" disabled={busy !== null} onClick={() => void get(f)} data-testid={`print-${f.path}`}>
          {t(f.key)}
        </button>
      ))}
      {error && <span className="error">{t("docs.failed", { message: error })}</span>}
    </div>
  );
}
