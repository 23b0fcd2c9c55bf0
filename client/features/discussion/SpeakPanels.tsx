import { useState } from "react";
import { countdown, formatClock } from "../../../shared/discussion/timer";
import type { SpeakKind } from "../../../shared/protocol/discussion";
import { EVENTS } from "../../../shared/protocol/events";
import type { MeetingState } from "../../../shared/protocol/meeting";
import { formatDate, useLang, useT } from "../../i18n";
import type { FeatureContext } from "../types";
import { Countdown } from "./Countdown";
import { useNow } from "./hooks";
import "./discussion.css";

const KINDS: SpeakKind[] = ["presentation", "remark"];
const unitName = (state: MeetingState, code: string) => state.units.find((u) => u.code === code)?.name ?? code;

/** The delegate's "Đăng ký phát biểu": a presentation or a remark, its place in the queue, withdraw. */
export function DelegateSpeak({ meeting, session }: FeatureContext) {
  const t = useT();
  const { lang } = useLang();
  const { state, send } = meeting;
  const unit = session.session.unit;
  const [note, setNote] = useState("");
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const now = useNow();
  const { current, queue } = state.speakers;
  const position = queue.findIndex((q) => q.unit === unit);
  const mine = current?.unit === unit ? "speaking" : position >= 0 ? "waiting" : "none";

  const run = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    const res = await p;
    setBusy(false);
    setError(res.ok ? null : t("speak.refused", { message: res.error?.message ?? "" }));
    if (res.ok) setNote("");
  };

  if (state.phase !== "day")
    return (
      <div className="speak-delegate" data-testid="speak-delegate" data-phase={state.phase}>
        <p className="speak-mine" data-testid="speak-phase">
          {t(state.phase === "comments" ? "phase.comments" : "phase.closed", { date: formatDate(state.conference.date, lang) })}
        </p>
      </div>
    );

  return (
    <div className="speak-delegate" data-testid="speak-delegate" data-mine={mine}>
      {mine === "speaking" && current && (
        <div className="speak-mine speaking" data-testid="speak-mine">
          <strong>{t("speak.mine.speaking", { left: formatClock(countdown(current, now).remainingS) })}</strong>
          {countdown(current, now).over && <span className="over">{t("speak.mine.over", { over: formatClock(countdown(current, now).overrunS) })}</span>}
        </div>
      )}
      {mine === "waiting" && (
        <div className="speak-mine waiting" data-testid="speak-mine">
          <strong>{t("speak.mine.waiting", { kind: t(`speak.kind.${queue[position]!.kind}`).toLowerCase(), position: position + 1, total: queue.length })}</strong>
          <button type="button" className="btn" disabled={busy} onClick={() => void run(send(EVENTS.SPEAK_WITHDRAW, {}))} data-testid="speak-withdraw">
            {t("speak.withdraw")}
          </button>
        </div>
      )}
      {mine === "none" && (
        <>
          <p className="hint">{t("speak.mine.none")}</p>
          <label className="speak-note">
            {t("speak.name")}
            <input type="text" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} data-testid="speak-name" />
          </label>
          <label className="speak-note">
            {t("speak.note")}
            <input type="text" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} data-testid="speak-note" />
          </label>
          <div className="btn-row">
            {KINDS.map((kind) => (
              <button
                key={kind}
                type="button"
                className={`btn btn-xl${kind === "remark" ? " btn-primary" : ""}`}
                disabled={busy || meeting.connection !== "connected"}
                onClick={() => void run(send(EVENTS.SPEAK_REQUEST, { kind, ...(note.trim() ? { note: note.trim() } : {}), ...(name.trim() ? { name: name.trim() } : {}) }))}
                data-testid={`speak-request-${kind}`}
              >
                {t("speak.request")} · {t(`speak.kind.${kind}`)}
              </button>
            ))}
          </div>
        </>
      )}
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

/** The chair's queue: who speaks now (countdown, end), who waits (reorder, give the floor). */
export function ChairSpeakers({ meeting }: FeatureContext) {
  const t = useT();
  const { state, send } = meeting;
  const { current, queue } = state.speakers;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    const res = await p;
    setBusy(false);
    setError(res.ok ? null : t("speak.refused", { message: res.error?.message ?? "" }));
  };
  const move = (i: number, by: number) => {
    const order = queue.map((q) => q.requestId);
    const [id] = order.splice(i, 1);
    order.splice(i + by, 0, id!);
    void run(send(EVENTS.SPEAK_REORDER, { order }));
  };
  const offline = meeting.connection !== "connected";

  return (
    <div className="speak-chair" data-testid="speak-chair">
      <section className="speak-current" data-testid="speak-current">
        <h3>{t("speak.current")}</h3>
        {current ? (
          <div className="speak-current-row">
            <div>
              <strong data-testid="speak-current-unit">{unitName(state, current.unit)}</strong>
              <span className="sub">
                {current.name ? `${current.name} · ` : ""}
                {t(`speak.kind.${current.kind}`)}
                {current.note ? ` · ${current.note}` : ""}
              </span>
            </div>
            <Countdown current={current} />
            <button type="button" className="btn btn-danger" disabled={busy || offline} onClick={() => void run(send(EVENTS.SPEAK_END, {}))} data-testid="speak-end">
              {t("speak.end")}
            </button>
          </div>
        ) : (
          <p className="hint">{t("speak.nobody")}</p>
        )}
      </section>
      <section>
        <h3>{t("speak.queue", { n: queue.length })}</h3>
        {queue.length === 0 ? (
          <p className="hint">{t("speak.queueEmpty")}</p>
        ) : (
          <ol className="speak-queue" data-testid="speak-queue">
            {queue.map((q, i) => (
              <li key={q.requestId} data-testid={`speak-queued-${q.unit}`} data-request={q.requestId}>
                <div className="speak-queued-who">
                  <strong>{unitName(state, q.unit)}</strong>
                  <span className="sub">
                    {q.name ? `${q.name} · ` : ""}
                    {t(`speak.kind.${q.kind}`)}
                    {q.note ? ` · ${q.note}` : ""}
                  </span>
                </div>
                <div className="btn-row">
                  <button type="button" className="btn" aria-label={`${t("speak.up")}: ${q.unit}`} disabled={busy || offline || i === 0} onClick={() => move(i, -1)} data-testid={`speak-up-${q.unit}`}>
                    ↑
                  </button>
                  <button type="button" className="btn" aria-label={`${t("speak.down")}: ${q.unit}`} disabled={busy || offline || i === queue.length - 1} onClick={() => move(i, 1)} data-testid={`speak-down-${q.unit}`}>
                    ↓
                  </button>
                  <button type="button" className="btn btn-primary" disabled={busy || offline || current !== null} onClick={() => void run(send(EVENTS.SPEAK_GIVE, { requestId: q.requestId }))} data-testid={`speak-give-${q.unit}`}>
                    {t("speak.give")}
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
      <button type="button" className="btn" disabled={busy || offline || state.screen === "speaker"} onClick={() => void run(send(EVENTS.SCREEN_SHOW, { view: "speaker" }))} data-testid="speak-show-screen">
        {t("speak.showScreen")}
      </button>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}
