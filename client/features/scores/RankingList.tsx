import type { MeetingState } from "../../../shared/protocol/meeting";
import { formatScore, type RankedUnit } from "../../../shared/scoring";
import { useLang, useT, type MessageKey } from "../../i18n";
import { unitShortName } from "./labels";

const DECIDER_KEY: Record<NonNullable<RankedUnit["decidedBy"]>, MessageKey> = {
  total: "scores.decided.total",
  core_group: "scores.decided.core_group",
  fewer_deductions: "scores.decided.fewer_deductions",
  more_bonus: "scores.decided.more_bonus",
  bars_leading: "scores.decided.bars_leading",
};

/** The ranking on the agreed layer, with ties that need a ballot and units barred from leading. */
export function RankingList({ state, ranking }: { state: MeetingState; ranking: RankedUnit[] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <ol className="ranking-list" data-testid="scores-ranking">
      {ranking.map((r) => (
        <li key={r.unit} data-testid={`ranking-${r.unit}`} data-rank={r.rank} className={r.complete ? undefined : "incomplete"}>
          <span className="rank-num">{r.complete ? r.rank : "–"}</span>
          <span className="rank-unit">{unitShortName(state, r.unit)}</span>
          <span className="rank-total">{r.complete ? formatScore(r.total, lang) : t("scores.incomplete")}</span>
          <span className="rank-notes">
            {r.complete && r.tiedWith.length > 0 && (
              <span className="pill pill-warn" data-testid={`ranking-tie-${r.unit}`}>
                {t("scores.tiedBallot", { units: r.tiedWith.map((u) => unitShortName(state, u)).join(", ") })}
              </span>
            )}
            {r.barredFromLeading && <span className="pill pill-bad">{t("scores.barred")}</span>}
            {r.complete && r.decidedBy && r.decidedBy !== "total" && (
              <span className="sub">{t(DECIDER_KEY[r.decidedBy])}</span>
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
