import { useEffect, useState, type FormEvent } from "react";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { MessagePage, Loading } from "../components/Page";
import { formatStamp, STAGE_KEY, STAGE_PILL, printedTitle } from "../features/pledge/labels";
import { useLang, useT } from "../i18n";
import { VERIFY_CHECK, VERIFY_INFO } from "../../shared/protocol/http/pledge";
import type { Reply } from "../../shared/protocol/http/route";
import { callApi } from "../lib/api";

/** GET /api/verify/:meetingId (public, docs/protocol.md "HTTP routes"). */
type VerifyInfo = Reply<typeof VERIFY_INFO>;
/** POST /api/verify/:meetingId: a pasted hash, or a PDF read by the server. */
type CheckResult = Reply<typeof VERIFY_CHECK>;

/** The result, the server's refusal (Vietnamese first), or "" when it could not be reached. */
async function check(meetingId: string, body: { hash: string } | File): Promise<CheckResult | string> {
  const res = await callApi(VERIFY_CHECK, { meetingId }, { body: body instanceof File ? new Blob([body], { type: "application/pdf" }) : body });
  if (res.ok) return res.data;
  // No answer: the browser's own text would be English and technical.
  return res.error.code === "NETWORK" ? "" : res.error.message;
}

/** /verify/:meetingId — public, no token: the frozen text hash, the signatures, the journal head, and a checker. */
export function VerifyView({ meetingId }: { meetingId: string }) {
  const t = useT();
  const { lang } = useLang();
  const [info, setInfo] = useState<VerifyInfo | null | "missing" | "error">(null);
  useEffect(() => {
    let live = true;
    void callApi(VERIFY_INFO, { meetingId }).then((res) => {
      if (!live) return;
      if (res.ok) setInfo(res.data);
      else setInfo(res.error.status === 404 ? "missing" : "error");
    });
    return () => {
      live = false;
    };
  }, [meetingId]);

  if (info === null) return <Loading />;
  if (info === "missing" || info === "error")
    return (
      <MessagePage title={t("pledge.verify.title")} tone="error" testId="verify-error">
        <p>{t(info === "missing" ? "pledge.verify.missing" : "pledge.verify.unreachable")}</p>
      </MessagePage>
    );
  return (
    <main className="verify-page pledge-ui" data-testid="verify-page">
      <div className="verify-top">
        <span className="verify-brand">{t("app.name")}</span>
        <LanguageSwitch />
      </div>
      <h1>{t("pledge.verify.title")}</h1>
      <p className="verify-meeting">{info.title}</p>
      <section className="verify-card">
        <p>
          <span className={`pill pill-lg ${STAGE_PILL[info.stage]}`} data-testid="verify-stage">
            {t(STAGE_KEY[info.stage])}
          </span>{" "}
          {t("pledge.progress", { n: info.signedCount, total: info.unitCount })}
        </p>
        <dl className="verify-facts">
          <dt>{t("pledge.verify.textHash")}</dt>
          <dd className="hash" data-testid="verify-text-hash">
            {info.textHash ?? t("pledge.verify.notFrozen")}
          </dd>
          {info.frozenAt !== null && (
            <>
              <dt>{t("pledge.verify.frozenAt")}</dt>
              <dd>{formatStamp(info.frozenAt, lang)}</dd>
            </>
          )}
          {info.finalAt !== null && (
            <>
              <dt>{t("pledge.verify.finalAt")}</dt>
              <dd>{formatStamp(info.finalAt, lang)}</dd>
            </>
          )}
          <dt>{t("pledge.verify.journalHead")}</dt>
          <dd className="hash" data-testid="verify-journal-head">
            #{info.journalHead.seq} · {info.journalHead.hash}
          </dd>
        </dl>
      </section>
      <Checker meetingId={meetingId} />
      <section className="verify-card">
        <h2>{t("pledge.verify.signatures")}</h2>
        {info.signatures.length === 0 ? (
          <p className="hint">{t("pledge.verify.noSignatures")}</p>
        ) : (
          <div className="table-scroll">
            <table className="verify-table" data-testid="verify-signatures">
              <thead>
                <tr>
                  <th>{t("pledge.verify.unit")}</th>
                  <th>{t("pledge.verify.signer")}</th>
                  <th>{t("pledge.verify.time")}</th>
                  <th>{t("pledge.verify.signatureHash")}</th>
                </tr>
              </thead>
              <tbody>
                {info.signatures.map((s) => (
                  <tr key={s.unit}>
                    <td data-label={t("pledge.verify.unit")}>{s.unitName}</td>
                    <td data-label={t("pledge.verify.signer")}>
                      {s.signerName}
                      <span className="sub">{printedTitle(s.signerTitle, s.onBehalf).join(" / ")}</span>
                    </td>
                    <td data-label={t("pledge.verify.time")}>{formatStamp(s.signedAt, lang)}</td>
                    <td className="hash" data-label={t("pledge.verify.signatureHash")}>
                      {s.signatureHash}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {info.results.length > 0 && (
        <section className="verify-card">
          <h2>{t("pledge.verify.results")}</h2>
          <ul className="verify-results">
            {info.results.map((r) => (
              <li key={r.id} data-testid={`verify-poll-${r.id}`}>
                <strong className="verify-poll-title">{r.title}</strong>
                <span className="verify-poll-outcome" data-testid={`verify-poll-outcome-${r.id}`}>
                  {t("pledge.verify.outcome", { outcome: r.outcome })}
                  {r.headline ? ` — ${r.headline}` : ""}
                </span>
                <span className="verify-poll-meta">
                  {t(r.visibility === "secret" ? "pledge.verify.secret" : "pledge.verify.open")} ·{" "}
                  {t("pledge.verify.cast", { n: r.cast })}
                  {r.threshold ? ` · ${r.threshold}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

function Checker({ meetingId }: { meetingId: string }) {
  const t = useT();
  const [hash, setHash] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CheckResult | string | null>(null);
  const run = async (body: { hash: string } | File) => {
    setBusy(true);
    setResult(await check(meetingId, body));
    setBusy(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (hash.trim()) void run({ hash: hash.trim().toLowerCase() });
  };
  return (
    <section className="verify-card">
      <h2>{t("pledge.verify.checkTitle")}</h2>
      <form className="verify-form" onSubmit={submit}>
        <label className="field">
          <span>{t("pledge.verify.pasteHash")}</span>
          <input type="text" value={hash} onChange={(e) => setHash(e.target.value)} spellCheck={false} data-testid="verify-hash-input" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !hash.trim()} data-testid="verify-hash-check">
          {t("pledge.verify.check")}
        </button>
      </form>
      <label className="field">
        <span>{t("pledge.verify.uploadPdf")}</span>
        <input
          type="file"
          accept="application/pdf"
          disabled={busy}
          data-testid="verify-pdf"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void run(f);
          }}
        />
      </label>
      {typeof result === "string" && (
        <p className="verify-result bad">{result ? t("pledge.failed", { message: result }) : t("pledge.verify.unreachable")}</p>
      )}
      {result && typeof result !== "string" && <CheckOutcome result={result} />}
    </section>
  );
}

const VERDICT_KEY = {
  exact: "pledge.verify.exact",
  text: "pledge.verify.textOnly",
  mismatch: "pledge.verify.noMatch",
  "no-text": "pledge.verify.noMatch",
  unreadable: "pledge.verify.noMatch",
} as const;

/** The answer: the verdict first, then what it rests on (the printed text's hash, the file, the digital signature). */
function CheckOutcome({ result }: { result: CheckResult }) {
  const t = useT();
  const pdf = result.source === "pdf" ? result : null;
  const headline = pdf ? t(VERDICT_KEY[pdf.verdict]) : t(result.matches ? "pledge.verify.match" : "pledge.verify.noMatch");
  const sig = pdf?.signature;
  return (
    <div className={`verify-result ${result.matches ? "ok" : "bad"}`} role="status" data-testid="verify-result" data-match={result.matches} data-verdict={result.verdict}>
      <strong>{headline}</strong>
      {pdf?.verdict === "no-text" && <span>{t("pledge.verify.noText")}</span>}
      {pdf?.verdict === "unreadable" && <span>{t("pledge.verify.unreadable")}</span>}
      {pdf?.metadataHash && pdf.metadataHash !== pdf.found && pdf.metadataHash === pdf.textHash && (
        <span>{t("pledge.verify.forgedMetadata")}</span>
      )}
      {result.found !== null && <span>{t(pdf ? "pledge.verify.textHashRead" : "pledge.verify.checked", { hash: result.found })}</span>}
      {pdf && <span className="hash">{t("pledge.verify.fileHash", { hash: pdf.sha256 })}</span>}
      {pdf && sig && <span>{t("pledge.verify.digitalSigner", { subject: sig.subject })}</span>}
      {pdf && sig && (
        <span data-testid="verify-signature">
          {t(!sig.valid ? "pledge.verify.signatureBroken" : sig.coversWholeFile ? "pledge.verify.signatureWhole" : "pledge.verify.signaturePartial")}
        </span>
      )}
      {pdf && sig === null && <span>{t("pledge.verify.noDigitalSignature")}</span>}
      {!result.textHash && <span>{t("pledge.verify.notFrozen")}</span>}
    </div>
  );
}
