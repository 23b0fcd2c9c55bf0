import { useState } from "react";
import type * as Y from "yjs";
import { useT } from "../../i18n";
import { addCommitment, draftParts, keyOf, setHeaderLines, type ProposalEntry } from "./doc";
import { CommitmentEditor } from "./CommitmentEditor";
import type { UseAwareness } from "./useAwareness";
import { YTextField } from "./YTextField";

/** The policy's limit on legal bases. */
const MAX_BASES = 30;

export interface DraftEditorProps {
  doc: Y.Doc;
  proposals: ProposalEntry[];
  unitName: (code: string) => string;
  /** Only the chair decides proposals; the secretary sees them without buttons. */
  decide?: (key: string, accept: boolean) => void;
  busy: boolean;
  awareness: UseAwareness;
}

/** The chair's and secretary's editable draft, laid out like the printed pledge. */
export function DraftEditor({ doc, proposals, unitName, decide, busy, awareness }: DraftEditorProps) {
  const t = useT();
  const parts = draftParts(doc);
  const field = (ytext: Y.Text | null, id: string, label: string, className: string, multiline = false) =>
    ytext && (
      <YTextField
        ytext={ytext}
        field={id}
        label={label}
        className={className}
        multiline={multiline}
        editors={awareness.editorsOf(id)}
        onFocusField={awareness.setField}
        testId={`pledge-field-${id}`}
      />
    );
  const bases = parts.legalBases;
  return (
    <article className="pledge-doc editing" data-testid="pledge-editor">
      <header className="pledge-header">
        <HeaderLines doc={doc} which="headerLeft" lines={parts.headerLeft} label={t("pledge.headerLeft")} />
        <HeaderLines doc={doc} which="headerRight" lines={parts.headerRight} label={t("pledge.headerRight")} />
      </header>
      {field(parts.placeDate, "placeDate", t("pledge.placeDate"), "pledge-place")}
      {field(parts.title, "title", t("pledge.titleField"), "pledge-title")}
      {field(parts.subtitle, "subtitle", t("pledge.subtitle"), "pledge-subtitle")}
      <div className="pledge-bases">
        <p className="pledge-label">{t("pledge.bases")}</p>
        {bases?.toArray().map((b, i) => (
          <div key={keyOf(b)} className="pledge-basis-row">
            {field(b, `basis${i}`, t("pledge.basisN", { n: i + 1 }), "pledge-basis", true)}
            <button type="button" className="icon-btn danger" onClick={() => bases.delete(i, 1)} aria-label={t("pledge.remove")} title={t("pledge.remove")}>
              ✕
            </button>
          </div>
        ))}
        {bases && (
          <button type="button" className="btn btn-sm" disabled={bases.length >= MAX_BASES} onClick={() => addCommitment(bases, bases.length)}>
            + {t("pledge.addBasis")}
          </button>
        )}
      </div>
      {field(parts.preamble, "preamble", t("pledge.preamble"), "pledge-preamble", true)}
      {parts.sections.map((s, si) => (
        <section key={si} className="pledge-section">
          {field(s.heading, `s${si}h`, t("pledge.headingN", { n: si + 1 }), "pledge-heading")}
          {s.commitments && (
            <CommitmentEditor
              section={si}
              list={s.commitments}
              proposals={proposals.filter((p) => p.section === si)}
              unitName={unitName}
              decide={decide}
              busy={busy}
              awareness={awareness}
            />
          )}
        </section>
      ))}
      <p className="pledge-caption">{parts.signatureCaption}</p>
    </article>
  );
}

/** A header column (plain lines, not shared text): edited as a whole, stored on blur. */
function HeaderLines({ doc, which, lines, label }: { doc: Y.Doc; which: "headerLeft" | "headerRight"; lines: string[]; label: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? lines.join("\n");
  return (
    <textarea
      className={`pledge-${which === "headerLeft" ? "header-left" : "header-right"}`}
      aria-label={label}
      rows={Math.max(2, lines.length)}
      value={shown}
      onFocus={() => setDraft(lines.join("\n"))}
      onChange={(e) => setDraft(e.target.value.split("\n").slice(0, 4).join("\n"))}
      onBlur={() => {
        if (draft !== null && draft !== lines.join("\n") && draft.trim()) setHeaderLines(doc, which, draft.split("\n"));
        setDraft(null);
      }}
    />
  );
}
