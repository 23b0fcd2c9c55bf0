import type { PledgeState } from "../../../shared/protocol/pledge";
import { useT } from "../../i18n";
import { STAGE_KEY, STAGE_PILL } from "./labels";

/** The pledge's stage and, once frozen, how many units have signed: the head of both panels. */
export function StageBadges({ pledge }: { pledge: PledgeState }) {
  const t = useT();
  return (
    <>
      <span className={`pill pill-lg ${STAGE_PILL[pledge.stage]}`} data-testid="pledge-stage">
        {t(STAGE_KEY[pledge.stage])}
      </span>
      {(pledge.stage === "frozen" || pledge.stage === "final") && (
        <span className="pledge-progress" data-testid="pledge-progress">
          {t("pledge.progress", { n: pledge.signedCount, total: pledge.unitCount })}
        </span>
      )}
    </>
  );
}
