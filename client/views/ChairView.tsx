import { useState } from "react";
import { RehearsalControl } from "../components/Rehearsal";
import type { MeetingState, RollcallMark, ScreenView } from "../../shared/protocol/meeting";
import { EVENTS } from "../../shared/protocol/events";
import { AgendaList } from "../components/AgendaList";
import { OnlineDot, QuorumLine } from "../components/Attendance";
import { Header } from "../components/Header";
import { Panel, Toast } from "../components/Page";
import { PressDownloads } from "../features/pledge/Downloads";
import { useT, type MessageKey } from "../i18n";
import type { StoredSession } from "../lib/sessions";
import { journalPath, Link, viewPath } from "../router";
import type { SendResult, EventName } from "../realtime/useMeeting";
import { agendaItemKind, SCREEN_OF_KIND } from "../../shared/definition/agenda-kind";
import { ChairFeaturePanels } from "./ChairPanels";
import { MeetingGate, SessionGate, type LiveMeeting } from "./gates";

const SCREEN_VIEWS: readonly ScreenView[] = ["welcome", "agenda", "attendance", "scores", "poll", "pledge"];
const MARKS: { mark: RollcallMark["mark"]; key: MessageKey }[] = [
  { mark: "present", key: "attendance.markPresent" },
  { mark: "absent", key: "attendance.markAbsent" },
  { mark: "auto", key: "attendance.markAuto" },
];

/** /m/:id/chair — the chair's or secretary's console. Feature panels (CHAIR_PANELS) come last. */
export function ChairView({ meetingId }: { meetingId: string }) {
  return (
    <SessionGate meetingId={meetingId} view="chair">
      {(s) => (
        <MeetingGate token={s.token} meetingId={meetingId}>
          {(m) => <Console meeting={m} session={s} />}
        </MeetingGate>
      )}
    </SessionGate>
  );
}

function Console({ meeting, session }: { meeting: LiveMeeting; session: StoredSession }) {
  const t = useT();
  const { state, send } = meeting;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const online = meeting.connection === "connected";

  /** Sends a command; a refusal becomes a toast (the state on screen is the server's, so nothing to undo). */
  const run = async <E extends EventName>(p: Promise<SendResult<E>>) => {
    setBusy(true);
    const res = (await p) as { ok: true } | { ok: false; error: { message: string } };
    setBusy(false);
    if (!res.ok) setError(t("chair.failed", { message: res.error.message }));
  };
  const [screenFollows, setScreenFollows] = useScreenFollows(state.meetingId);
  /** Moves the agenda; with "the big screen follows" on, the screen then shows the new item's view. */
  const goto = async (index: number) => {
    setBusy(true);
    const res = await send(EVENTS.AGENDA_GOTO, { index });
    setBusy(false);
    if (!res.ok) return setError(t("chair.failed", { message: res.error.message }));
    if (!screenFollows) return;
    const kind = agendaItemKind(state.agenda[index]?.title ?? "");
    await run(send(EVENTS.SCREEN_SHOW, { view: kind ? SCREEN_OF_KIND[kind] : "agenda" }));
  };
  const last = state.agenda.length - 1;

  return (
    <div className="page page-chair">
      <Header
        state={state}
        connection={meeting.connection}
        who={t(session.session.role === "secretary" ? "role.secretary" : "role.chair")}
        actions={<RehearsalControl state={state} role={session.session.role} send={send} />}
      />
      <main className="chair-main">
        <h1 className="sr-only">{t("room.chair.title")}</h1>
        <Panel
          title={t("agenda.title")}
          className="chair-agenda"
          testId="panel-agenda"
          actions={
            <div className="btn-row">
              <button
                type="button"
                className="btn"
                onClick={() => void goto(state.agendaIndex - 1)}
                disabled={!online || busy || state.agendaIndex <= 0}
                data-testid="agenda-prev"
              >
                {t("agenda.prev")}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => void goto(state.agendaIndex + 1)}
                disabled={!online || busy || state.agendaIndex >= last}
                data-testid="agenda-next"
              >
                {t("agenda.nextBtn")}
              </button>
            </div>
          }
        >
          <p className="hint">{t("agenda.jumpHint")}</p>
          <AgendaList
            agenda={state.agenda}
            index={state.agendaIndex}
            onSelect={(i) => void goto(i)}
            disabled={!online || busy}
          />
        </Panel>

        <div className="chair-col">
          <Panel title={t("chair.screenTitle")} className="panel-screen" testId="panel-screen">
            <label className="check screen-follows">
              <input
                type="checkbox"
                checked={screenFollows}
                onChange={(e) => setScreenFollows(e.target.checked)}
                data-testid="screen-follows"
              />
              {t("room.chair.screenFollows")}
            </label>
            <div className="segmented" role="group" aria-label={t("chair.screenTitle")}>
              {SCREEN_VIEWS.map((v) => (
                <button
                  key={v}
                  type="button"
                  className={v === state.screen ? "active" : ""}
                  aria-pressed={v === state.screen}
                  disabled={!online || busy}
                  onClick={() => void run(send(EVENTS.SCREEN_SHOW, { view: v }))}
                  data-testid={`screen-view-${v}`}
                >
                  {t(`view.${v}`)}
                </button>
              ))}
            </div>
          </Panel>
          <Panel title={t("attendance.title")} className="chair-rollcall" testId="panel-rollcall">
            <QuorumLine quorum={state.quorum} />
            <table className="rollcall">
              <thead>
                <tr>
                  <th scope="col">{t("attendance.unit")}</th>
                  <th scope="col">{t("attendance.status")}</th>
                  <th scope="col">{t("attendance.mark")}</th>
                </tr>
              </thead>
              <tbody>
                {state.attendance.map((row) => {
                  const unit = state.units.find((u) => u.code === row.unit);
                  const active: RollcallMark["mark"] = row.mark ?? "auto";
                  return (
                    <tr key={row.unit} data-testid={`attendance-row-${row.unit}`} data-present={row.present}>
                      <th scope="row">
                        <OnlineDot online={row.online} /> {unit?.shortName ?? row.unit}
                        <span className="sub">
                          {t(row.checkedIn ? "attendance.checkedIn" : "attendance.notCheckedIn")}
                        </span>
                      </th>
                      <td>
                        <span className={`pill ${row.present ? "pill-ok" : "pill-muted"}`}>
                          {t(row.present ? "attendance.present" : "attendance.absent")}
                        </span>
                        {row.mark && <span className="sub">{t("attendance.manual")}</span>}
                      </td>
                      <td>
                        <div
                          className="segmented segmented-sm"
                          role="group"
                          aria-label={`${t("attendance.mark")}: ${unit?.shortName ?? row.unit}`}
                        >
                          {MARKS.map(({ mark, key }) => (
                            <button
                              key={mark}
                              type="button"
                              className={active === mark ? "active" : ""}
                              aria-pressed={active === mark}
                              disabled={!online || busy}
                              onClick={() => void run(send(EVENTS.ROLLCALL_MARK, { unit: row.unit, mark }))}
                              data-testid={`mark-${row.unit}-${mark}`}
                            >
                              {t(key)}
                            </button>
                          ))}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Panel>

          <Panel title={t("chair.devices")} testId="panel-devices">
            <DeviceCounts state={state} />
            <div className="btn-row">
              <Link className="btn" href={viewPath(state.meetingId, "cards")} data-testid="cards-link">
                {t("chair.cardsLink")}
              </Link>
              <Link className="btn" href={journalPath(state.meetingId)} data-testid="journal-link">
                {t("chair.journalLink")}
              </Link>
            </div>
          </Panel>
          <Panel title={t("pledge.pressTitle")} testId="panel-press">
            <PressDownloads meetingId={state.meetingId} token={session.token} />
          </Panel>
        </div>

        <ChairFeaturePanels meeting={meeting} session={session} />
      </main>
      {error && <Toast message={error} onClose={() => setError(null)} />}
    </div>
  );
}

/** "The big screen follows the agenda", remembered on this device per meeting (off until the chair turns it on). */
function useScreenFollows(meetingId: string): [boolean, (on: boolean) => void] {
  const key = `concord.chair.screenFollows.${meetingId}`;
  const [on, setOn] = useState(() => {
    try {
      return localStorage.getItem(key) === "1";
    } catch {
      return false;
    }
  });
  const set = (v: boolean) => {
    setOn(v);
    try {
      localStorage.setItem(key, v ? "1" : "0");
    } catch {
      // Private mode: the choice lasts until the page is closed.
    }
  };
  return [on, set];
}

function DeviceCounts({ state }: { state: MeetingState }) {
  const t = useT();
  const delegates = state.attendance.reduce((n, a) => n + a.online, 0);
  const rows: [MessageKey, number][] = [
    ["chair.delegatesOnline", delegates],
    ["role.chair", state.others.chair],
    ["role.secretary", state.others.secretary],
    ["role.screen", state.others.screen],
    ["role.observer", state.others.observer],
  ];
  return (
    <dl className="device-counts" data-testid="device-counts">
      {rows.map(([key, n]) => (
        <div key={key}>
          <dt>{t(key)}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}
