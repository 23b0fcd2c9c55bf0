import { useT } from "../../../i18n";
import { CheckField, FormSection, LinesField, NumberField, RowTools, TextField, useForm } from "./fields";
import { appended, arrayAt, getIn, moved, removed } from "./paths";

/** Criteria groups with their items and maxima, bonus items under a cap, deductions. */
export function CriteriaSection() {
  const t = useT();
  const { value, onChange, disabled } = useForm();
  const groups = arrayAt(value, ["criteria", "groups"]);
  const bonus = arrayAt(value, ["criteria", "bonus", "items"]);
  const deductions = arrayAt(value, ["criteria", "deductions"]);
  const total = groups.reduce<number>(
    (s, g) => s + (typeof getIn(g, ["max"]) === "number" ? (getIn(g, ["max"]) as number) : 0),
    0,
  );
  const nextId = (prefix: string, n: number) => `${prefix}${n + 1}`;
  return (
    <FormSection id="criteria" title={t("setup.f.criteria")} listPath={["criteria", "groups"]}>
      <h3>
        {t("setup.f.groups")}{" "}
        <span className="hint">{t("setup.f.groupsTotal", { total: String(total).replace(".", ",") })}</span>
      </h3>
      <ol className="form-rows">
        {groups.map((_, i) => (
          <li key={i} className="form-row" data-testid={`group-row-${i}`}>
            <div className="form-row-head">
              <strong>{t("setup.f.groupN", { n: i + 1 })}</strong>
              <RowTools
                index={i}
                count={groups.length}
                what={t("setup.f.groupN", { n: i + 1 })}
                onMove={(by) => onChange(moved(value, ["criteria", "groups"], i, by))}
                onRemove={() => onChange(removed(value, ["criteria", "groups"], i))}
              />
            </div>
            <div className="form-grid">
              <TextField path={["criteria", "groups", i, "id"]} label={t("setup.f.itemId")} />
              <TextField path={["criteria", "groups", i, "name"]} label={t("setup.f.groupName")} wide />
              <NumberField path={["criteria", "groups", i, "max"]} label={t("setup.f.max")} narrow />
            </div>
            <LinesField
              path={["criteria", "groups", i, "items"]}
              label={t("setup.f.groupItems")}
              hint={t("setup.f.onePerLine")}
              rows={3}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() =>
          onChange(
            appended(value, ["criteria", "groups"], {
              id: nextId("G", groups.length),
              name: "",
              max: 10,
              items: [],
            }),
          )
        }
        data-testid="add-group"
      >
        {t("setup.f.addGroup")}
      </button>

      <h3>{t("setup.f.bonus")}</h3>
      <div className="form-grid">
        <NumberField path={["criteria", "bonus", "cap"]} label={t("setup.f.bonusCap")} narrow />
      </div>
      <ol className="form-rows">
        {bonus.map((_, i) => (
          <li key={i} className="form-row form-row-inline" data-testid={`bonus-row-${i}`}>
            <TextField path={["criteria", "bonus", "items", i, "id"]} label={t("setup.f.itemId")} />
            <TextField path={["criteria", "bonus", "items", i, "name"]} label={t("setup.f.itemName")} wide />
            <NumberField
              path={["criteria", "bonus", "items", i, "points"]}
              label={t("setup.f.points")}
              narrow
            />
            <NumberField
              path={["criteria", "bonus", "items", i, "maxCount"]}
              label={t("setup.f.maxCount")}
              narrow
            />
            <RowTools
              index={i}
              count={bonus.length}
              what={t("setup.f.bonusN", { n: i + 1 })}
              onMove={(by) => onChange(moved(value, ["criteria", "bonus", "items"], i, by))}
              onRemove={() => onChange(removed(value, ["criteria", "bonus", "items"], i))}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() =>
          onChange(
            appended(value, ["criteria", "bonus", "items"], {
              id: nextId("B", bonus.length),
              name: "",
              points: 1,
              maxCount: 1,
            }),
          )
        }
        data-testid="add-bonus"
      >
        {t("setup.f.addBonus")}
      </button>

      <h3>{t("setup.f.deductions")}</h3>
      <ol className="form-rows">
        {deductions.map((_, i) => (
          <li key={i} className="form-row form-row-inline" data-testid={`deduction-row-${i}`}>
            <TextField path={["criteria", "deductions", i, "id"]} label={t("setup.f.itemId")} />
            <TextField path={["criteria", "deductions", i, "name"]} label={t("setup.f.itemName")} wide />
            <NumberField path={["criteria", "deductions", i, "points"]} label={t("setup.f.points")} narrow />
            <NumberField
              path={["criteria", "deductions", i, "maxCount"]}
              label={t("setup.f.maxCount")}
              narrow
            />
            <CheckField
              path={["criteria", "deductions", i, "barsLeading"]}
              label={t("setup.f.barsLeading")}
            />
            <RowTools
              index={i}
              count={deductions.length}
              what={t("setup.f.deductionN", { n: i + 1 })}
              onMove={(by) => onChange(moved(value, ["criteria", "deductions"], i, by))}
              onRemove={() => onChange(removed(value, ["criteria", "deductions"], i))}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() =>
          onChange(
            appended(value, ["criteria", "deductions"], {
              id: nextId("D", deductions.length),
              name: "",
              points: 1,
              maxCount: 1,
              barsLeading: false,
            }),
          )
        }
        data-testid="add-deduction"
      >
        {t("setup.f.addDeduction")}
      </button>
    </FormSection>
  );
}
