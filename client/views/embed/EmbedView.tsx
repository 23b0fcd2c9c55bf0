import type { EmbedResults } from "../../../shared/protocol/embed";
import { EMBED } from "../../../shared/protocol/http/documents";
import { callApi } from "../../lib/api";
import { useEffect, useState } from "react";
import { Loading, MessagePage } from "../../components/Page";
import { formatStamp } from "../../features/pledge/labels";
import { useLang, useT } from "../../i18n";
import { formatScore } from "../../../shared/scoring/format";
import "./embed.css";

/** How often the page asks again: live enough for a results box on a portal, light on the server. */
const REFRESH_MS = 15_000;

/** "2022-01-14" → "14/01/2022". */
const shortDate = (iso: string) => iso.replace(/^(\d{4})-(\d{2})-(\d{2})$/, "$3/$2/$1");

/**
 * /embed/:meetingId — the published results and the signed pledge, read-only, for the provincial
 * portal to frame (only the origins in EMBED_ORIGINS may). Refreshes itself every 15 s.
 */
export function EmbedView({ meetingId }: { meetingId: string }) {
  const t = useT();
  const { lang } = useLang();
  const [data, setData] = useState<EmbedResults | null | "missing" | "error">(null);
  const [checkedAt, setCheckedAt] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      callApi(EMBED, { meetingId }).then((res) => {
        if (!live) return;
        if (!res.ok && res.error.status === 404) return setData("missing");
        // A failed refresh (or a reply not in the expected shape) keeps the last good results on screen.
        if (res.ok) {
          setData(res.data);
          setCheckedAt(Date.now());
        } else setData((d) => (d && typeof d === "object" ? d : "error"));
      });
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [meetingId]);

  if (data === null) return <Loading />;
  if (data === "missing" || data === "error")
    return (
      <MessagePage title={t("embed.title")} tone="error" testId="embed-error">
        <p>{t(data === "missing" ? "pledge.verify.missing" : "pledge.verify.unreachable")}</p>
      </MessagePage>
    );
  const scoreLocale = lang === "vi" ? "vi" : "en";
  return (
    <main className="embed-page" data-testid="embed-page">
      <h1>{data.conference.title}</h1>
      <p className="embed-meta">
        {data.cluster}, {data.province} · {shortDate(data.conference.date)}
        {data.conference.venue ? ` · ${data.conference.venue}` : ""}
      </p>

      <h2>{t("embed.ranking", { year: String(data.year) })}</h2>
      {data.ranking ? (
        <table data-testid="embed-ranking">
          <thead>
            <tr>
              <th>{t("embed.rank")}</th>
              <th>{t("embed.unit")}</th>
              <th>{t("embed.total")}</th>
            </tr>
          </thead>
          <tbody>
            {data.ranking.map((r) => (
              <tr key={r.unitName}>
                <td className="num">{r.rank}</td>
                <td>{r.unitName}</td>
                <td className="num">{formatScore(r.total, scoreLocale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t("embed.rankingPending")}</p>
      )}

      {data.results.length > 0 && (
        <>
          <h2>{t("embed.results")}</h2>
          <ul data-testid="embed-results">
            {data.results.map((r) => (
              <li key={r.id}>
                <strong>{r.title}</strong>: {r.headline ?? r.outcome}
              </li>
            ))}
          </ul>
        </>
      )}

      {data.elected && (
        <>
          <h2>{t("embed.elected", { year: String(data.elected.year) })}</h2>
          <p data-testid="embed-elected">
            {t("embed.head")}: <strong>{data.elected.head}</strong>
            {data.elected.deputy && (
              <>
                {" · "}
                {t("embed.deputy")}: <strong>{data.elected.deputy}</strong>
              </>
            )}
          </p>
        </>
      )}

      <h2>{t("embed.pledge", { year: String(data.year + 1) })}</h2>
      <p data-testid="embed-pledge">
        {t(data.pledge.stage === "final" ? "embed.pledgeSigned" : "embed.pledgeSigning", {
          n: data.pledge.signedCount,
          total: data.pledge.unitCount,
        })}
      </p>
      {data.pledge.signatures.length > 0 && (
        <ul>
          {data.pledge.signatures.map((s) => (
            <li key={s.unitName}>
              {s.unitName} — {s.signerName} ({formatStamp(s.signedAt, lang)})
            </li>
          ))}
        </ul>
      )}
      {data.pledge.textHash && (
        <p>
          {t("embed.textHash")} <span className="embed-hash">{data.pledge.textHash}</span> ·{" "}
          <a href={`/verify/${encodeURIComponent(data.meetingId)}`} target="_blank" rel="noreferrer">
            {t("embed.verify")}
          </a>
        </p>
      )}
      {checkedAt !== null && (
        <p className="embed-live">
          {t("embed.live", {
            time: new Date(checkedAt).toLocaleTimeString(lang === "vi" ? "vi-VN" : "en-GB"),
          })}
        </p>
      )}
    </main>
  );
}
