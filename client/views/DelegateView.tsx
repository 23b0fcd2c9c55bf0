import { useRef } from "react";
import { AgendaList } from "../components/AgendaList";
import { AttendanceList } from "../components/Attendance";
import { Header } from "../components/Header";
import { Panel } from "../components/Page";
import { DELEGATE_PANELS } from "../features/registry";
import { useT } from "../i18n";
import type { StoredSession } from "../lib/sessions";
import { pendingWorkOf } from "../lib/pendingWork";
import { TaskStrip, useDelegateTasks } from "./DelegateViewTasks";
import { MeetingGate, SessionGate, type LiveMeeting } from "./gates";

/** /m/:id/delegate — a unit's tablet. Feature panels (DELEGATE_PANELS) come below the current item. */
export function DelegateView({ meetingId }: { meetingId: string }) {
  return (
    <SessionGate meetingId={meetingId} view="delegate">
      {(s) => <MeetingGate token={s.token} meetingId={meetingId}>{(m) => <DelegateScreen meeting={m} session={s} />}</MeetingGate>}
    </SessionGate>
  );
}

function DelegateScreen({ meeting, session }: { meeting: LiveMeeting; session: StoredSession }) {
  const t = useT();
  const { state } = meeting;
  const unit = state.units.find((u) => u.code === session.session.unit);
  const item = state.agenda[state.agendaIndex];
  const me = state.attendance.find((a) => a.unit === unit?.code);
  const tasks = useDelegateTasks(state, session.token, unit?.code);
  // The panel of the first task comes first: the open vote, the cross-check or the signing. It stays
  // first once the task is done, so the receipt or the signature does not jump away.
  const lastTaskPanel = useRef<string | undefined>(undefined);
  if (tasks[0]) lastTaskPanel.current = tasks[0].panel;
  const first = lastTaskPanel.current;
  const panels = first ? [...DELEGATE_PANELS].sort((a, b) => Number(b.id === first) - Number(a.id === first)) : DELEGATE_PANELS;
  return (
    <div className="page page-delegate">
      <div className="delegate-top">
        <Header state={state} connection={meeting.connection} showAgenda={false} who={t("role.delegate")} />
        <TaskStrip tasks={tasks} offline={meeting.connection !== "connected"} />
        {meeting.keptAt !== undefined && unit && <KeptPendingWork meetingId={state.meetingId} unit={unit.code} />}
      </div>
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
            {panels.map(({ id, titleKey, Component }) => (
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

/**
 * After a reload without Wi-Fi the panels cannot load their data (criteria, Yjs), but what the tablet
 * still has to send is on the device: it is listed here until the connection is back.
 */
function KeptPendingWork({ meetingId, unit }: { meetingId: string; unit: string }) {
  const t = useT();
  const work = pendingWorkOf(meetingId, unit);
  const items = [
    work.scores > 0 && t("room.offline.scores", { n: work.scores }),
    work.ballots > 0 && t("room.offline.ballots", { n: work.ballots }),
    work.signature && t("room.offline.signature"),
  ].filter((x): x is string => !!x);
  if (items.length === 0) return null;
  return (
    <section className="kept-pending" data-testid="offline-pending" aria-label={t("room.offline.pending")}>
      <p>{t("room.offline.pending")}</p>
      <ul>
        {items.map((x) => (
          <li key={x}>{x}</li>
        ))}
      </ul>
    </section>
  );
}
