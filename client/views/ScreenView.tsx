import { useEffect } from "react";
import { RehearsalBanner } from "../components/Rehearsal";
import { StaleBanner } from "../components/ConnectionBadge";
import { SCREEN_PANELS } from "../features/registry";
import { formatDate, useLang, useT } from "../i18n";
import { MeetingGate, SessionGate } from "./gates";

/** /m/:id/screen — the projector (1920×1080, kiosk). Follows state.screen; panels in SCREEN_PANELS. */
export function ScreenView({ meetingId }: { meetingId: string }) {
  useEffect(() => {
    document.body.classList.add("kiosk");
    return () => document.body.classList.remove("kiosk");
  }, []);
  return (
    <SessionGate meetingId={meetingId} view="screen">
      {(s) => (
        <MeetingGate token={s.token} meetingId={meetingId}>
          {(m) => {
            const Panel = SCREEN_PANELS[m.state.screen];
            return (
              <div
                className={`page page-screen connection-${m.connection}`}
                data-testid="screen-root"
                data-view={m.state.screen}
              >
                <StaleBanner connection={m.connection} />
                <RehearsalBanner state={m.state} />
                <ScreenStrip
                  title={m.state.cluster.name}
                  date={m.state.conference.date}
                  connected={m.connection === "connected"}
                />
                <main className="screen-stage">
                  <Panel state={m.state} variant="kiosk" token={s.token} />
                </main>
                <footer className="screen-foot">
                  <JournalHead seq={m.state.journalHead.seq} hash={m.state.journalHead.hash} />
                </footer>
              </div>
            );
          }}
        </MeetingGate>
      )}
    </SessionGate>
  );
}

function ScreenStrip({ title, date, connected }: { title: string; date: string; connected: boolean }) {
  const { lang } = useLang();
  return (
    <header className="screen-strip">
      <span>{title}</span>
      <span>
        {formatDate(date, lang)}{" "}
        <span
          className={`strip-dot ${connected ? "on" : "off"}`}
          data-testid="connection-state"
          data-state={connected ? "connected" : "offline"}
          aria-hidden="true"
        />
      </span>
    </header>
  );
}

/** The journal head, so anyone in the room can compare it with the minutes later. */
function JournalHead({ seq, hash }: { seq: number; hash: string }) {
  const t = useT();
  return (
    <div className="screen-journal" data-testid="journal-head">
      {t("screen.journalHead")} #{seq} · {hash.slice(0, 16)}
    </div>
  );
}
