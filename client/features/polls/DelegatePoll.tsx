import { lazy, Suspense } from "react";
import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollView } from "../../../shared/protocol/polls";
import { useLang, useT } from "../../i18n";
import { AlreadyVoted, Receipt } from "./Receipt";
import { BallotForm } from "./BallotForm";
import { PollHead } from "./PollHead";
import { ReceiptLookup } from "./ReceiptLookup";
import { ChoiceLegend, ResultBars } from "./ResultBars";
import { outcomeText } from "./labels";
import type { UsePolls } from "./usePolls";
import { useCast } from "./useCast";

// The pledge's Yjs document loads only for a vote on adopting it (the first chunk stays without Yjs).
const BallotHash = lazy(() => import("../pledge/BallotHash").then((m) => ({ default: m.BallotHash })));

interface Props {
  poll: PollView;
  polls: UsePolls;
  state: MeetingState;
  unit: string;
  token: string;
  selfVoteAllowed: boolean;
}

/** One poll on the unit's tablet: the ballot while open, the receipt once cast, the result once published. */
export function DelegatePoll({ poll, polls, state, unit, token, selfVoteAllowed }: Props) {
  const t = useT();
  const { lang } = useLang();
  const { status, cast } = useCast(polls.client, polls.connected, { meetingId: state.meetingId, pollId: poll.id, unit }, polls.noteVoted, () => void polls.sync());
  const mine = polls.mine[poll.id];
  const receipt = status.phase === "done" ? status.cast.receipt : null;
  const knownCode = receipt?.receipt ?? mine?.receipt ?? null;

  let body;
  if (poll.state === "open") {
    if (receipt) body = <Receipt poll={poll} receipt={receipt} />;
    else if (mine) body = <AlreadyVoted castAt={mine.castAt} receipt={mine.receipt} />;
    else if (status.phase === "sending")
      body = (
        <p className={`poll-sending${status.waiting ? " waiting" : ""}`} role="status" data-testid="poll-sending">
          {t(status.waiting && !polls.connected ? "polls.ballot.kept" : "polls.ballot.sending")}
        </p>
      );
    else
      body = (
        <>
          {status.phase === "refused" && (
            <p className="poll-error" role="alert" data-testid="poll-refused">
              {t("polls.refused", { message: status.message })}
            </p>
          )}
          <p className={`poll-secrecy ${poll.visibility}`}>
            {poll.visibility === "secret" ? t("polls.ballot.secretNote") : t("polls.ballot.openNote")}
          </p>
          <BallotForm poll={poll} state={state} ownUnit={unit} selfVoteAllowed={selfVoteAllowed} disabled={!polls.connected} onCast={cast} />
        </>
      );
  } else if (poll.state === "closed") {
    body = (
      <>
        <p className="poll-wait">{t("polls.closedWait")}</p>
        {/* A ballot kept while offline and sent after the close: the server says it was not counted. */}
        {status.phase === "refused" && (
          <p className="poll-error" role="alert" data-testid="poll-refused">
            {t("polls.refused", { message: status.message })}
          </p>
        )}
        {receipt ? <Receipt poll={poll} receipt={receipt} /> : mine && <AlreadyVoted castAt={mine.castAt} receipt={mine.receipt} />}
      </>
    );
  } else if (poll.state === "published") {
    body = (
      <>
        <p className="poll-outcome" data-testid="poll-outcome">
          {outcomeText(t, state, poll, lang)}
        </p>
        {poll.counts && (
          <>
            {poll.kind === "per_candidate" && <ChoiceLegend />}
            <ResultBars poll={poll} state={state} counts={poll.counts} />
          </>
        )}
        {mine && !knownCode && <AlreadyVoted castAt={mine.castAt} receipt={null} />}
        <ReceiptLookup poll={poll} state={state} token={token} known={knownCode} />
      </>
    );
  } else if (poll.state === "void") {
    body = <p className="poll-wait">{t("polls.voided", { reason: poll.voidReason ?? "" })}</p>;
  }

  return (
    <article className={`poll-item state-${poll.state}`} data-testid={`poll-${poll.id}`} data-state={poll.state}>
      <PollHead poll={poll} />
      {poll.subject === "pledge" && (poll.state === "open" || poll.state === "closed") && (
        <Suspense fallback={null}>
          <BallotHash meetingId={state.meetingId} token={token} />
        </Suspense>
      )}
      {body}
    </article>
  );
}
