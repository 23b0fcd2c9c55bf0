import { useState } from "react";
import type { MeetingState } from "../../shared/protocol/meeting";
import type { PollView } from "../../shared/protocol/polls";
import { Panel } from "../components/Page";
import { ResultBars } from "../features/polls/ResultBars";
import { KIND_KEY, outcomeText, turnoutText, VISIBILITY_KEY } from "../features/polls/labels";
import { usePolls } from "../features/polls/usePolls";
import { plainDraft } from "../features/pledge/doc";
import { DraftText } from "../features/pledge/DraftText";
import { SignatureWall } from "../features/pledge/PledgeScreen";
import { usePledgeDoc } from "../features/pledge/usePledgeDoc";
import { usePledgeState } from "../features/pledge/usePledgeState";
import { clock } from "../features/polls/labels";
import { useLang, useT } from "../i18n";

/**
 * Everything published so far, for someone following on a phone or a laptop who arrived late: the
 * published votes with their outcome and counts, the final ranking once the table is locked, the
 * pledge and its signatures once it is adopted. Nothing unpublished: a secret vote's counts appear
 * only when the chair publishes them, as on the big screen.
 */
export function FollowRecord({ state, token }: { state: MeetingState; token: string }) {
  const t = useT();
  const polls = usePolls(token);
  const published = polls.list.filter((p) => p.state === "published").sort((a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0));
  const ranking = state.scores.stage === "locked" ? state.scores.ranking : null;
  return (
    <>
      <Panel title={t("room.follow.results")} className="follow-record" testId="follow-results">
        {published.length === 0 ? (
          <p className="hint">{t("room.follow.noResults")}</p>
        ) : (
          <ol className="follow-polls">
            {published.map((p) => (
              <PublishedPoll key={p.id} poll={p} state={state} />
            ))}
          </ol>
        )}
      </Panel>
      <Panel title={t("room.follow.ranking")} className="follow-record" testId="follow-ranking">
        {ranking ? (
          <ol className="follow-ranking">
            {ranking.map((code, i) => (
              <li key={code} data-testid={`follow-rank-${code}`}>
                <span className="follow-rank-n">{i + 1}</span>
                <span>{state.units.find((u) => u.code === code)?.name ?? code}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="hint">{t("room.follow.noRanking")}</p>
        )}
      </Panel>
      <FollowPledge token={token} meetingId={state.meetingId} />
    </>
  );
}

function PublishedPoll({ poll, state }: { poll: PollView; state: MeetingState }) {
  const t = useT();
  const { lang } = useLang();
  const outcome = outcomeText(t, state, poll, lang);
  return (
    <li className="follow-poll" data-testid={`follow-poll-${poll.id}`}>
      <h3 className="follow-poll-title">{poll.title}</h3>
      <p className="follow-poll-meta">
        {t(VISIBILITY_KEY[poll.visibility])} · {t(KIND_KEY[poll.kind])} · {turnoutText(t, poll)}
        {poll.publishedAt !== null && ` · ${t("room.follow.publishedAt", { time: clock(poll.publishedAt, lang) })}`}
      </p>
      {outcome && (
        <p className="follow-poll-outcome" data-testid={`follow-outcome-${poll.id}`}>
          {outcome}
        </p>
      )}
      {poll.counts && <ResultBars poll={poll} state={state} counts={poll.counts} />}
    </li>
  );
}

function FollowPledge({ token, meetingId }: { token: string; meetingId: string }) {
  const t = useT();
  const { state: pledge } = usePledgeState(token);
  const ydoc = usePledgeDoc(meetingId, token);
  // The text is laid out only when unfolded (a phone need not lay out two pages it does not show).
  const [textOpen, setTextOpen] = useState(false);
  const shown = pledge && pledge.stage !== "drafting";
  return (
    <Panel title={t("room.follow.pledge")} className="follow-record follow-pledge" testId="follow-pledge">
      {!shown ? (
        <p className="hint">{t("room.follow.noPledge")}</p>
      ) : (
        <>
          {pledge.textHash && (
            <p className="follow-hash">
              {t("room.follow.pledgeHash")} <code>{pledge.textHash}</code>
            </p>
          )}
          {ydoc.doc && ydoc.synced && (
            <details className="follow-pledge-text" onToggle={(e) => setTextOpen(e.currentTarget.open)}>
              <summary>{t("room.follow.pledgeText")}</summary>
              {textOpen && <DraftText draft={plainDraft(ydoc.doc)} />}
            </details>
          )}
          <SignatureWall pledge={pledge} compact />
          <p>
            <a href={`/verify/${encodeURIComponent(meetingId)}`}>{t("room.follow.verify")}</a>
          </p>
        </>
      )}
    </Panel>
  );
}
