import { Header } from "../components/Header";
import { StaleBanner } from "../components/ConnectionBadge";
import { AgendaList } from "../components/AgendaList";
import { Panel } from "../components/Page";
import { SCREEN_PANELS } from "../features/registry";
import { useT } from "../i18n";
import { MeetingGate, SessionGate } from "./gates";

/** /m/:id/follow — read-only, for phones and laptops: what the big screen shows, plus the agenda. */
export function FollowView({ meetingId }: { meetingId: string }) {
  const t = useT();
  return (
    <SessionGate meetingId={meetingId} view="follow">
      {(s) => (
        <MeetingGate token={s.token} meetingId={meetingId}>
          {(m) => {
            const Current = SCREEN_PANELS[m.state.screen];
            return (
              <div className="page page-follow" data-view={m.state.screen}>
                <Header
                  state={m.state}
                  connection={m.connection}
                  who={t("follow.readOnly")}
                  showAgenda={m.state.screen !== "agenda"}
                />
                <StaleBanner connection={m.connection} />
                <main className="follow-main">
                  <section className="follow-stage" aria-live="polite">
                    <Current state={m.state} variant="follow" token={s.token} />
                  </section>
                  <Panel title={t("agenda.title")} className="follow-agenda">
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
