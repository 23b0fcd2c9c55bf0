import { useState } from "react";
import { EVENTS } from "../../shared/protocol/events";
import type { MeetingState } from "../../shared/protocol/meeting";
import type { Role } from "../../shared/protocol/roles";
import { useT } from "../i18n";
import type { SendAs } from "../realtime/meeting-client";

/** "DIỄN TẬP" across every view while the meeting is in rehearsal (meeting:state.rehearsal). */
export function RehearsalBanner({ state }: { state: Pick<MeetingState, "rehearsal"> }) {
  const t = useT();
  if (!state.rehearsal) return null;
  return (
    <div className="rehearsal-banner" role="status" data-testid="rehearsal-banner">
      <strong>{t("rehearsal.banner")}</strong> <span>{t("rehearsal.bannerHint")}</span>
    </div>
  );
}

/**
 * The chair's rehearsal switch: start (only before the meeting has begun; the server says why not)
 * and end (asks first: everything done in rehearsal is removed). Nothing for other roles.
 */
export function RehearsalControl({
  state,
  role,
  send,
}: {
  state: MeetingState;
  role: Role;
  /** Only the chair's events (the view's own `send` is one). */
  send: SendAs<"chair">;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (role !== "chair") return null;
  const run = async (event: typeof EVENTS.REHEARSAL_START | typeof EVENTS.REHEARSAL_END) => {
    if (event === EVENTS.REHEARSAL_END && !window.confirm(t("rehearsal.confirmEnd"))) return;
    setBusy(true);
    setError(null);
    const res = await send(event, {});
    setBusy(false);
    if (!res.ok) setError(res.error.message);
  };
  return (
    <span className="rehearsal-control">
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        data-testid={state.rehearsal ? "rehearsal-end" : "rehearsal-start"}
        onClick={() => void run(state.rehearsal ? EVENTS.REHEARSAL_END : EVENTS.REHEARSAL_START)}
      >
        {t(state.rehearsal ? "rehearsal.end" : "rehearsal.start")}
      </button>
      {error && (
        <span className="rehearsal-error" role="alert" data-testid="rehearsal-error">
          {error}
        </span>
      )}
    </span>
  );
}
