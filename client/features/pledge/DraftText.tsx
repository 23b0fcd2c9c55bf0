import type { ReactNode } from "react";
import { legalBasisLine } from "../../../shared/pledge/canonical";
import type { PlainDraft } from "./doc";

/**
 * The draft read-only, in the administrative layout: the two-column header (issuing body | national
 * motto), place and date, title, legal bases, then each section with its numbered commitments.
 * `aside` adds something beside a commitment (a proposal, a "propose a change" button); index equal
 * to the section's length is the place after the last commitment.
 */
export function DraftText({ draft, aside }: { draft: PlainDraft; aside?: (section: number, index: number) => ReactNode }) {
  let n = 0;
  return (
    <article className="pledge-doc" data-testid="pledge-text">
      <DraftHeaderText draft={draft} />
      {draft.legalBases.filter((b) => b.trim()).map((b, i) => (
        <p key={i} className="pledge-basis">
          {legalBasisLine(b)}
        </p>
      ))}
      {draft.preamble.trim() && <p className="pledge-preamble">{draft.preamble}</p>}
      {draft.sections.map((s, si) => {
        n = 0;
        return (
          <section key={si} className="pledge-section">
            <h3 className="pledge-heading">{s.heading}</h3>
            <ol className="pledge-commitments">
              {s.commitments.map((c, ci) =>
                c.trim() ? (
                  <li key={ci} className="pledge-commitment" data-testid={`pledge-commitment-${si}-${ci}`}>
                    <span className="pledge-num">{++n}.</span>
                    <span className="pledge-ctext">{c}</span>
                    {aside?.(si, ci)}
                  </li>
                ) : null,
              )}
            </ol>
            {aside?.(si, s.commitments.length)}
          </section>
        );
      })}
    </article>
  );
}

export function DraftHeaderText({ draft }: { draft: PlainDraft }) {
  return (
    <>
      <header className="pledge-header">
        <div className="pledge-header-left">
          {draft.headerLeft.map((l, i) => (
            <p key={i} className={i === draft.headerLeft.length - 1 ? "strong" : ""}>
              {l}
            </p>
          ))}
        </div>
        <div className="pledge-header-right">
          {draft.headerRight.map((l, i) => (
            <p key={i} className={i === 0 ? "strong" : "motto"}>
              {l}
            </p>
          ))}
        </div>
      </header>
      <p className="pledge-place">{draft.placeDate}</p>
      <h2 className="pledge-title" data-testid="pledge-title">
        {draft.title}
      </h2>
      {draft.subtitle.trim() && <p className="pledge-subtitle">{draft.subtitle}</p>}
    </>
  );
}
