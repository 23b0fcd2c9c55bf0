import { useT } from "../../../i18n";
import { FormSection, NumberField, OptionalTextField, RowTools, TextField, useForm } from "./fields";
import { appended, arrayAt, moved, removed } from "./paths";

/** The programme of the morning, in order. */
export function AgendaSection() {
  const t = useT();
  const { value, onChange, disabled } = useForm();
  const items = arrayAt(value, ["agenda"]);
  return (
    <FormSection
      id="agenda"
      title={t("setup.f.agenda", { n: items.length })}
      listPath={["agenda"]}
      actions={
        <button
          type="button"
          className="btn btn-small"
          disabled={disabled}
          onClick={() => onChange(appended(value, ["agenda"], { title: "" }))}
          data-testid="add-agenda"
        >
          {t("setup.f.addAgenda")}
        </button>
      }
    >
      <ol className="form-rows">
        {items.map((_, i) => (
          <li key={i} className="form-row form-row-inline" data-testid={`agenda-row-${i}`}>
            <OptionalTextField path={["agenda", i, "time"]} label={t("setup.f.time")} placeholder="08:30" />
            <TextField path={["agenda", i, "title"]} label={t("setup.f.agendaTitle", { n: i + 1 })} wide />
            <OptionalTextField path={["agenda", i, "owner"]} label={t("setup.f.owner")} />
            <NumberField path={["agenda", i, "speakingLimits", "presentationS"]} label={t("setup.f.itemPresentationS")} narrow prune />
            <NumberField path={["agenda", i, "speakingLimits", "remarkS"]} label={t("setup.f.itemRemarkS")} narrow prune />
            <RowTools
              index={i}
              count={items.length}
              what={t("setup.f.agendaN", { n: i + 1 })}
              onMove={(by) => onChange(moved(value, ["agenda"], i, by))}
              onRemove={() => onChange(removed(value, ["agenda"], i))}
            />
          </li>
        ))}
      </ol>
    </FormSection>
  );
}
