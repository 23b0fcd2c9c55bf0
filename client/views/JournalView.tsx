import { useEffect, useMemo, useState } from "react";
import { verifyJournal, type JournalEntry } from "../../shared/journal/chain";
import { Header } from "../components/Header";
import { Toast } from "../components/Page";
import { useT } from "../i18n";
import { fetchJournal } from "../lib/organiser-api";
import type { StoredSession } from "../lib/sessions";
import { Link, viewPath } from "../router";
import { JoinErrorPage, MeetingGate, SessionGate, type LiveMeeting } from "./gates";
import { JournalTable } from "./journal/JournalTable";

/**
 * /m/:id/journal — the meeting's hash-chained journal for the chair and secretary (the token the cards
 * page uses): newest first, in words, checked in the browser, and downloadable as the server sent it.
 */
export function JournalView({ meetingId }: { meetingId: string }) {
  return (
    <SessionGate meetingId={meetingId} view="cards">
      {(s) => <MeetingGate token={s.token}>{(m) => <JournalPage meeting={m} session={s} />}</MeetingGate>}
    </SessionGate>
  );
}

interface Loaded {
  entries: JournalEntry[];
  /** The response body exactly as received: what the download saves. */
  raw: string;
}

function JournalPage({ meeting, session }: { meeting: LiveMeeting; session: StoredSession }) {
  const t = useT();
  const { state } = meeting;
  const { meetingId } = session.session;
  const [journal, setJournal] = useState<Loaded | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  // Refetch whenever the live state says the journal grew: no polling.
  const headSeq = state.journalHead.seq;

  useEffect(() => {
    let cancelled = false;
    void fetchJournal(meetingId, session.token).then((res) => {
      if (cancelled) return;
      if (res.ok) {
        setJournal({ entries: res.data.entries, raw: res.data.raw });
        setError(null);
      } else setError(res.error);
    });
    return () => {
      cancelled = true;
    };
  }, [meetingId, session.token, headSeq]);

  const check = useMemo(() => (journal ? verifyJournal(journal.entries) : null), [journal]);

  if (!journal && error) return <JoinErrorPage code={error.code} />;
  const last = journal?.entries.at(-1);
  const fileName = `journal-${meetingId}-${last?.seq ?? 0}.json`;
  const download = () => {
    if (!journal) return;
    const url = URL.createObjectURL(new Blob([journal.raw], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="page page-journal">
      <Header
        state={state}
        connection={meeting.connection}
        who={t(session.session.role === "secretary" ? "role.secretary" : "role.chair")}
        showAgenda={false}
      />
      <main className="journal-main">
        <div className="journal-toolbar">
          <Link className="btn" href={viewPath(meetingId, "chair")}>
            {t("cards.back")}
          </Link>
          <div className="journal-toolbar-text">
            <h1>{t("journal.title")}</h1>
            <p className="hint">{t("journal.hint")}</p>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            onClick={download}
            disabled={!journal}
            data-testid="journal-download"
          >
            {t("journal.download")}
          </button>
        </div>

        {journal && check && (
          <div className="journal-summary">
            <div className="journal-head" data-testid="journal-head">
              <span className="journal-head-label">{t("journal.head")}</span>
              <strong>#{last?.seq ?? 0}</strong>
              <code title={last?.hash}>{last?.hash ?? "—"}</code>
              <span className="sub">{t("journal.count", { n: journal.entries.length })}</span>
            </div>
            {check.ok ? (
              <div className="chain-status chain-ok" role="status" data-testid="journal-chain">
                <strong>✓ {t("journal.valid")}</strong>
                <span>{t("journal.validCount", { n: check.count })}</span>
              </div>
            ) : (
              <div className="chain-status chain-bad" role="alert" data-testid="journal-chain">
                <strong>✗ {t("journal.broken", { seq: check.seq ?? check.index + 1 })}</strong>
                <span>{check.reason}</span>
              </div>
            )}
            <p className="hint journal-verify-cmd">{t("journal.verifyCmd", { file: fileName })}</p>
          </div>
        )}

        {journal && (
          <JournalTable
            entries={journal.entries}
            units={state.units}
            brokenSeq={check?.ok ? null : (check?.seq ?? null)}
          />
        )}
      </main>
      {journal && error && (
        <Toast message={t("error.generic", { message: error.message })} onClose={() => setError(null)} />
      )}
    </div>
  );
}
