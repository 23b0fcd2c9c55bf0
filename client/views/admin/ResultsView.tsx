import { useEffect, useState } from "react";
import type { ClusterResult } from "../../../shared/protocol/admin";
import { formatScore, useLang, useT } from "../../i18n";
import { AdminShell } from "./AdminShell";
import { fetchBlobUrl, fetchMeetings, fetchResults } from "./api";
import { TokenGate } from "./TokenGate";
import { useOrganiser } from "./useOrganiser";

/** /admin/results — the province's results for a year: per cluster its locked ranking, the acclaimed units, the head and deputy. */
export function ResultsView() {
  const t = useT();
  const { lang } = useLang();
  const { token, state, setToken } = useOrganiser();
  const [years, setYears] = useState<number[]>([]);
  const [year, setYear] = useState<number | null>(null);
  const [clusters, setClusters] = useState<ClusterResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scope = state.status === "ok" ? state.scope : null;

  useEffect(() => {
    if (!scope) return;
    void fetchMeetings(token).then((res) => {
      if (!res.ok) return setError(res.error.message);
      const ys = [...new Set(res.data.meetings.map((m) => m.year))].sort((a, b) => b - a);
      setYears(ys);
      setYear((y) => y ?? ys[0] ?? null);
    });
  }, [scope, token]);
  useEffect(() => {
    if (!scope || year === null) return;
    setClusters(null);
    void fetchResults(year, token).then((res) =>
      res.ok ? setClusters(res.data.clusters) : setError(res.error.message),
    );
  }, [scope, token, year]);

  const download = async () => {
    if (year === null) return;
    const url = await fetchBlobUrl(`/api/results.csv?year=${year}`, token);
    if (!url) return setError(t("admin.results.downloadFailed"));
    const a = document.createElement("a");
    a.href = url;
    a.download = `ket-qua-thi-dua-${year}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <AdminShell active="results" scope={scope} onSignOut={scope ? () => setToken("") : undefined}>
      {state.status !== "ok" && state.status !== "checking" && <TokenGate state={state} onToken={setToken} />}
      {scope && (
        <>
          <div className="admin-head">
            <div>
              <h1>{t("admin.results.title")}</h1>
              <p className="hint">{t("admin.results.hint")}</p>
            </div>
            <div className="btn-row">
              <label className="field admin-year-pick">
                <span>{t("admin.filter.year")}</span>
                <select
                  value={year ?? ""}
                  onChange={(e) => setYear(Number(e.target.value))}
                  data-testid="results-year"
                >
                  {years.map((y) => (
                    <option key={y} value={y}>
                      {y}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void download()}
                disabled={year === null}
                data-testid="results-csv"
              >
                {t("admin.results.csv")}
              </button>
            </div>
          </div>
          {error && (
            <p className="setup-error" role="alert">
              {error}
            </p>
          )}
          {clusters?.length === 0 && <p className="hint">{t("admin.results.none")}</p>}
          {clusters?.map((c) => (
            <section key={c.clusterId} className="panel admin-result" data-testid="results-cluster">
              <div className="panel-head">
                <h2>
                  {c.cluster} — {c.province}
                </h2>
                <span className="admin-result-elected">
                  {t("admin.row.head")}: <strong>{c.elected?.head?.name ?? "—"}</strong> ·{" "}
                  {t("admin.row.deputy")}: <strong>{c.elected?.deputy?.name ?? "—"}</strong>
                </span>
              </div>
              <div className="panel-body">
                {c.ranking ? (
                  <table className="admin-table">
                    <thead>
                      <tr>
                        <th>{t("admin.results.rank")}</th>
                        <th>{t("admin.results.unit")}</th>
                        <th className="num">{t("admin.results.total")}</th>
                        <th>{t("admin.results.acclaimed")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.ranking.map((r) => (
                        <tr key={r.code} className={r.acclaimed ? "is-acclaimed" : undefined}>
                          <td>{r.rank}</td>
                          <td>{r.name}</td>
                          <td className="num">{r.total === null ? "" : formatScore(r.total, lang)}</td>
                          <td>
                            {r.acclaimed === null
                              ? t("admin.results.notVoted")
                              : r.acclaimed
                                ? t("admin.results.yes")
                                : t("admin.results.no")}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="hint">{t("admin.results.notLocked")}</p>
                )}
              </div>
            </section>
          ))}
        </>
      )}
    </AdminShell>
  );
}
