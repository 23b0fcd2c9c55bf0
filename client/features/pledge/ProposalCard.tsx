import { wordDiff, wordDiffCounts } from "../../../shared/pledge/word-diff";
import { useT } from "../../i18n";
import type { ProposalEntry } from "./doc";

/** A delegate's proposed wording, beside the commitment it changes (or after the last, to add one). */
export function ProposalCard({
  proposal,
  unitName,
  current,
  decide,
  busy,
}: {
  proposal: ProposalEntry;
  unitName: string;
  /** The commitment's wording now; null when the proposal adds a new one. */
  current: string | null;
  decide?: (key: string, accept: boolean) => void;
  busy?: boolean;
}) {
  const t = useT();
  return (
    <div className="pledge-proposal" data-testid={`pledge-proposal-${proposal.key}`}>
      <p className="pledge-proposal-who">
        {t(current === null ? "pledge.proposalAdd" : "pledge.proposalBy", { unit: unitName })}
      </p>
      {current === null ? <p className="pledge-proposal-text">{proposal.text}</p> : <ProposalDiff current={current} proposed={proposal.text} />}
      {decide && (
        <div className="btn-row">
          <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => decide(proposal.key, true)} data-testid="pledge-proposal-accept">
            {t("pledge.accept")}
          </button>
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => decide(proposal.key, false)} data-testid="pledge-proposal-reject">
            {t("pledge.reject")}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * The proposed wording with what it changes marked: inserted words underlined on green, removed
 * words struck through on red, with a one-line count for a screen reader and a quick glance.
 */
export function ProposalDiff({ current, proposed }: { current: string; proposed: string }) {
  const t = useT();
  const parts = wordDiff(current, proposed);
  const counts = wordDiffCounts(parts);
  return (
    <>
      <p className="pledge-proposal-text pledge-diff" data-testid="pledge-proposal-diff">
        {parts.map((p, i) => {
          const text = i > 0 ? ` ${p.text}` : p.text;
          if (p.kind === "inserted")
            return (
              <ins key={i}>
                <span className="sr-only">{t("pledge.diff.inserted")}</span>
                {text}
              </ins>
            );
          if (p.kind === "removed")
            return (
              <del key={i}>
                <span className="sr-only">{t("pledge.diff.removed")}</span>
                {text}
              </del>
            );
          return <span key={i}>{text}</span>;
        })}
      </p>
      <p className="pledge-diff-count" data-testid="pledge-proposal-counts">
        {t("pledge.diff.counts", { inserted: counts.inserted, removed: counts.removed })}
      </p>
    </>
  );
}
