import { useMemo, useState } from "react";
import type { MeetingStatus, MeetingSummary } from "../../../shared/protocol/admin";
import { formatDate, useLang, useT, type MessageKey } from "../../i18n";
import { navigate } from "../../router";
import { setArchived } from "./api";
import { openMeeting, type MeetingTarget } from "./open";

const STATUS_KEY: Record<MeetingStatus, MessageKey> = {
  not_started: "admin.status.not_started",
  in_progress: "admin.status.in_progress",
  scores_locked: "admin.status.scores_locked",
  head_elected: "admin.status.head_elected",
  pledge_final: "admin.status.pledge_final",
};
const STATUS_TONE: Record<MeetingStatus, string> = {
  not_started: "pill-muted",
  in_progress: "pill-live",
  scores_locked: "pill-live",
  head_elected: "pill-ok",
  pledge_final: "pill-ok",
};

/** Folds Vietnamese marks away so "ban dan toc" finds "Ban Dân tộc". */
const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/gi, "d")
    .toLowerCase();

interface Group {
  key: string;
  cluster: string;
  province: string;
  year: number;
  meetings: MeetingSummary[];
}

/** Every meeting, grouped by cluster and year, newest year first; search, filters, and the archive hidden by default. */
export function MeetingList({
  meetings,
  token,
  onChanged,
}: {
  meetings: MeetingSummary[];
  token: string;
  onChanged: () => void;
}) {
  const t = useT();
  const [query, setQuery] = useState("");
  const [cluster, setCluster] = useState("");
  const [year, setYear] = useState("");
  const [showArchived, setShowArchived] = useState(false);

  const clusters = useMemo(() => {
    const seen = new Map<string, string>();
    for (const m of meetings) seen.set(m.clusterId, `${m.cluster} — ${m.province}`);
    return [...seen].sort((a, b) => a[1].localeCompare(b[1], "vi", { numeric: true }));
  }, [meetings]);
  const years = useMemo(() => [...new Set(meetings.map((m) => m.year))].sort((a, b) => b - a), [meetings]);

  const groups = useMemo(() => {
    const q = fold(query.trim());
    const shown = meetings.filter(
      (m) =>
        (showArchived || !m.archived) &&
        (!cluster || m.clusterId === cluster) &&
        (!year || m.year === Number(year)) &&
        (!q ||
          fold(
            `${m.title} ${m.cluster} ${m.province} ${m.elected?.head?.name ?? ""} ${m.elected?.deputy?.name ?? ""}`,
          ).includes(q)),
    );
    const byKey = new Map<string, Group>();
    for (const m of shown) {
      const key = `${m.clusterId}/${m.year}`;
      let g = byKey.get(key);
      if (!g)
        byKey.set(key, (g = { key, cluster: m.cluster, province: m.province, year: m.year, meetings: [] }));
      g.meetings.push(m);
    }
    return [...byKey.values()].sort(
      (a, b) => b.year - a.year || a.cluster.localeCompare(b.cluster, "vi", { numeric: true }),
    );
  }, [meetings, query, cluster, year, showArchived]);
  const archivedCount = meetings.filter((m) => m.archived).length;

  return (
    <section className="admin-list" aria-label={t("admin.list.title")}>
      <div className="admin-filters" role="search">
        <label className="field admin-search">
          <span>{t("admin.filter.search")}</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t("admin.filter.searchHint")}
            data-testid="admin-search"
          />
        </label>
        <label className="field">
          <span>{t("admin.filter.cluster")}</span>
          <select
            value={cluster}
            onChange={(e) => setCluster(e.target.value)}
            data-testid="admin-filter-cluster"
          >
            <option value="">{t("admin.filter.all")}</option>
            {clusters.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("admin.filter.year")}</span>
          <select value={year} onChange={(e) => setYear(e.target.value)} data-testid="admin-filter-year">
            <option value="">{t("admin.filter.all")}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="admin-check">
          <input
            type="checkbox"
            checked={showArchived}
            onChange={(e) => setShowArchived(e.target.checked)}
            data-testid="admin-show-archived"
          />
          <span>{t("admin.filter.archived", { n: archivedCount })}</span>
        </label>
      </div>
      {groups.length === 0 && (
        <p className="hint admin-empty">
          {meetings.length ? t("admin.list.noMatch") : t("admin.list.empty")}
        </p>
      )}
      {groups.map((g) => (
        <section key={g.key} className="admin-group" data-testid="admin-group" aria-labelledby={`g-${g.key}`}>
          <h2 id={`g-${g.key}`}>
            {g.cluster} <span className="admin-group-meta">— {g.province}</span>
            <span className="admin-year">{t("admin.list.year", { year: String(g.year) })}</span>
          </h2>
          <ul className="admin-meetings">
            {g.meetings.map((m) => (
              <MeetingRow key={m.meetingId} m={m} token={token} onChanged={onChanged} />
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

function MeetingRow({ m, token, onChanged }: { m: MeetingSummary; token: string; onChanged: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const [failed, setFailed] = useState(false);
  const open = (target: MeetingTarget) => {
    setFailed(false);
    void openMeeting(m.meetingId, target, token).then((ok) => setFailed(!ok));
  };
  const archive = async () => {
    if (!m.archived && !window.confirm(t("admin.row.archiveConfirm", { title: m.title }))) return;
    const res = await setArchived(m.meetingId, !m.archived, token);
    if (res.ok) onChanged();
    else setFailed(true);
  };
  const finished = m.status === "pledge_final" || m.status === "head_elected";
  return (
    <li
      className={`admin-meeting${m.archived ? " is-archived" : ""}`}
      data-testid="admin-meeting"
      data-meeting-id={m.meetingId}
    >
      <div className="admin-meeting-main">
        <div className="admin-meeting-title">
          <strong data-testid="admin-meeting-title">{m.title}</strong>
          {m.sample && <span className="pill pill-muted">{t("admin.row.sample")}</span>}
          {m.archived && <span className="pill pill-muted">{t("admin.row.archived")}</span>}
        </div>
        <div className="admin-meeting-facts">
          <span>{formatDate(m.date, lang)}</span>
          <span className={`pill ${STATUS_TONE[m.status]}`} data-testid="admin-meeting-status">
            {t(STATUS_KEY[m.status])}
          </span>
          <span data-testid="admin-meeting-units">
            {t("admin.row.units", { present: m.presentCount, total: m.unitCount })}
          </span>
        </div>
        <div className="admin-meeting-elected" data-testid="admin-meeting-elected">
          {m.elected ? (
            <>
              <span>
                {t("admin.row.head")}: <strong>{m.elected.head?.name ?? "—"}</strong>
              </span>
              <span>
                {t("admin.row.deputy")}: <strong>{m.elected.deputy?.name ?? "—"}</strong>
              </span>
            </>
          ) : (
            <span className="hint">{t("admin.row.notElected")}</span>
          )}
        </div>
      </div>
      <div className="admin-meeting-actions">
        <div className="btn-row">
          <button type="button" className="btn btn-small" onClick={() => open("chair")}>
            {t("admin.row.chair")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => open("screen")}>
            {t("admin.row.screen")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => open("cards")}>
            {t("admin.row.cards")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => open("journal")}>
            {t("admin.row.journal")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => open("minutes")}>
            {t("admin.row.minutes")}
          </button>
          <button type="button" className="btn btn-small" onClick={() => open("pledge")}>
            {t("admin.row.pledge")}
          </button>
        </div>
        <div className="btn-row">
          {m.status === "not_started" && !m.archived && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => navigate(`/setup?edit=${encodeURIComponent(m.meetingId)}`)}
              data-testid="admin-edit"
            >
              {t("admin.row.edit")}
            </button>
          )}
          <button
            type="button"
            className={`btn btn-small${finished ? " btn-primary" : ""}`}
            onClick={() => navigate(`/setup?from=${encodeURIComponent(m.meetingId)}`)}
            data-testid="admin-next-year"
          >
            {t("admin.row.nextYear", { year: String(m.year + 1) })}
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => void archive()}
            data-testid="admin-archive"
          >
            {m.archived ? t("admin.row.unarchive") : t("admin.row.archive")}
          </button>
        </div>
        {failed && (
          <p className="setup-error" role="alert">
            {t("admin.row.failed")}
          </p>
        )}
      </div>
    </li>
  );
}
