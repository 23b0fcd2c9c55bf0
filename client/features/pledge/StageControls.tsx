import { useState } from "react";
import type { PledgeState } from "../../../shared/protocol/pledge";
import { EVENTS } from "../../../shared/protocol/events";
import { useT } from "../../i18n";
import type { Send } from "../../realtime/useMeeting";
import { shortHash } from "./doc";

export interface StageControlsProps {
  pledge: PledgeState;
  role: "chair" | "secretary";
  chairMayAdopt: boolean;
  /** The hash of the draft as this console holds it (what a freeze now would produce). */
  localHash: string | null;
  send: Send;
  run: (p: Promise<{ ok: boolean; error?: { message: string } }>) => Promise<boolean>;
  busy: boolean;
  online: boolean;
}

/** Adopt, freeze and unfreeze, each offered only in the stage (and to the role) the server accepts it. */
export function StageControls({ pledge, role, chairMayAdopt, localHash, send, run, busy, online }: StageControlsProps) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState<string | null>(null);
  const off = busy || !online;
  switch (pledge.stage) {
    case "drafting":
      return chairMayAdopt && role === "chair" ? (
        <button type="button" className="btn btn-primary" disabled={off} onClick={() => {
            // Adopting without a vote is final for the text: the chair confirms it.
            if (window.confirm(t("room.pledge.adoptConfirm"))) void run(send(EVENTS.PLEDGE_ADOPT, {}));
          }} data-testid="pledge-adopt">
          {t("pledge.adopt")}
        </button>
      ) : (
        <p className="hint" data-testid="pledge-adopt-hint">
          {t("pledge.adoptByPoll")}
        </p>
      );
    case "adopted":
      return confirming ? (
        <div className="pledge-confirm" role="group" aria-label={t("pledge.freeze")}>
          <p>{t("pledge.freezeConfirm", { hash: shortHash(localHash) })}</p>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={off}
              data-testid="pledge-freeze-yes"
              onClick={() => void run(send(EVENTS.PLEDGE_FREEZE, {})).then(() => setConfirming(false))}
            >
              {t("pledge.freeze")}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t("pledge.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn btn-primary" disabled={off} onClick={() => setConfirming(true)} data-testid="pledge-freeze">
          {t("pledge.freeze")}
        </button>
      );
    case "frozen":
    case "final":
      if (role !== "chair") return null;
      return reason === null ? (
        <button type="button" className="btn" disabled={off} onClick={() => setReason("")} data-testid="pledge-unfreeze">
          {t("pledge.unfreeze")}
        </button>
      ) : (
        <div className="pledge-confirm warn" role="group" aria-label={t("pledge.unfreeze")}>
          <p>{t("pledge.unfreezeWarn", { n: pledge.signedCount })}</p>
          <label className="field">
            <span>{t("pledge.unfreezeReason")}</span>
            <input type="text" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} data-testid="pledge-unfreeze-reason" />
          </label>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-danger"
              disabled={off || reason.trim().length < 5}
              onClick={() => void run(send(EVENTS.PLEDGE_UNFREEZE, { reason: reason.trim() })).then((ok) => ok && setReason(null))}
            >
              {t("pledge.unfreeze")}
            </button>
            <button type="button" className="btn" onClick={() => setReason(null)}>
              {t("pledge.cancel")}
            </button>
          </div>
        </div>
      );
  }
}
