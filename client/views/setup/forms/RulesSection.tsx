import type { TieBreak } from "../../../../shared/definition/schema";
import { useT, type MessageKey } from "../../../i18n";
import { CheckField, FieldProblems, FormSection, NumberField, SelectField, useForm } from "./fields";
import { arrayAt, getIn, setIn } from "./paths";

const TIE_BREAKS: readonly TieBreak[] = ["core_group", "fewer_deductions", "more_bonus"];
const TIE_KEY: Record<TieBreak, MessageKey> = {
  core_group: "setup.f.tie.core_group",
  fewer_deductions: "setup.f.tie.fewer_deductions",
  more_bonus: "setup.f.tie.more_bonus",
};

function Share({ name, label }: { name: "quorum" | "threshold"; label: string }) {
  const t = useT();
  return (
    <fieldset className="form-share">
      <legend>{label}</legend>
      <SelectField
        path={["rules", name, "comparison"]}
        label={t("setup.f.comparison")}
        options={[
          { value: "gt", label: t("setup.f.gt") },
          { value: "gte", label: t("setup.f.gte") },
        ]}
      />
      <NumberField path={["rules", name, "numerator"]} label={t("setup.f.numerator")} narrow />
      <span className="form-share-slash" aria-hidden="true">
        /
      </span>
      <NumberField path={["rules", name, "denominator"]} label={t("setup.f.denominator")} narrow />
      <FieldProblems path={["rules", name]} />
    </fieldset>
  );
}

/** Quorum, thresholds and bases, tie-break order, self-vote, signing order. */
export function RulesSection() {
  const t = useT();
  const { value, onChange, disabled } = useForm();
  const order = arrayAt(value, ["rules", "tieBreak"]).filter((x): x is TieBreak =>
    TIE_BREAKS.includes(x as TieBreak),
  );
  const setOrder = (next: TieBreak[]) => onChange(setIn(value, ["rules", "tieBreak"], next));
  const groups = arrayAt(value, ["criteria", "groups"])
    .map((g) => String(getIn(g, ["id"]) ?? ""))
    .filter(Boolean);
  return (
    <FormSection id="rules" title={t("setup.f.rules")} listPath={["rules"]}>
      <div className="form-grid">
        <Share name="quorum" label={t("setup.f.quorum")} />
        <Share name="threshold" label={t("setup.f.threshold")} />
        <SelectField
          path={["rules", "base"]}
          label={t("setup.f.base")}
          options={[
            { value: "members", label: t("setup.rules.base.members") },
            { value: "present", label: t("setup.rules.base.present") },
            { value: "valid", label: t("setup.rules.base.valid") },
          ]}
        />
      </div>
      <fieldset className="form-tiebreak" data-testid="tie-break">
        <legend>{t("setup.f.tieBreak")}</legend>
        <ol>
          {order.map((rule, i) => (
            <li key={rule}>
              <span>{t(TIE_KEY[rule])}</span>
              <span className="row-tools">
                <button
                  type="button"
                  className="btn btn-icon"
                  disabled={disabled || i === 0}
                  onClick={() =>
                    setOrder(order.map((r, j) => (j === i - 1 ? rule : j === i ? order[i - 1]! : r)))
                  }
                  aria-label={t("setup.f.up", { what: t(TIE_KEY[rule]) })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn-icon"
                  disabled={disabled}
                  onClick={() => setOrder(order.filter((r) => r !== rule))}
                  aria-label={t("setup.f.remove", { what: t(TIE_KEY[rule]) })}
                >
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
        {order.length === 0 && <p className="hint">{t("setup.rules.tieBreakNone")}</p>}
        <div className="btn-row">
          {TIE_BREAKS.filter((r) => !order.includes(r)).map((r) => (
            <button
              key={r}
              type="button"
              className="btn btn-small"
              disabled={disabled}
              onClick={() => setOrder([...order, r])}
            >
              + {t(TIE_KEY[r])}
            </button>
          ))}
        </div>
        <FieldProblems path={["rules", "tieBreak"]} />
      </fieldset>
      <div className="form-grid">
        <SelectField
          path={["rules", "coreGroupId"]}
          label={t("setup.f.coreGroup")}
          emptyLabel={t("setup.f.coreGroupFirst")}
          options={groups.map((g) => ({ value: g, label: g }))}
        />
        <SelectField
          path={["rules", "signingOrder"]}
          label={t("setup.f.signingOrder")}
          options={[
            { value: "free", label: t("setup.f.signing.free") },
            { value: "head_first", label: t("setup.f.signing.head_first") },
          ]}
        />
      </div>
      <div className="form-checks">
        <CheckField path={["rules", "selfVoteAllowed"]} label={t("setup.f.selfVote")} />
        <CheckField path={["rules", "chairMayAdoptPledge"]} label={t("setup.f.chairAdopts")} />
      </div>
    </FormSection>
  );
}
