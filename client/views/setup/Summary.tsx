import type { DefinitionProblem, FractionRule, MeetingDefinition } from "../../../shared/definition/schema";
import { formatDate, formatNumber, useLang, useT, type Translate } from "../../i18n";
import { staleYearMentions, type Checked } from "./model";

/** The checked definition in words, or what is wrong with it. `checked` is null while the text is empty. */
export function Summary({ checked, pending }: { checked: Checked | null; pending: boolean }) {
  const t = useT();
  return (
    <section
      className="panel setup-summary"
      aria-labelledby="setup-summary-title"
      data-testid="setup-summary"
    >
      <div className="panel-head">
        <h2 id="setup-summary-title">{t("setup.summary.title")}</h2>
        <Status checked={checked} pending={pending} />
      </div>
      <div className="panel-body">
        {!checked && <p className="hint">{t("setup.summary.empty")}</p>}
        {checked?.kind === "syntax" && (
          <p className="setup-syntax" role="alert" data-testid="setup-syntax-error">
            {t("setup.summary.syntaxAt", {
              line: String(checked.line),
              column: String(checked.column),
              message: checked.message,
            })}
          </p>
        )}
        {checked?.kind === "invalid" && <ProblemList problems={checked.problems} testId="setup-problems" />}
        {checked?.kind === "valid" && <Facts def={checked.definition} />}
      </div>
    </section>
  );
}

function Status({ checked, pending }: { checked: Checked | null; pending: boolean }) {
  const t = useT();
  if (pending) return <span className="pill pill-muted">{t("setup.summary.checking")}</span>;
  if (!checked) return null;
  switch (checked.kind) {
    case "valid":
      return (
        <span className="pill pill-ok" data-testid="setup-status">
          {t("setup.summary.valid")}
        </span>
      );
    case "invalid":
      return (
        <span className="pill pill-bad" data-testid="setup-status">
          {t("setup.summary.invalid", { n: checked.problems.length })}
        </span>
      );
    case "syntax":
      return (
        <span className="pill pill-bad" data-testid="setup-status">
          {t("setup.summary.syntax")}
        </span>
      );
  }
}

/** "units.2.code: a unit code is …", one line per bad field (the client's check and the server's alike). */
export function ProblemList({
  problems,
  testId,
}: {
  problems: readonly DefinitionProblem[];
  testId: string;
}) {
  const t = useT();
  return (
    <div className="setup-problems" role="alert">
      <h3>{t("setup.problems.title")}</h3>
      <ul data-testid={testId}>
        {problems.map((p, i) => (
          <li key={`${p.path}-${i}`}>
            <code>{p.path}</code>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

function share(f: FractionRule, t: Translate): string {
  return t(f.comparison === "gt" ? "setup.rules.gt" : "setup.rules.gte", {
    n: String(f.numerator),
    d: String(f.denominator),
  });
}

function Facts({ def }: { def: MeetingDefinition }) {
  const t = useT();
  const { lang } = useLang();
  const { groups, bonus, deductions } = def.criteria;
  const total = groups.reduce((s, g) => s + g.max, 0);
  const { rules } = def;
  const coreGroup = rules.coreGroupId ?? groups[0]?.id ?? "";
  const order = rules.tieBreak.map((r) => t(`setup.rules.tie.${r}`, { group: coreGroup })).join(", ");
  const stale = staleYearMentions(def);
  return (
    <div className="setup-facts">
      <dl className="setup-dl">
        <dt>{t("setup.summary.cluster")}</dt>
        <dd data-testid="summary-cluster">
          {def.cluster.name} — {def.cluster.province}
        </dd>
        <dt>{t("setup.summary.year")}</dt>
        <dd data-testid="summary-year">{def.cluster.year}</dd>
        <dt>{t("setup.summary.date")}</dt>
        <dd data-testid="summary-date">{formatDate(def.conference.date, lang)}</dd>
      </dl>

      {stale.length > 0 && (
        <div className="setup-stale" data-testid="summary-stale">
          <p>{t("setup.summary.staleYear", { year: String(def.cluster.year - 1), n: stale.length })}</p>
          <p className="setup-paths">{stale.join(", ")}</p>
        </div>
      )}

      <h3>{t("setup.summary.units", { n: def.units.length })}</h3>
      <ul className="setup-units" data-testid="summary-units">
        {def.units.map((u) => (
          <li key={u.code} className={`setup-unit role-${u.role}`}>
            <code>{u.code}</code> {u.shortName}
            {u.role !== "member" && (
              <span className={`pill ${u.role === "head" ? "pill-head" : "pill-deputy"}`}>
                {t(u.role === "head" ? "setup.summary.headMark" : "setup.summary.deputyMark")}
              </span>
            )}
          </li>
        ))}
      </ul>

      <h3>{t("setup.summary.criteria")}</h3>
      <table className="setup-groups" data-testid="summary-criteria">
        <tbody>
          {groups.map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.id}</th>
              <td>{g.name}</td>
              <td className="num">{formatNumber(g.max, lang)}</td>
            </tr>
          ))}
          <tr className="setup-total">
            <th scope="row" colSpan={2}>
              {t("setup.summary.total")}
            </th>
            <td className="num" data-testid="summary-total">
              {formatNumber(total, lang)}
            </td>
          </tr>
        </tbody>
      </table>
      <ul className="setup-lines">
        <li>{t("setup.summary.bonus", { cap: formatNumber(bonus.cap, lang), n: bonus.items.length })}</li>
        <li>{t("setup.summary.deductions", { n: deductions.length })}</li>
        <li data-testid="summary-agenda">{t("setup.summary.agenda", { n: def.agenda.length })}</li>
      </ul>

      <h3>{t("setup.summary.rules")}</h3>
      <ul className="setup-lines" data-testid="summary-rules">
        <li>{t("setup.rules.quorum", { share: share(rules.quorum, t) })}</li>
        <li>
          {t("setup.rules.threshold", {
            share: share(rules.threshold, t),
            base: t(`setup.rules.base.${rules.base}`),
          })}
        </li>
        <li>{order ? t("setup.rules.tieBreak", { order }) : t("setup.rules.tieBreakNone")}</li>
        <li>{t(rules.selfVoteAllowed ? "setup.rules.selfVote" : "setup.rules.noSelfVote")}</li>
      </ul>
    </div>
  );
}
