import { useState } from "react";
import { proposalsByUnit } from "../../../shared/discussion/proposals";
import { isOrganiser } from "../../../shared/protocol/roles";
import { useT } from "../../i18n";
import { plainDraft, proposalsOf } from "../pledge/doc";
import { ProposalCard } from "../pledge/ProposalCard";
import { usePledgeDoc } from "../pledge/usePledgeDoc";
import type { FeatureContext } from "../types";
import "./discussion.css";

const ALL = "";

/**
 * The secretary's (and chair's) list of the comments on the pledge draft, by unit (issue 15, before the
 * day): every unit with its number of proposals, a filter to read one unit's, and each proposal beside
 * the commitment it changes. Read-only: the chair decides proposals in the pledge panel.
 */
export function ProposalsByUnit({ meeting, session }: FeatureContext) {
  const t = useT();
  const { state } = meeting;
  const ydoc = usePledgeDoc(state.meetingId, session.token);
  const [unit, setUnit] = useState<string>(ALL);

  if (!isOrganiser(session.session.role)) return null;
  if (!ydoc.doc || !ydoc.synced) return <p className="hint" data-testid="proposals-loading">{t("pledge.loading")}</p>;
  const draft = plainDraft(ydoc.doc);
  const groups = proposalsByUnit(
    state.units.map((u) => u.code),
    proposalsOf(ydoc.doc),
  );
  const total = groups.reduce((n, g) => n + g.count, 0);
  const nameOf = (code: string) => state.units.find((u) => u.code === code)?.shortName ?? code;
  const shown = groups.filter((g) => g.count > 0 && (unit === ALL || g.unit === unit));
  const where = (section: number, index: number) => {
    const heading = draft.sections[section]?.heading ?? "";
    const length = draft.sections[section]?.commitments.length ?? 0;
    return index >= length ? t("proposals.whereNew", { section: section + 1, heading }) : t("proposals.where", { section: section + 1, index: index + 1, heading });
  };

  return (
    <div className="proposals-by-unit" data-testid="proposals-by-unit" data-total={total}>
      <p className="hint">{total === 0 ? t("proposals.none") : t("proposals.total", { n: total, units: groups.filter((g) => g.count > 0).length })}</p>
      <table className="proposals-counts" data-testid="proposals-counts">
        <thead>
          <tr>
            <th scope="col">{t("proposals.unit")}</th>
            <th scope="col">{t("proposals.count")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.unit} data-testid={`proposals-count-${g.unit}`} data-count={g.count} className={g.unit === unit ? "is-current" : undefined}>
              <th scope="row">
                <button type="button" className="btn btn-sm" disabled={g.count === 0} onClick={() => setUnit(g.unit === unit ? ALL : g.unit)}>
                  {nameOf(g.unit)}
                </button>
              </th>
              <td>{g.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="proposals-filter">
        {t("proposals.filter")}
        <select value={unit} onChange={(e) => setUnit(e.target.value)} data-testid="proposals-filter">
          <option value={ALL}>{t("proposals.allUnits")}</option>
          {groups.map((g) => (
            <option key={g.unit} value={g.unit}>
              {`${nameOf(g.unit)} (${g.count})`}
            </option>
          ))}
        </select>
      </label>
      {unit !== ALL && shown.length === 0 && <p className="hint">{t("proposals.noneFrom", { unit: nameOf(unit) })}</p>}
      {shown.map((g) => (
        <section key={g.unit} className="proposals-unit" data-testid={`proposals-unit-${g.unit}`}>
          <h4>{t("proposals.unitHeading", { unit: nameOf(g.unit), n: g.count })}</h4>
          <ol>
            {g.proposals.map((p) => (
              <li key={p.key}>
                <p className="proposals-where">{where(p.section, p.index)}</p>
                <ProposalCard proposal={p} unitName={nameOf(g.unit)} current={draft.sections[p.section]?.commitments[p.index] ?? null} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
