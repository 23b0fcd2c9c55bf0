import { useT } from "../../../i18n";
import { FormSection, LinesField, OptionalTextField, RowTools, TextField, useForm } from "./fields";
import { appended, arrayAt, moved, removed } from "./paths";

/** The pledge template: headers, legal bases, preamble, sections of commitments, the caption over the signatures. */
export function PledgeSection() {
  const t = useT();
  const { value, onChange, disabled } = useForm();
  const sections = arrayAt(value, ["pledge", "sections"]);
  return (
    <FormSection id="pledge" title={t("setup.f.pledge")} listPath={["pledge", "sections"]}>
      <div className="form-grid form-grid-2">
        <LinesField
          path={["pledge", "header", "left"]}
          label={t("setup.f.headerLeft")}
          hint={t("setup.f.onePerLine")}
          rows={2}
        />
        <LinesField
          path={["pledge", "header", "right"]}
          label={t("setup.f.headerRight")}
          hint={t("setup.f.onePerLine")}
          rows={2}
        />
      </div>
      <div className="form-grid">
        <TextField
          path={["pledge", "header", "placeDate"]}
          label={t("setup.f.placeDate")}
          placeholder="Thanh Hóa, ngày 14 tháng 01 năm 2022"
        />
        <TextField path={["pledge", "header", "title"]} label={t("setup.f.pledgeTitle")} wide />
        <OptionalTextField path={["pledge", "header", "subtitle"]} label={t("setup.f.subtitle")} />
      </div>
      <LinesField
        path={["pledge", "legalBases"]}
        label={t("setup.f.legalBases")}
        hint={t("setup.f.onePerLine")}
        rows={3}
      />
      <TextField path={["pledge", "preamble"]} label={t("setup.f.preamble")} multiline wide />
      <h3>{t("setup.f.sections")}</h3>
      <ol className="form-rows">
        {sections.map((_, i) => (
          <li key={i} className="form-row" data-testid={`section-row-${i}`}>
            <div className="form-row-head">
              <strong>{t("setup.f.sectionN", { n: i + 1 })}</strong>
              <RowTools
                index={i}
                count={sections.length}
                what={t("setup.f.sectionN", { n: i + 1 })}
                onMove={(by) => onChange(moved(value, ["pledge", "sections"], i, by))}
                onRemove={() => onChange(removed(value, ["pledge", "sections"], i))}
              />
            </div>
            <TextField path={["pledge", "sections", i, "heading"]} label={t("setup.f.heading")} wide />
            <LinesField
              path={["pledge", "sections", i, "commitments"]}
              label={t("setup.f.commitments")}
              hint={t("setup.f.onePerLine")}
              rows={4}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-small"
        disabled={disabled}
        onClick={() => onChange(appended(value, ["pledge", "sections"], { heading: "", commitments: [] }))}
        data-testid="add-section"
      >
        {t("setup.f.addSection")}
      </button>
      <TextField path={["pledge", "signatureCaption"]} label={t("setup.f.signatureCaption")} wide />
    </FormSection>
  );
}
