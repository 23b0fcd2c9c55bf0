import type { MeetingDefinition } from "../../../shared/definition/schema";
import { formatScore, SCORE_LAYERS, type ScoreLayerName, type ScoreTableRow } from "../../../shared/scoring";
import { useLang, useT } from "../../i18n";
import { CountField, ScoreField } from "./ScoreField";
import { LAYER_KEY, LAYER_SHORT_KEY } from "./labels";
import type { LiveRankedUnit } from "./liveRanking";

export interface UnitScoreCardProps {
  definition: MeetingDefinition;
  row: ScoreTableRow;
  title: string;
  /** The layer shown with entries (editable or not); the other two appear small beside each cell. */
  layer: ScoreLayerName;
  editable: boolean;
  commit: (id: string, value: number) => void;
  authorOf: (id: string) => string | null;
  rank: LiveRankedUnit | undefined;
  units: number;
  testId: string;
}

/** One unit's scores criterion by criterion: what a delegate fills in (or reads) on the tablet. */
export function UnitScoreCard(p: UnitScoreCardProps) {
  const t = useT();
  const { lang } = useLang();
  const { criteria } = p.definition;
  const values = p.row.layers[p.layer].values;
  const totals = p.row.layers[p.layer].totals;
  const fmt = (v: number | undefined) => (v === undefined ? "—" : formatScore(v, lang));
  const others = SCORE_LAYERS.filter((l) => l !== p.layer);
  const cellId = (id: string) => `score-${p.row.unit}-${p.layer}-${id}`;
  const otherLayers = (section: "groups" | "bonus" | "deductions", id: string, count: boolean) =>
    others.map((l) => {
      const v = p.row.layers[l].values[section][id];
      return (
        <span key={l}>
          {t(LAYER_SHORT_KEY[l])}: {v === undefined ? "—" : count ? `${v}×` : fmt(v)}
        </span>
      );
    });

  return (
    <article className="score-card" data-testid={p.testId} data-layer={p.layer}>
      <header className="score-card-head">
        <h3>{p.title}</h3>
        <span className={`pill ${p.editable ? "pill-ok" : "pill-muted"}`}>
          {t(LAYER_KEY[p.layer])} · {t(p.editable ? "scores.editable" : "scores.readOnly")}
        </span>
      </header>

      <ol className="criteria">
        {criteria.groups.map((g) => (
          <li key={g.id} className="criterion">
            <div className="criterion-text">
              <p className="criterion-name">
                <span className="criterion-id">{g.id}</span> {g.name}
              </p>
              {g.items.length > 0 && (
                <ul className="criterion-help">
                  {g.items.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              )}
              <p className="criterion-meta">
                <span>{t("scores.max", { max: fmt(g.max) })}</span>
                {otherLayers("groups", g.id, false)}
              </p>
            </div>
            <ScoreField
              testId={cellId(g.id)}
              label={`${g.id} — ${t(LAYER_KEY[p.layer])}`}
              max={g.max}
              value={values.groups[g.id]}
              editable={p.editable}
              onCommit={(v) => p.commit(g.id, v)}
              author={p.authorOf(g.id)}
            />
          </li>
        ))}
      </ol>

      {criteria.bonus.items.length > 0 && (
        <section className="count-section">
          <h4>{t("scores.bonusTitle", { cap: fmt(criteria.bonus.cap) })}</h4>
          {criteria.bonus.items.map((b) => (
            <div key={b.id} className="count-row">
              <div className="criterion-text">
                <p className="criterion-name">
                  <span className="criterion-id">{b.id}</span> {b.name}
                </p>
                <p className="criterion-meta">
                  <span>{t("scores.perTime", { points: `+${fmt(b.points)}` })}</span>
                  {otherLayers("bonus", b.id, true)}
                </p>
              </div>
              <CountField
                testId={cellId(b.id)}
                label={`${b.id} — ${t(LAYER_KEY[p.layer])}`}
                maxCount={b.maxCount}
                value={values.bonus[b.id]}
                editable={p.editable}
                onCommit={(n) => p.commit(b.id, n)}
              />
            </div>
          ))}
        </section>
      )}

      {criteria.deductions.length > 0 && (
        <section className="count-section">
          <h4>{t("scores.deductionTitle")}</h4>
          {criteria.deductions.map((d) => (
            <div key={d.id} className="count-row">
              <div className="criterion-text">
                <p className="criterion-name">
                  <span className="criterion-id">{d.id}</span> {d.name}
                  {d.barsLeading && <span className="pill pill-warn">{t("scores.barsLeading")}</span>}
                </p>
                <p className="criterion-meta">
                  <span>{t("scores.perTime", { points: `−${fmt(d.points)}` })}</span>
                  {otherLayers("deductions", d.id, true)}
                </p>
              </div>
              <CountField
                testId={cellId(d.id)}
                label={`${d.id} — ${t(LAYER_KEY[p.layer])}`}
                maxCount={d.maxCount}
                value={values.deductions[d.id]}
                editable={p.editable}
                onCommit={(n) => p.commit(d.id, n)}
              />
            </div>
          ))}
        </section>
      )}

      <footer className="score-total" aria-live="polite">
        <div>
          <span className="score-total-label">{t("scores.totalOf", { layer: t(LAYER_KEY[p.layer]) })}</span>
          <span className="score-total-value" data-testid={`${p.testId}-total`}>
            {fmt(totals.total)}
          </span>
          {!totals.complete && <span className="score-partial">{t("scores.incomplete")}</span>}
        </div>
        <p className="score-breakdown">
          {t("scores.breakdown", {
            base: fmt(totals.baseTotal),
            bonus: fmt(totals.bonusTotal),
            deduction: fmt(totals.deductionTotal),
          })}
        </p>
        {p.rank && p.rank.layer && (
          <p className="score-rank" data-testid={`${p.testId}-rank`}>
            {t("scores.liveRank", { rank: p.rank.rank, n: p.units, layer: t(LAYER_KEY[p.rank.layer]) })}
            {p.rank.tiedWith.length > 0 && ` · ${t("scores.tied")}`}
          </p>
        )}
      </footer>
    </article>
  );
}
