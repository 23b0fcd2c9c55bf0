import { useT } from "../../../i18n";
import { DateField, FormSection, NumberField } from "./fields";

/**
 * The discussion (issue 15): how long a presentation or a remark may last before the overrun shows
 * (every agenda item may set its own in the agenda), and the day from which delegates may comment on
 * the pledge draft before the conference. All optional: left empty, 7 and 3 minutes, and no period of
 * comments before the day.
 */
export function DiscussionSection() {
  const t = useT();
  return (
    <FormSection id="discussion" title={t("setup.f.discussion")}>
      <p className="hint">{t("setup.f.discussionHint")}</p>
      <div className="form-grid">
        <NumberField path={["discussion", "presentationS"]} label={t("setup.f.presentationS")} placeholder="420" narrow prune />
        <NumberField path={["discussion", "remarkS"]} label={t("setup.f.remarkS")} placeholder="180" narrow prune />
        <DateField path={["discussion", "commentsOpenFrom"]} label={t("setup.f.commentsOpenFrom")} />
      </div>
    </FormSection>
  );
}
