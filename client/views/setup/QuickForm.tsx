import { useEffect, useState } from "react";
import { useT } from "../../i18n";
import { formFields, withDate, withRole, withYear } from "./model";

/**
 * The yearly changes as a form: year under review, conference date, head and deputy. Each edit rewrites
 * the JSON (the source of truth) through `onText`; the fields show what the JSON says.
 */
export function QuickForm({ raw, onText }: { raw: unknown; onText: (text: string) => void }) {
  const t = useT();
  const fields = raw === undefined ? null : formFields(raw);
  const year = fields?.year ?? null;
  // The year is typed digit by digit: only a full, plausible year is written to the JSON.
  const [yearDraft, setYearDraft] = useState(year === null ? "" : String(year));
  useEffect(() => setYearDraft(year === null ? "" : String(year)), [year]);

  if (!fields)
    return (
      <section className="panel setup-form" aria-label={t("setup.form.title")}>
        <div className="panel-head">
          <h2>{t("setup.form.title")}</h2>
        </div>
        <div className="panel-body">
          <p className="hint">{t("setup.form.unavailable")}</p>
        </div>
      </section>
    );

  const onYear = (value: string) => {
    setYearDraft(value);
    const n = Number(value);
    if (/^\d{4}$/.test(value) && n >= 2000 && n <= 2100 && n !== year) onText(withYear(raw, n));
  };
  const head = fields.units.find((u) => u.role === "head")?.code ?? "";
  const deputy = fields.units.find((u) => u.role === "deputy")?.code ?? "";

  return (
    <section className="panel setup-form" aria-label={t("setup.form.title")} data-testid="setup-form">
      <div className="panel-head">
        <h2>{t("setup.form.title")}</h2>
      </div>
      <div className="panel-body setup-form-grid">
        <label className="field">
          <span>{t("setup.form.year")}</span>
          <input
            type="number"
            inputMode="numeric"
            min={2000}
            max={2100}
            value={yearDraft}
            onChange={(e) => onYear(e.target.value)}
            data-testid="form-year"
          />
        </label>
        <label className="field">
          <span>{t("setup.form.date")}</span>
          <input
            type="date"
            value={fields.date ?? ""}
            onChange={(e) => e.target.value && onText(withDate(raw, e.target.value))}
            data-testid="form-date"
          />
        </label>
        <p className="hint setup-form-hint">{t("setup.form.yearHint")}</p>
        <label className="field">
          <span>{t("setup.form.head")}</span>
          <select
            value={head}
            onChange={(e) => onText(withRole(raw, "head", e.target.value || null))}
            data-testid="form-head"
          >
            {head === "" && <option value="">{t("setup.form.none")}</option>}
            {fields.units.map((u, i) => (
              <option key={`${i}-${u.code}`} value={u.code}>
                {u.label} ({u.code})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("setup.form.deputy")}</span>
          <select
            value={deputy}
            onChange={(e) => onText(withRole(raw, "deputy", e.target.value || null))}
            data-testid="form-deputy"
          >
            <option value="">{t("setup.form.none")}</option>
            {fields.units.map((u, i) => (
              <option key={`${i}-${u.code}`} value={u.code} disabled={u.code === head}>
                {u.label} ({u.code})
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
