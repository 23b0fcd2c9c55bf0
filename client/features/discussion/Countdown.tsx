import { countdown, formatClock } from "../../../shared/discussion/timer";
import type { CurrentSpeaker } from "../../../shared/protocol/discussion";
import { useT } from "../../i18n";
import { useNow } from "./hooks";

/** Time left of the current turn, then the overrun counting up in red ("+0:12"). */
export function Countdown({ current, size = "m" }: { current: CurrentSpeaker; size?: "m" | "xl" }) {
  const t = useT();
  const now = useNow(250);
  const c = countdown(current, now);
  return (
    <div className={`countdown size-${size}${c.over ? " over" : ""}`} data-testid="countdown" data-over={c.over} role="timer">
      <span className="countdown-label">{t(c.over ? "speak.overrun" : "speak.left")}</span>
      <span className="countdown-value" data-testid="countdown-value">
        {c.over ? `+${formatClock(c.overrunS)}` : formatClock(c.remainingS)}
      </span>
      <span className="countdown-limit">{t("speak.limit", { limit: formatClock(current.limitS) })}</span>
    </div>
  );
}
