import { Fragment, useState } from "react";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import type { MeetingState } from "../../../shared/protocol/meeting";
import { formatScore, layerDifferences, SCORE_LAYERS, type ScoreTable, type ScoreTableRow } from "../../../shared/scoring";
import { useLang, useT } from "../../i18n";
import { ScoreField } from "./ScoreField";
import { LAYER_KEY, LAYER_SHORT_KEY, unitShortName } from "./labels";
import type { CellLayer } from "./doc";
import { UnitDetail } from "./UnitDetail";

export interface MatrixProps {
  state: MeetingState;
  definition: MeetingDefinition;
  table: ScoreTable;
  canEditAgreed: boolean;
  canEditNotes: boolean;
  commit: (unit: string, layer: CellLayer, id: string, value: number | string) => void;
  authorOf: (unit: string, layer: CellLayer, id: string) => string | null;
}

/**
 * The whole table for the chair: a row per unit, per group the three layers side by side. A cross
 * score that differs from the self score is amber, an agreed one that differs from the cross score
 * is blue; the agreed column is bold and editable until the lock. A row opens its bonus, deduction
 * and note details below it.
 */
export function ScoreMatrix(p: MatrixProps) {
  const t = useT();
  const { lang } = useLang();
  const [open, setOpen] = useState<string | null>(null);
  const { groups } = p.definition.criteria;
  const fmt = (v: number | undefined) => (v === undefined ? "—" : formatScore(v, lang));
  const columns = 1 + (groups.length + 3) * 3;
  const diffs = (row: ScoreTableRow) => ({
    cross: layerDifferences(p.definition.criteria, row.layers.self.values, row.layers.cross.values),
    agreed: layerDifferences(p.definition.criteria, row.layers.cross.values, row.layers.agreed.values),
  });
  const sums = ["bonus", "deduction", "total"] as const;

  return (
    <div className="matrix-scroll" data-testid="scores-matrix">
      <table className="matrix">
        <thead>
          <tr>
            <th rowSpan={2} scope="col" className="sticky-col">
              {t("attendance.unit")}
            </th>
            {groups.map((g) => (
              <th key={g.id} colSpan={3} scope="colgroup" title={g.name}>
                {g.id} <small>/{fmt(g.max)}</small>
              </th>
            ))}
            <th colSpan={3} scope="colgroup">{t("scores.bonus")}</th>
            <th colSpan={3} scope="colgroup">{t("scores.deduction")}</th>
            <th colSpan={3} scope="colgroup" className="sticky-total sticky-total-head">
              {t("scores.total")}
            </th>
          </tr>
          <tr className="layer-heads">
            {[...groups.map((g) => g.id), ...sums].flatMap((id) =>
              SCORE_LAYERS.map((l) => (
                <th
                  key={`${id}-${l}`}
                  scope="col"
                  title={t(LAYER_KEY[l])}
                  className={`l-${l}${id === "total" ? ` sticky-total sticky-total-${l}` : ""}`}
                >
                  {t(LAYER_SHORT_KEY[l])}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {p.table.rows.map((row) => {
            const d = diffs(row);
            const isOpen = open === row.unit;
            const sumValue = (l: (typeof SCORE_LAYERS)[number], s: (typeof sums)[number]) => {
              const tot = row.layers[l].totals;
              if (s === "bonus") return fmt(tot.bonusTotal);
              if (s === "deduction") return tot.deductionTotal ? `−${fmt(tot.deductionTotal)}` : fmt(0);
              return tot.complete ? fmt(tot.total) : "…";
            };
            return (
              <Fragment key={row.unit}>
                <tr data-testid={`matrix-row-${row.unit}`} className={isOpen ? "is-open" : undefined}>
                  <th scope="row" className="sticky-col">
                    <button
                      type="button"
                      className="row-toggle"
                      aria-expanded={isOpen}
                      onClick={() => setOpen(isOpen ? null : row.unit)}
                      data-testid={`matrix-open-${row.unit}`}
                    >
                      <span aria-hidden="true">{isOpen ? "▾" : "▸"}</span> {unitShortName(p.state, row.unit)}
                    </button>
                    <Progress row={row} />
                  </th>
                  {groups.map((g) => {
                    const crossDiff = d.cross.groups[g.id];
                    const agreedDiff = d.agreed.groups[g.id];
                    return SCORE_LAYERS.map((l) => {
                      const v = row.layers[l].values.groups[g.id];
                      const cls = [`num`, `l-${l}`, l === "cross" && crossDiff ? "diff" : "", l === "agreed" && agreedDiff ? "diff-agreed" : ""]
                        .filter(Boolean)
                        .join(" ");
                      const title =
                        l === "cross" && crossDiff ? t("scores.diffTitle", { diff: fmt(crossDiff) }) : row.notes[g.id] ?? undefined;
                      if (l !== "agreed" || !p.canEditAgreed)
                        return (
                          <td key={`${g.id}-${l}`} className={cls} title={title} data-testid={`matrix-${row.unit}-${l}-${g.id}`}>
                            {fmt(v)}
                          </td>
                        );
                      return (
                        <td key={`${g.id}-${l}`} className={cls} title={title}>
                          <ScoreField
                            compact
                            testId={`matrix-${row.unit}-agreed-${g.id}`}
                            label={`${unitShortName(p.state, row.unit)} ${g.id} — ${t(LAYER_KEY.agreed)}`}
                            max={g.max}
                            value={v}
                            editable
                            onCommit={(val) => p.commit(row.unit, "agreed", g.id, val)}
                            author={p.authorOf(row.unit, "agreed", g.id)}
                          />
                        </td>
                      );
                    });
                  })}
                  {sums.flatMap((s) =>
                    SCORE_LAYERS.map((l) => (
                      <td
                        key={`${s}-${l}`}
                        className={`num l-${l}${s === "total" ? ` sum sticky-total sticky-total-${l}` : ""}${s === "total" && l === "cross" && d.cross.total ? " diff" : ""}`}
                        data-testid={s === "total" ? `matrix-total-${row.unit}-${l}` : undefined}
                      >
                        {sumValue(l, s)}
                      </td>
                    )),
                  )}
                </tr>
                {isOpen && (
                  <tr className="detail-row">
                    <td colSpan={columns}>
                      <UnitDetail {...p} row={row} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Which layers of a unit are complete (every group entered): T C N chips. */
function Progress({ row }: { row: ScoreTableRow }) {
  const t = useT();
  return (
    <span className="progress-chips">
      {SCORE_LAYERS.map((l) => (
        <span
          key={l}
          className={`chip ${row.layers[l].totals.complete ? "done" : "todo"}`}
          title={`${t(LAYER_KEY[l])}: ${t(row.layers[l].totals.complete ? "scores.complete" : "scores.incomplete")}`}
        >
          {t(LAYER_SHORT_KEY[l])}
        </span>
      ))}
    </span>
  );
}
