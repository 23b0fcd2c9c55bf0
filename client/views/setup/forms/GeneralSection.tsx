import { useT } from "../../../i18n";
import {
  FieldProblems,
  fieldId,
  FormSection,
  NumberField,
  OptionalTextField,
  TextField,
  useForm,
} from "./fields";
import { getIn, setIn } from "./paths";

/** The cluster and the conference: name, province, year under review, title, date, venue. */
export function GeneralSection() {
  const t = useT();
  return (
    <FormSection id="general" title={t("setup.f.general")}>
      <div className="form-grid">
        <TextField
          path={["cluster", "name"]}
          label={t("setup.f.clusterName")}
          placeholder="Cụm thi đua số 8"
        />
        <TextField path={["cluster", "province"]} label={t("setup.f.province")} placeholder="Thanh Hóa" />
        <NumberField path={["cluster", "year"]} label={t("setup.f.year")} narrow />
        <OptionalTextField
          path={["cluster", "id"]}
          label={t("setup.f.clusterId")}
          placeholder="thanh-hoa-cum-8"
        />
        <OptionalTextField path={["cluster", "supervisingBody"]} label={t("setup.f.supervisingBody")} />
      </div>
      <div className="form-grid">
        <TextField path={["conference", "title"]} label={t("setup.f.title")} wide />
        <label className="field form-field is-narrow">
          <span>{t("setup.f.date")}</span>
          <DateInput />
        </label>
        <OptionalTextField path={["conference", "venue"]} label={t("setup.f.venue")} />
      </div>
    </FormSection>
  );
}

function DateInput() {
  const { value, onChange, disabled } = useForm();
  const path = ["conference", "date"] as const;
  const current = getIn(value, path);
  return (
    <>
      <input
        type="date"
        id={fieldId(path)}
        data-testid={fieldId(path)}
        value={typeof current === "string" ? current : ""}
        disabled={disabled}
        onChange={(e) => onChange(setIn(value, path, e.target.value || undefined))}
      />
      <FieldProblems path={path} />
    </>
  );
}
