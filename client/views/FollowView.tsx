import { Header } from "../components/Header";
import { StaleBanner } from "../components/ConnectionBadge";
import { AgendaList } from "../components/AgendaList";
import { Panel } from "../components/Page";
import { SCREEN_PANELS } from "../features/registry";
import { useT } from "../i18n";
import { FollowRecord } from "./FollowRecord";
import { MeetingGate, SessionGate } from "./gates";

/**
 * /m/:id/follow — read-only, for phones and laptops: what happens now (the current item and what
 * the big screen shows), then everything published so far (FollowRecord), and the agenda.
 */
export function FollowView({ meetingId }: { meetingId: string }) {
  const t = useT();
  return (
    <SessionGate meetingId={meetingId} view="follow">
      {(s) => (
        <MeetingGate token={s.token} meetingId={meetingId}>
          {(m) => {
            const Current = SCREEN_PANELS[m.state.screen];
            const item = m.state.agenda[m.state.agendaIndex];
            return (
              <div className="page page-follow" data-view={m.state.screen}>
                <Header state={m.state} connection={m.connection} who={t("follow.readOnly")} showAgenda={false} />
                <StaleBanner connection={m.connection} />
                <main className="follow-main">
                  <h1 className="sr-only">{t("follow.title")}</h1>
                  <div className="follow-col">
                    <section className="follow-now" aria-labelledby="follow-now-title" data-testid="follow-now">
                      <p className="now-label" id="follow-now-title">
                        {t("room.follow.now")} · {t("agenda.itemOf", { n: m.state.agendaIndex + 1, total: m.state.agenda.length })}
                      </p>
                      <h2 className="now-title" data-testid="current-agenda-item">
                        {item?.title ?? t("header.noAgenda")}
                      </h2>
                      {item && (item.time || item.owner) && (
                        <p className="now-meta">{[item.time, item.owner].filter(Boolean).join(" · ")}</p>
                      )}
                    </section>
                    <section className="follow-stage" aria-live="polite" aria-label={t(`view.${m.state.screen}`)} data-testid="follow-stage">
                      <Current state={m.state} variant="follow" token={s.token} />
                    </section>
                    <FollowRecord state={m.state} token={s.token} />
                  </div>
                  <Panel title={t("agenda.title")} className="follow-agenda" testId="follow-agenda">
                    <AgendaList agenda={m.state.agenda} index={m.state.agendaIndex} />
                  </Panel>
                </main>
              </div>
            );
          }}
        </MeetingGate>
      )}
    </SessionGate>
  );
}
