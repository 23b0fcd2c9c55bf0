import { useState } from "react";
import { EVENTS } from "../../../shared/protocol/events";
import type { ScoreStage } from "../../../shared/protocol/scores";
import { useT, type MessageKey } from "../../i18n";
import type { LiveMeeting } from "../../views/gates";
import { downloadExport } from "./exports";

type Result = { ok: true } | { ok: false; error: { message: string } };

const STAGES: { stage: Exclude<ScoreStage, "locked">; key: MessageKey }[] = [
  { stage: "self", key: "scores.chair.openSelf" },
  { stage: "cross", key: "scores.chair.openCross" },
  { stage: "agreed", key: "scores.chair.openAgreed" },
];

/** Stage buttons, the lock (confirmed) and unlock (with a reason), copying into the agreed layer, exports. */
export function ChairControls({
  meeting,
  token,
  onResult,
}: {
  meeting: LiveMeeting;
  token: string;
  /** A message for the toast: an error, or what an action did. */
  onResult: (message: string, tone: "error" | "info") => void;
}) {
  const t = useT();
  const { state, send } = meeting;
  const stage = state.scores.stage;
  const locked = stage === "locked";
  const online = meeting.connection === "connected";
  const [busy, setBusy] = useState(false);
  const [confirmLock, setConfirmLock] = useState(false);
  const [reason, setReason] = useState("");
  const [overwrite, setOverwrite] = useState(false);

  const run = async (p: Promise<unknown>, done?: (res: Record<string, unknown>) => void) => {
    setBusy(true);
    const res = (await p) as Result & Record<string, unknown>;
    setBusy(false);
    if (!res.ok) onResult(t("chair.failed", { message: res.error.message }), "error");
    else done?.(res);
  };
  const copy = (from: "self" | "cross") =>
    void run(send(EVENTS.SCORES_COPY, { from, overwrite }), (res) =>
      onResult(t("scores.chair.copied", { n: Number(res.copied ?? 0) }), "info"),
    );
  const download = async (file: "scores.csv" | "scores.json") => {
    const err = await downloadExport(state.meetingId, token, file);
    if (err) onResult(t("chair.failed", { message: err }), "error");
  };
  const disabled = !online || busy;

  return (
    <div className="scores-controls">
      <div className="segmented" role="group" aria-label={t("scores.chair.stage")}>
        {STAGES.map(({ stage: s, key }) => (
          <button
            key={s}
            type="button"
            className={stage === s ? "active" : ""}
            aria-pressed={stage === s}
            disabled={disabled || locked}
            onClick={() => void run(send(EVENTS.SCORES_STAGE, { stage: s }))}
            data-testid={`scores-stage-${s}`}
          >
            {t(key)}
          </button>
        ))}
        {!locked && (
          <button
            type="button"
            className="btn-lock"
            disabled={disabled}
            onClick={() => setConfirmLock(true)}
            data-testid="scores-lock"
          >
            {t("scores.chair.lock")}
          </button>
        )}
      </div>

      {confirmLock && !locked && (
        <div className="confirm-box" role="alertdialog" aria-label={t("scores.chair.lock")}>
          <p>{t("scores.chair.lockConfirm")}</p>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={disabled}
              onClick={() => void run(send(EVENTS.SCORES_LOCK, {}), () => setConfirmLock(false))}
              data-testid="scores-lock-confirm"
            >
              {t("scores.chair.lockYes")}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmLock(false)}>
              {t("scores.chair.cancel")}
            </button>
          </div>
        </div>
      )}

      {locked && (
        <form
          className="unlock-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(send(EVENTS.SCORES_UNLOCK, { reason: reason.trim() }), () => setReason(""));
          }}
        >
          <label>
            <span>{t("scores.chair.unlockReason")}</span>
            <input
              type="text"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              minLength={5}
              required
              data-testid="scores-unlock-reason"
            />
          </label>
          <button type="submit" className="btn" disabled={disabled || reason.trim().length < 5} data-testid="scores-unlock">
            {t("scores.chair.unlock")}
          </button>
        </form>
      )}

      {!locked && (
        <div className="btn-row copy-row">
          <button type="button" className="btn" disabled={disabled} onClick={() => copy("cross")} data-testid="scores-copy-cross">
            {t("scores.chair.copyCross")}
          </button>
          <button type="button" className="btn" disabled={disabled} onClick={() => copy("self")} data-testid="scores-copy-self">
            {t("scores.chair.copySelf")}
          </button>
          <label className="check">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
            {t("scores.chair.overwrite")}
          </label>
        </div>
      )}

      <div className="btn-row export-row">
        <button type="button" className="btn" onClick={() => void download("scores.csv")} data-testid="scores-export-csv">
          ⬇ scores.csv
        </button>
        <button type="button" className="btn" onClick={() => void download("scores.json")} data-testid="scores-export-json">
          ⬇ scores.json
        </button>
      </div>
    </div>
  );
}
