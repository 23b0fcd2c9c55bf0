import { useT } from "../../../i18n";
import { FormSection, RowTools, SelectField, TextField, useForm } from "./fields";
import { appended, arrayAt, moved, removed } from "./paths";

interface UnitLike {
  code?: unknown;
  shortName?: unknown;
}

/** The member units in the order of the list (the order of join cards and, by default, of the cross-check). */
export function UnitsSection() {
  const t = useT();
  const { value, onChange, disabled } = useForm();
  const units = arrayAt(value, ["units"]) as UnitLike[];
  const codes = units.map((u) => (typeof u.code === "string" ? u.code : "")).filter(Boolean);
  const roles = [
    { value: "member", label: t("setup.f.role.member") },
    { value: "head", label: t("setup.f.role.head") },
    { value: "deputy", label: t("setup.f.role.deputy") },
  ];
  const add = () =>
    onChange(
      appended(value, ["units"], {
        code: "",
        name: "",
        shortName: "",
        headTitle: "Giám đốc",
        role: units.length === 0 ? "head" : "member",
      }),
    );
  return (
    <FormSection
      id="units"
      title={t("setup.f.units", { n: units.length })}
      listPath={["units"]}
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={add}
          disabled={disabled}
          data-testid="add-unit"
        >
          {t("setup.f.addUnit")}
        </button>
      }
    >
      {units.length === 0 && <p className="hint">{t("setup.f.unitsEmpty")}</p>}
      <ol className="form-rows">
        {units.map((u, i) => {
          const label =
            typeof u.shortName === "string" && u.shortName ? u.shortName : t("setup.f.unitN", { n: i + 1 });
          return (
            <li key={i} className="form-row" data-testid={`unit-row-${i}`}>
              <div className="form-row-head">
                <strong>
                  {i + 1}. {label}
                </strong>
                <RowTools
                  index={i}
                  count={units.length}
                  what={label}
                  onMove={(by) => onChange(moved(value, ["units"], i, by))}
                  onRemove={() => onChange(removed(value, ["units"], i))}
                />
              </div>
              <div className="form-grid">
                <TextField path={["units", i, "code"]} label={t("setup.f.code")} upper placeholder="SNGV" />
                <TextField path={["units", i, "name"]} label={t("setup.f.unitName")} wide />
                <TextField path={["units", i, "shortName"]} label={t("setup.f.shortName")} />
                <TextField path={["units", i, "headTitle"]} label={t("setup.f.headTitle")} />
                <SelectField path={["units", i, "role"]} label={t("setup.f.role")} options={roles} />
                <SelectField
                  path={["units", i, "crossCheckedBy"]}
                  label={t("setup.f.crossCheckedBy")}
                  emptyLabel={t("setup.f.crossDefault", {
                    next: codes[(i + 1) % Math.max(codes.length, 1)] ?? "—",
                  })}
                  options={codes.filter((c) => c !== u.code).map((c) => ({ value: c, label: c }))}
                />
              </div>
            </li>
          );
        })}
      </ol>
    </FormSection>
  );
}
