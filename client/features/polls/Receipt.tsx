import type { PollView, UnitVoted } from "../../../shared/protocol/polls";
import { useLang, useT } from "../../i18n";
import { clock } from "./labels";
import { useKeepInView } from "../../components/useKeepInView";

/** The receipt, big enough to copy down: the code, when, and for a secret poll what secrecy means. */
export function Receipt({ poll, receipt }: { poll: PollView; receipt: UnitVoted }) {
  const t = useT();
  const { lang } = useLang();
  const ref = useKeepInView<HTMLDivElement>();
  return (
    <div className="poll-receipt" role="status" data-testid="poll-receipt" ref={ref}>
      <p className="poll-receipt-label">{t("polls.receipt.code")}</p>
      <p className="poll-receipt-code" data-testid="poll-receipt-code">
        {receipt.receipt}
      </p>
      <p className="poll-receipt-time">{t("polls.receipt.castAt", { time: clock(receipt.castAt, lang) })}</p>
      {poll.visibility === "secret" && <p className="poll-receipt-secret">{t("polls.ballot.secretNote")}</p>}
      <p className="hint">{t("polls.receipt.hint")}</p>
    </div>
  );
}

/** The unit voted from another tablet, or before a reload that lost the receipt. */
export function AlreadyVoted({ castAt, receipt }: { castAt: number; receipt: string | null }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <div className="poll-voted" role="status" data-testid="poll-already-voted">
      <p className="poll-voted-text">✓ {t("polls.votedAt", { time: clock(castAt, lang) })}</p>
      {receipt && (
        <p className="poll-voted-code">
          {t("polls.receipt.code")}: <strong data-testid="poll-receipt-code">{receipt}</strong>
        </p>
      )}
    </div>
  );
}
