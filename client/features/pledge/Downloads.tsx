import { useState } from "react";
import { useT } from "../../i18n";

type Doc = "pledge" | "minutes";

/** GET a PDF with the bearer token and hand it to the browser as a download. */
async function download(meetingId: string, token: string, doc: Doc): Promise<string | null> {
  try {
    const res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/${doc}.pdf`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return `HTTP ${res.status}`;
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = `${doc === "pledge" ? "giao-uoc" : "bien-ban"}-${meetingId}.pdf`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The pledge and the minutes as PDF, for organisers ("DỰ THẢO" until final, says the server). */
export function Downloads({ meetingId, token }: { meetingId: string; token: string }) {
  const t = useT();
  const [busy, setBusy] = useState<Doc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const get = async (doc: Doc) => {
    setBusy(doc);
    setError(await download(meetingId, token, doc));
    setBusy(null);
  };
  return (
    <div className="pledge-downloads">
      <button type="button" className="btn btn-sm" disabled={busy !== null} onClick={() => void get("pledge")} data-testid="pledge-pdf">
        {busy === "pledge" ? t("pledge.downloading") : t("pledge.pdfPledge")}
      </button>
      <button type="button" className="btn btn-sm" disabled={busy !== null} onClick={() => void get("minutes")} data-testid="minutes-pdf">
        {busy === "minutes" ? t("pledge.downloading") : t("pledge.pdfMinutes")}
      </button>
      <a className="btn btn-sm" href={`/verify/${encodeURIComponent(meetingId)}`} target="_blank" rel="noreferrer">
        {t("pledge.verifyLink")}
      </a>
      {error && <span className="pill pill-bad">{t("pledge.downloadFailed", { message: error })}</span>}
    </div>
  );
}
