import { useMemo } from "react";
import type { ViProblem } from "../../../../shared/definition/messages";
import { useT, type MessageKey } from "../../../i18n";
import { AgendaSection } from "./AgendaSection";
import { CriteriaSection } from "./CriteriaSection";
import { DiscussionSection } from "./DiscussionSection";
import { FormContext, type FormContextValue } from "./fields";
import { GeneralSection } from "./GeneralSection";
import { PledgeSection } from "./PledgeSection";
import { RulesSection } from "./RulesSection";
import { SignatoriesSection } from "./SignatoriesSection";
import { UnitsSection } from "./UnitsSection";
import "./forms.css";

const SECTIONS = ["general", "units", "criteria", "agenda", "discussion", "rules", "pledge", "signatories"] as const;
const NAV_KEY: Record<(typeof SECTIONS)[number], MessageKey> = {
  general: "setup.f.nav.general",
  units: "setup.f.nav.units",
  criteria: "setup.f.nav.criteria",
  agenda: "setup.f.nav.agenda",
  discussion: "setup.f.nav.discussion",
  rules: "setup.f.nav.rules",
  pledge: "setup.f.nav.pledge",
  signatories: "setup.f.nav.signatories",
};
const SECTION_OF: Record<string, (typeof SECTIONS)[number]> = {
  cluster: "general",
  conference: "general",
  units: "units",
  criteria: "criteria",
  agenda: "agenda",
  discussion: "discussion",
  rules: "rules",
  pledge: "pledge",
  signatories: "signatories",
  scores: "units",
};

/** The whole definition as forms, section by section; every field is bound to its path in the JSON. */
export function DefinitionForm({
  value,
  onChange,
  problems,
  disabled = false,
}: {
  value: unknown;
  onChange: (next: unknown) => void;
  problems: ViProblem[];
  disabled?: boolean;
}) {
  const byPath = useMemo(() => {
    const m = new Map<string, ViProblem[]>();
    for (const p of problems) m.set(p.path, [...(m.get(p.path) ?? []), p]);
    return m;
  }, [problems]);
  const ctx: FormContextValue = { value, onChange, problems: byPath, disabled };
  return (
    <FormContext.Provider value={ctx}>
      <div className="definition-form" data-testid="definition-form">
        <GeneralSection />
        <UnitsSection />
        <CriteriaSection />
        <AgendaSection />
        <DiscussionSection />
        <RulesSection />
        <PledgeSection />
        <SignatoriesSection />
      </div>
    </FormContext.Provider>
  );
}

/** Every problem in Vietnamese, naming its field, each a link to the field. */
export function FormProblems({ problems }: { problems: ViProblem[] }) {
  const t = useT();
  const counts = new Map<string, number>();
  for (const p of problems) {
    const s = SECTION_OF[p.path.split(".")[0] ?? ""] ?? "general";
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return (
    <div className="form-problems" data-testid="form-problems">
      {problems.length === 0 ? (
        <p className="pill pill-ok" data-testid="form-status">
          {t("setup.f.valid")}
        </p>
      ) : (
        <>
          <p className="pill pill-bad" data-testid="form-status">
            {t("setup.summary.invalid", { n: problems.length })}
          </p>
          <ul>
            {problems.slice(0, 40).map((p, i) => (
              <li key={`${p.path}-${i}`}>
                <a
                  href={`#f-${p.path}`}
                  onClick={(e) => {
                    const el =
                      document.getElementById(`f-${p.path}`) ??
                      document.getElementById(
                        `section-${SECTION_OF[p.path.split(".")[0] ?? ""] ?? "general"}`,
                      );
                    if (!el) return;
                    e.preventDefault();
                    el.scrollIntoView({ block: "center" });
                    el.focus?.();
                  }}
                >
                  <strong>{p.field}</strong>: {p.message}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <nav className="form-nav" aria-label={t("setup.f.sectionsNav")}>
        {SECTIONS.map((s) => (
          <a key={s} href={`#section-${s}`} className={counts.get(s) ? "has-problems" : undefined}>
            {t(NAV_KEY[s])}
            {counts.get(s) ? ` (${counts.get(s)})` : ""}
          </a>
        ))}
      </nav>
    </div>
  );
}
