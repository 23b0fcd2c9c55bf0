import { useState } from "react";
import { EVENTS } from "../../../shared/protocol/events";
import type { PollPending, PollView } from "../../../shared/protocol/polls";
import { useLang, useT } from "../../i18n";
import type { LiveMeeting } from "../../views/gates";
import { PollHead } from "./PollHead";
import { ChoiceLegend, ResultBars } from "./ResultBars";
import { outcomeText, unitShort } from "./labels";

type Action = typeof EVENTS.POLL_OPEN | typeof EVENTS.POLL_CLOSE | typeof EVENTS.POLL_PUBLISH | typeof EVENTS.POLL_RUNOFF;

interface Props {
  poll: PollView;
  pending: PollPending | undefined;
  meeting: LiveMeeting;
  onResult: (message: string | null) => void;
}

/** One poll on the chair console: its state, turnout, who has not voted, and the next step. */
export function PollControl({ poll, pending, meeting, onResult }: Props) {
  const t = useT();
  const { lang } = useLang();
  const { state } = meeting;
  const [busy, setBusy] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const [reason, setReason] = useState("");
  const disabled = busy || meeting.connection !== "connected";

  const act = async (event: Action | typeof EVENTS.POLL_VOID, after?: () => void) => {
    setBusy(true);
    const res = event === EVENTS.POLL_VOID ? await meeting.send(event, { pollId: poll.id, reason: reason.trim() }) : await meeting.send(event, { pollId: poll.id });
    setBusy(false);
    if (!res.ok) return onResult(t("polls.chair.refused", { message: res.error.message }));
    onResult(null);
    after?.();
  };
  const live = poll.state === "open" || poll.state === "closed" || poll.state === "draft";
  const runoff = poll.state === "published" && poll.outcome?.result.kind === "single_choice" && poll.outcome.result.outcome === "runoff_needed";
  const notVoted = pending && poll.state !== "published" && poll.state !== "void" ? pending.notVoted : null;

  return (
    <article className={`poll-item poll-control state-${poll.state}`} data-testid={`poll-control-${poll.id}`} data-state={poll.state}>
      <PollHead poll={poll}>{poll.round > 1 && <span className="pill pill-warn">{t("polls.chair.round", { n: poll.round })}</span>}</PollHead>
      {poll.state === "open" && (
        <div className="poll-turnout-bar" aria-hidden="true">
          <span style={{ width: `${(poll.turnout.voted / Math.max(1, poll.turnout.members)) * 100}%` }} />
        </div>
      )}
      {notVoted && (
        <p className="poll-notvoted" data-testid="poll-notvoted">
          {notVoted.length === 0 ? (
            t("polls.chair.allVoted")
          ) : (
            <>
              <strong>{t("polls.chair.notVoted", { n: notVoted.length })}:</strong>{" "}
              {notVoted.map((u) => (
                <span key={u} className="pill pill-muted">
                  {unitShort(state, u)}
                </span>
              ))}
            </>
          )}
        </p>
      )}
      {poll.state === "published" && <p className="poll-outcome">{outcomeText(t, state, poll, lang)}</p>}
      {poll.counts && (poll.state !== "open" || poll.visibility === "open") && (
        <>
          {poll.kind === "per_candidate" && <ChoiceLegend />}
          <ResultBars poll={poll} state={state} counts={poll.counts} />
        </>
      )}
      {poll.state === "void" && <p className="poll-wait">{t("polls.voided", { reason: poll.voidReason ?? "" })}</p>}

      <div className="btn-row poll-actions">
        {poll.state === "draft" && (
          <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => void act(EVENTS.POLL_OPEN)} data-testid="poll-open">
            {t("polls.chair.open")}
          </button>
        )}
        {poll.state === "open" && !confirmClose && (
          <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => setConfirmClose(true)} data-testid="poll-close">
            {t("polls.chair.close")}
          </button>
        )}
        {poll.state === "closed" && (
          <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => void act(EVENTS.POLL_PUBLISH)} data-testid="poll-publish">
            {t("polls.chair.publish")}
          </button>
        )}
        {runoff && (
          <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => void act(EVENTS.POLL_RUNOFF)} data-testid="poll-runoff">
            {t("polls.chair.runoff")}
          </button>
        )}
        {live && !voiding && (
          <button type="button" className="btn btn-danger" disabled={disabled} onClick={() => setVoiding(true)} data-testid="poll-void">
            {t("polls.chair.void")}
          </button>
        )}
      </div>

      {confirmClose && poll.state === "open" && (
        <div className="confirm-box" role="alertdialog" aria-label={t("polls.chair.close")}>
          <p>{t("polls.chair.closeConfirm")}</p>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={disabled} onClick={() => void act(EVENTS.POLL_CLOSE, () => setConfirmClose(false))} data-testid="poll-close-confirm">
              {t("polls.chair.close")}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmClose(false)}>
              {t("polls.chair.cancel")}
            </button>
          </div>
        </div>
      )}
      {voiding && live && (
        <form
          className="unlock-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(EVENTS.POLL_VOID, () => setVoiding(false));
          }}
        >
          <label>
            <span>{t("polls.chair.voidReason")}</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={5} required data-testid="poll-void-reason" />
          </label>
          <button type="submit" className="btn btn-danger" disabled={disabled || reason.trim().length < 5} data-testid="poll-void-confirm">
            {t("polls.chair.voidYes")}
          </button>
          <button type="button" className="btn" onClick={() => setVoiding(false)}>
            {t("polls.chair.cancel")}
          </button>
        </form>
      )}
    </article>
  );
}
