import { useEffect, useState } from "react";
import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollView } from "../../../shared/protocol/polls";
import type { Ballot } from "../../../shared/voting/ballot";
import { useT } from "../../i18n";
import { callLazy } from "../../lib/api";
import { summaryLines } from "./BallotForm";

/**
 * GET …/polls/:pollId/result: the published table of receipts and choices (none before publication).
 * The route's schemas load with the call: this panel is in the delegate's first load.
 */
async function fetchReceipts(meetingId: string, pollId: string, token: string): Promise<{ receipt: string; choices: Ballot }[]> {
  const res = await callLazy(() => import("../../../shared/protocol/http/polls").then((m) => m.POLL_RESULT), { id: meetingId, pollId }, { token });
  if (!res.ok) throw new Error(res.error.message);
  return res.data.published ? res.data.receipts : [];
}

const normalise = (code: string) => code.trim().toUpperCase().replace(/[^A-Z0-9]/g, "");

/**
 * After publication every unit can check that its ballot was counted as cast: the tablet looks up
 * the receipt it kept (or one typed in) in the published list.
 */
export function ReceiptLookup({ poll, state, token, known }: { poll: PollView; state: Pick<MeetingState, "units" | "meetingId">; token: string; known: string | null }) {
  const t = useT();
  const [receipts, setReceipts] = useState<{ receipt: string; choices: Ballot }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState(known ?? "");

  useEffect(() => {
    let live = true;
    fetchReceipts(state.meetingId, poll.id, token)
      .then((r) => live && setReceipts(r))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [state.meetingId, poll.id, token, poll.version]);

  const code = normalise(query);
  const found = code ? receipts?.find((r) => normalise(r.receipt) === code) : undefined;
  return (
    <div className="poll-lookup" data-testid="poll-lookup">
      <h4>{t("polls.receipts.title")}</h4>
      {error && <p className="poll-error">{t("polls.receipts.error", { message: error })}</p>}
      {receipts && <p className="hint">{t("polls.receipts.count", { n: receipts.length })}</p>}
      <label className="poll-lookup-field">
        <span>{t("polls.receipts.search")}</span>
        <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="K7Q-4MX" autoCapitalize="characters" data-testid="poll-lookup-input" />
      </label>
      {receipts && code.length >= 6 && (
        <p className={found ? "poll-found" : "poll-error"} data-testid="poll-lookup-answer">
          {found
            ? t("polls.receipts.found", {
                code: found.receipt,
                choices: summaryLines(t, poll, state, found.choices)
                  .map(([who, what]) => (poll.kind === "per_candidate" ? `${who}: ${what}` : what))
                  .join("; "),
              })
            : t("polls.receipts.notFound", { code: query.trim().toUpperCase() })}
        </p>
      )}
    </div>
  );
}
