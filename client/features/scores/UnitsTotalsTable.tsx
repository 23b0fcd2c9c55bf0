import type { MeetingState } from "../../../shared/protocol/meeting";
import { formatScore, SCORE_LAYERS, type ScoreTable } from "../../../shared/scoring";
import { useLang, useT } from "../../i18n";
import { LAYER_SHORT_KEY } from "./labels";
import type { LiveRankedUnit } from "./liveRanking";

/** Every unit's totals per layer and its live rank, read-only (the tablet's view of the others). */
export function UnitsTotalsTable({
  state,
  table,
  ranking,
  highlight,
}: {
  state: MeetingState;
  table: ScoreTable;
  ranking: LiveRankedUnit[];
  highlight?: string | null;
}) {
  const t = useT();
  const { lang } = useLang();
  const rankOf = new Map(ranking.map((r) => [r.unit, r]));
  return (
    <div className="table-scroll">
      <table className="totals-table" data-testid="scores-totals">
        <thead>
          <tr>
            <th scope="col">{t("attendance.unit")}</th>
            {SCORE_LAYERS.map((l) => (
              <th key={l} scope="col" className="num">
                {t(LAYER_SHORT_KEY[l])}
              </th>
            ))}
            <th scope="col" className="num">
              {t("scores.rank")}
            </th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => {
            const r = rankOf.get(row.unit);
            return (
              <tr key={row.unit} className={row.unit === highlight ? "is-own" : undefined} data-testid={`totals-row-${row.unit}`}>
                <th scope="row">{state.units.find((u) => u.code === row.unit)?.shortName ?? row.unit}</th>
                {SCORE_LAYERS.map((l) => {
                  const totals = row.layers[l].totals;
                  const any = totals.complete || Object.keys(totals.groups).length > 0;
                  return (
                    <td key={l} className={`num${totals.complete ? "" : " partial"}`} title={totals.complete ? undefined : t("scores.incomplete")}>
                      {any ? formatScore(totals.total, lang) : "—"}
                    </td>
                  );
                })}
                <td className="num">{r?.layer ? `${r.rank}${r.tiedWith.length ? "=" : ""}` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
