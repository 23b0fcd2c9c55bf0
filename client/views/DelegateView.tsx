import { AgendaList } from "../components/AgendaList";
import { AttendanceList } from "../components/Attendance";
import { Header } from "../components/Header";
import { Panel } from "../components/Page";
import { DELEGATE_PANELS } from "../features/registry";
import { useT } from "../i18n";
import type { StoredSession } from "../lib/sessions";
import { MeetingGate, SessionGate, type LiveMeeting } from "./gates";

/** /m/:id/delegate — a unit's tablet. Feature panels (DELEGATE_PANELS) come below the current item. */
export function DelegateView({ meetingId }: { meetingId: string }) {
  return (
    <SessionGate meetingId={meetingId} view="delegate">
      {(s) => <MeetingGate token={s.token}>{(m) => <DelegateScreen meeting={m} session={s} />}</MeetingGate>}
    </SessionGate>
  );
}

function DelegateScreen({ meeting, session }: { meeting: LiveMeeting; session: StoredSession }) {
  const t = useT();
  const { state } = meeting;
  const unit = state.units.find((u) => u.code === session.session.unit);
  const item = state.agenda[state.agendaIndex];
  const me = state.attendance.find((a) => a.unit === unit?.code);
  return (
    <div className="page page-delegate">
      <Header state={state} connection={meeting.connection} showAgenda={false} who={t("role.delegate")} />
      <main className="delegate-main">
        <section className="unit-banner" aria-label={t("delegate.unitLabel")}>
          <div>
            <p className="unit-banner-label">{t("delegate.unitLabel")}</p>
            <h1 className="unit-banner-name" data-testid="unit-name">
              {unit?.name ?? session.session.unit}
            </h1>
          </div>
          {me && (
            <span className={`pill pill-lg ${me.present ? "pill-ok" : "pill-muted"}`}>
              {t(me.present ? "attendance.present" : "attendance.absent")}
            </span>
          )}
        </section>

        <section className="now-card" aria-label={t("delegate.currentItem")}>
          <p className="now-label">
            {t("delegate.currentItem")} ·{" "}
            {t("agenda.itemOf", { n: state.agendaIndex + 1, total: state.agenda.length })}
          </p>
          <h2 className="now-title" data-testid="current-agenda-item">
            {item?.title ?? t("header.noAgenda")}
          </h2>
          {item && (item.time || item.owner) && (
            <p className="now-meta">{[item.time, item.owner].filter(Boolean).join(" · ")}</p>
          )}
        </section>

        <div className="delegate-grid">
          <div className="delegate-features">
            {DELEGATE_PANELS.map(({ id, titleKey, Component }) => (
              <Panel key={id} title={t(titleKey)} testId={`panel-${id}`}>
                <Component meeting={meeting} session={session} />
              </Panel>
            ))}
          </div>
          <div className="delegate-side">
            <Panel title={t("agenda.title")} testId="panel-agenda">
              <AgendaList agenda={state.agenda} index={state.agendaIndex} />
            </Panel>
            <Panel title={t("attendance.title")} testId="panel-attendance">
              <AttendanceList state={state} highlightUnit={unit?.code} />
            </Panel>
          </div>
        </div>
      </main>
    </div>
  );
}
