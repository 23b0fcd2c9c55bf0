import type { CSSProperties } from "react";
import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollView } from "../../../shared/protocol/polls";
import { useLang, useT, type Lang, type Translate } from "../../i18n";
import type { ScreenPanelProps } from "../types";
import { ChoiceLegend, ResultBars } from "./ResultBars";
import { KIND_KEY, outcomeText, thresholdText, turnoutText, VISIBILITY_KEY } from "./labels";
import { currentPoll } from "./store";
import { usePolls } from "./usePolls";

/**
 * The vote on the big screen and followers' phones: the open poll, else the one last closed or
 * published. Turnout always; live counts only for show-of-hands polls (a secret poll shows turnout
 * until it closes); on publish the outcome in words, large, above the chart.
 */
export function PollScreen({ state, variant, token }: ScreenPanelProps) {
  const t = useT();
  const { lang } = useLang();
  const polls = usePolls(token);
  const poll = currentPoll(polls.list);

  if (!poll)
    return (
      <div className={`sp sp-poll ${variant}`} data-testid="screen-poll">
        <h1 className="sp-heading">{t("view.poll")}</h1>
        <p className="sp-note">{polls.ready ? t("polls.screen.none") : t("conn.loading")}</p>
      </div>
    );

  const share = poll.turnout.voted / Math.max(1, poll.turnout.members);
  const outcome = screenOutcome(t, state, poll, lang);
  // A secret poll's counts wait for the chair to publish them; a show of hands is counted live.
  const showCounts = poll.counts && (poll.state === "published" || poll.visibility === "open");
  // Without a chart the turnout is the whole screen; beside one it steps back.
  const turnoutSize = poll.state === "published" ? "compact" : showCounts ? "medium" : "large";
  return (
    <div className={`sp sp-poll ${variant} state-${poll.state}${poll.candidates.length > 10 ? " many" : ""}`} data-testid="screen-poll" data-poll={poll.id} data-state={poll.state}>
      <div className="sp-poll-head">
        <p className="sp-kicker">
          {t(VISIBILITY_KEY[poll.visibility])} · {t(KIND_KEY[poll.kind])}
        </p>
        <h1 className="sp-heading sp-poll-title">{poll.title}</h1>
      </div>

      {poll.state === "published" && outcome && (
        <p className="sp-poll-outcome" data-testid="screen-poll-outcome">
          {outcome}
        </p>
      )}

      <div className={`sp-turnout ${turnoutSize}`} data-testid="screen-poll-turnout">
        <div className="sp-turnout-figure">
          <span className="sp-turnout-n">{poll.turnout.voted}</span>
          <span className="sp-turnout-of">/{poll.turnout.members}</span>
        </div>
        <div className="sp-turnout-side">
          <p className="sp-turnout-text">{turnoutText(t, poll)}</p>
          <div className="sp-turnout-bar" style={{ "--share": share } as CSSProperties}>
            <span />
          </div>
          {poll.state === "closed" && <p className="sp-sub">{t("polls.screen.counting")}</p>}
          {poll.state !== "published" && poll.visibility === "secret" && <p className="sp-sub">{t("polls.screen.secretCounts")}</p>}
        </div>
      </div>

      {showCounts && poll.counts && (
        <div className="sp-poll-chart">
          {poll.state === "open" && <p className="sp-poll-live">{t("polls.screen.live")}</p>}
          {poll.kind === "per_candidate" && <ChoiceLegend />}
          <ResultBars poll={poll} state={state} counts={poll.counts} />
        </div>
      )}

      <p className="sp-poll-rule">
        {poll.outcome
          ? t(poll.kind === "single_choice" ? "polls.result.thresholdElect" : "polls.result.threshold", { threshold: thresholdText(t, lang, poll.threshold, poll.base), required: poll.outcome.result.required })
          : `${t("polls.chair.threshold")}: ${thresholdText(t, lang, poll.threshold, poll.base)}`}
      </p>
    </div>
  );
}

/** More than this many units passed: the screen gives their number, the bars name them. */
const NAMED_PASSED_MAX = 3;

/** The outcome in words, short enough for one or two lines of the big screen. */
function screenOutcome(t: Translate, state: MeetingState, poll: PollView, lang: Lang): string | null {
  const result = poll.outcome?.result;
  if (result?.kind === "per_candidate") {
    const passed = result.candidates.filter((c) => c.passed).length;
    if (passed > NAMED_PASSED_MAX) return t("room.poll.passedCount", { n: passed, total: result.candidates.length });
  }
  return outcomeText(t, state, poll, lang);
}
