import type * as Y from "yjs";
import { useT } from "../../i18n";
import { addCommitment, keyOf, moveCommitment, type ProposalEntry } from "./doc";
import { ProposalCard } from "./ProposalCard";
import type { UseAwareness } from "./useAwareness";
import { YTextField } from "./YTextField";

/** The policy's limit on commitments per section. */
const MAX_COMMITMENTS = 60;

export interface CommitmentEditorProps {
  section: number;
  list: Y.Array<Y.Text>;
  proposals: ProposalEntry[];
  unitName: (code: string) => string;
  decide?: (key: string, accept: boolean) => void;
  busy: boolean;
  awareness: UseAwareness;
}

/** A section's numbered commitments, editable: add, remove, reorder; delegates' proposals beside each. */
export function CommitmentEditor({ section, list, proposals, unitName, decide, busy, awareness }: CommitmentEditorProps) {
  const t = useT();
  const items = list.toArray();
  const proposalsAt = (index: number) =>
    proposals
      .filter((p) => p.index === index || (index === items.length && p.index > index))
      .map((p) => <ProposalCard key={p.key} proposal={p} unitName={unitName(p.unit)} current={items[index]?.toString() ?? null} decide={decide} busy={busy} />);
  return (
    <>
      <ol className="pledge-commitments editable">
        {items.map((c, i) => {
          const field = `s${section}c${i}`;
          return (
            <li key={keyOf(c)} className="pledge-commitment" data-testid={`pledge-commitment-${section}-${i}`}>
              <span className="pledge-num">{i + 1}.</span>
              <YTextField
                ytext={c}
                field={field}
                label={t("pledge.commitmentN", { n: i + 1 })}
                multiline
                editors={awareness.editorsOf(field)}
                onFocusField={awareness.setField}
              />
              <span className="pledge-row-tools">
                <button type="button" className="icon-btn" onClick={() => moveCommitment(list, i, i - 1)} disabled={i === 0} aria-label={t("pledge.moveUp")} title={t("pledge.moveUp")}>
                  ↑
                </button>
                <button type="button" className="icon-btn" onClick={() => moveCommitment(list, i, i + 1)} disabled={i === items.length - 1} aria-label={t("pledge.moveDown")} title={t("pledge.moveDown")}>
                  ↓
                </button>
                <button type="button" className="icon-btn danger" onClick={() => list.delete(i, 1)} aria-label={t("pledge.remove")} title={t("pledge.remove")}>
                  ✕
                </button>
              </span>
              {proposalsAt(i).length > 0 && <div className="pledge-proposals">{proposalsAt(i)}</div>}
            </li>
          );
        })}
      </ol>
      {proposalsAt(items.length).length > 0 && <div className="pledge-proposals">{proposalsAt(items.length)}</div>}
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => addCommitment(list, items.length)}
        disabled={items.length >= MAX_COMMITMENTS}
        data-testid={`pledge-add-${section}`}
      >
        + {t("pledge.addCommitment")}
      </button>
    </>
  );
}
