import type { ReactNode } from "react";
import type { PollView } from "../../../shared/protocol/polls";
import { useLang, useT } from "../../i18n";
import { KIND_KEY, STATE_KEY, thresholdText, turnoutText, VISIBILITY_KEY } from "./labels";

/** Title, state, kind and visibility, threshold, and turnout once the poll has opened. */
export function PollHead({ poll, children }: { poll: PollView; children?: ReactNode }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <header className="poll-head">
      <div className="poll-head-main">
        <h3 className="poll-title">{poll.title}</h3>
        <p className="poll-meta">
          <span className={`pill poll-state state-${poll.state}`} data-testid="poll-state">
            {t(STATE_KEY[poll.state])}
          </span>
          <span className="pill pill-muted">{t(VISIBILITY_KEY[poll.visibility])}</span>
          <span className="pill pill-muted">{t(KIND_KEY[poll.kind])}</span>
          <span className="poll-rule">{thresholdText(t, lang, poll.threshold, poll.base)}</span>
        </p>
      </div>
      {poll.state !== "draft" && (
        <p className="poll-turnout" data-testid="poll-turnout">
          {turnoutText(t, poll)}
        </p>
      )}
      {children}
    </header>
  );
}
