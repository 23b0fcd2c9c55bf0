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
      <p className="pledge-proposal-text">{proposal.text}</p>
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
