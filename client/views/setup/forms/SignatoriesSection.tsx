import { useT } from "../../../i18n";
import { FormSection, OptionalTextField } from "./fields";

/**
 * Who signs the minutes (optional): the chair's and the secretary's names and titles, printed under
 * their signature blocks in the PDF and the .docx. Left empty, the space stays for a handwritten name.
 */
export function SignatoriesSection() {
  const t = useT();
  return (
    <FormSection id="signatories" title={t("setup.f.signatories")}>
      <p className="hint">{t("setup.f.signatoriesHint")}</p>
      <div className="form-grid">
        <OptionalTextField path={["signatories", "chair", "name"]} label={t("setup.f.chairName")} placeholder="Nguyễn Văn A" prune />
        <OptionalTextField path={["signatories", "chair", "title"]} label={t("setup.f.chairTitle")} prune />
      </div>
      <div className="form-grid">
        <OptionalTextField path={["signatories", "secretary", "name"]} label={t("setup.f.secretaryName")} placeholder="Trần Thị B" prune />
        <OptionalTextField path={["signatories", "secretary", "title"]} label={t("setup.f.secretaryTitle")} prune />
      </div>
    </FormSection>
  );
}
