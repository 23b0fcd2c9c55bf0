import { useState } from "react";
import type * as Y from "yjs";
import { pledgeProposals } from "../../../shared/documents/layout";
import type { PledgeProposal } from "../../../shared/protocol/pledge";
import { useT } from "../../i18n";
import { newProposalKey, type ProposalEntry } from "./doc";

/** Where a delegate proposes: a commitment to reword, or the end of a section to add one. */
export interface ProposeTarget {
  section: number;
  index: number;
  current: string | null;
}

/**
 * A delegate's proposals beside a commitment (its own can be withdrawn) and the box to propose a new
 * wording: written to proposals["<UNIT>:<id>"] = { section, index, text }, the only key a delegate may write.
 */
export function ProposeBox({
  doc,
  unit,
  target,
  mine,
  open,
  onOpen,
  disabled,
}: {
  doc: Y.Doc;
  unit: string;
  target: ProposeTarget;
  mine: ProposalEntry[];
  open: boolean;
  onOpen: (open: boolean) => void;
  disabled: boolean;
}) {
  const t = useT();
  const [text, setText] = useState(target.current ?? "");
  const propose = () => {
    const value: PledgeProposal = { section: target.section, index: target.index, text: text.trim() };
    pledgeProposals(doc).set(newProposalKey(unit), value);
    onOpen(false);
  };
  const add = target.current === null;
  return (
    <div className="pledge-propose">
      {mine.map((p) => (
        <div key={p.key} className="pledge-proposal mine" data-testid={`my-proposal-${p.key}`}>
          <p className="pledge-proposal-who">{t("pledge.myProposal")}</p>
          <p className="pledge-proposal-text">{p.text}</p>
          <button type="button" className="btn btn-sm" disabled={disabled} onClick={() => pledgeProposals(doc).delete(p.key)}>
            {t("pledge.withdraw")}
          </button>
        </div>
      ))}
      {open ? (
        <div className="pledge-propose-form">
          <textarea
            value={text}
            rows={4}
            maxLength={2000}
            aria-label={t(add ? "pledge.proposeAdd" : "pledge.propose")}
            onChange={(e) => setText(e.target.value)}
            data-testid="pledge-propose-text"
          />
          <div className="btn-row">
            <button type="button" className="btn btn-primary" disabled={disabled || !text.trim() || text.trim() === target.current?.trim()} onClick={propose} data-testid="pledge-propose-send">
              {t("pledge.proposeSend")}
            </button>
            <button type="button" className="btn" onClick={() => onOpen(false)}>
              {t("pledge.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn btn-sm link-btn" disabled={disabled} onClick={() => onOpen(true)} data-testid={`pledge-propose-${target.section}-${target.index}`}>
          {t(add ? "pledge.proposeAdd" : "pledge.propose")}
        </button>
      )}
    </div>
  );
}
