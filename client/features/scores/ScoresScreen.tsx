import { useRef } from "react";
import { formatScore, type ScoreTable } from "../../../shared/scoring";
import { useLang, useT, type MessageKey } from "../../i18n";
import type { ScreenPanelProps } from "../types";
import { LAYER_KEY, unitShortName } from "./labels";
import { liveRanking } from "./liveRanking";
import { formatTime } from "./time";
import { useRankChanges } from "./useRankChanges";
import { useScoreTable } from "./useScoreTable";

/** Up to this many units the ranking is one column; more go in two, read down then across. */
const ONE_COLUMN_MAX = 10;

/** One column of large rows (≤ 10 units), two columns (≤ 20), two denser columns (≤ 30 and beyond). */
export function rankingLayout(units: number): "cols-1" | "cols-2" | "cols-2 dense" {
  if (units <= ONE_COLUMN_MAX) return "cols-1";
  return units <= 20 ? "cols-2" : "cols-2 dense";
}

const MEDALS: Record<number, MessageKey> = { 1: "scores.medal.1", 2: "scores.medal.2", 3: "scores.medal.3" };

/**
 * The ranking on the big screen (and on followers' phones). Before the lock each unit shows its
 * latest total (see liveRanking: agreed, else cross, else self, labelled) so the room sees the table
 * fill in; after the lock the agreed ranking with 1st, 2nd and 3rd marked and the time of the lock.
 */
export function ScoresScreen({ state, variant, token }: ScreenPanelProps) {
  const t = useT();
  const { lang } = useLang();
  const { definition, table: liveTable, ydoc } = useScoreTable(state.meetingId, token);
  // While (re)syncing the document is empty or partial: keep showing the last synced table, and
  // never animate the jump from nothing to everything.
  const lastSynced = useRef<ScoreTable | null>(null);
  if (ydoc.synced && liveTable) lastSynced.current = liveTable;
  const table = lastSynced.current;
  const locked = state.scores.stage === "locked";
  const ranking = definition && table ? liveRanking(definition, table, locked) : null;
  const changes = useRankChanges(ranking);
  const fmt = (v: number) => formatScore(v, lang);

  return (
    <div className={`sp sp-scores ${variant}${locked ? " is-locked" : ""}`} data-testid="screen-scores" data-locked={locked}>
      <div className="sp-scores-head">
        {locked ? (
          <>
            <h1 className="sp-heading sp-scores-title" data-testid="screen-scores-title">
              {t("scores.screen.lockedTitle")}
            </h1>
            {state.scores.lockedAt !== null && (
              <p className="sp-sub" data-testid="screen-scores-locked-at">
                {t("scores.screen.lockedAt", { time: formatTime(state.scores.lockedAt, lang) })}
              </p>
            )}
          </>
        ) : (
          <>
            <h1 className="sp-heading sp-scores-title">{t("scores.screen.title")}</h1>
            <p className="sp-kicker" data-testid="screen-scores-title">
              {t("scores.screen.live")}
            </p>
          </>
        )}
      </div>
      {!ranking ? (
        <p className="sp-note">{t("scores.loading")}</p>
      ) : (
        <ol
          className={`sp-ranking ${rankingLayout(ranking.length)}`}
          style={{ ["--rows" as string]: ranking.length, ["--per-col" as string]: Math.ceil(ranking.length / (ranking.length > ONE_COLUMN_MAX ? 2 : 1)) }}
        >
          {ranking.map((r) => {
            const row = table!.rows.find((x) => x.unit === r.unit)!;
            const change = changes[r.unit];
            const medal = locked && r.complete && r.tiedWith.length === 0 ? MEDALS[r.rank] : undefined;
            return (
              <li
                key={r.unit}
                className={[change ? `changed changed-${change}` : "", medal ? `medal medal-${r.rank}` : "", r.layer ? "" : "empty"]
                  .filter(Boolean)
                  .join(" ")}
                data-testid={`screen-score-row-${r.unit}`}
                data-rank={r.rank}
              >
                <span className="sp-rank" data-testid={`screen-score-rank-${r.unit}`}>
                  {r.layer ? r.rank : "–"}
                </span>
                <span className="sp-rank-arrow" aria-hidden="true">
                  {change === "up" ? "↑" : change === "down" ? "↓" : ""}
                </span>
                <span className="sp-rank-unit">
                  <span className="sp-rank-name">{unitShortName(state, r.unit)}</span>
                </span>
                <span className="sp-rank-layers">
                  {medal && <span className={`medal-badge medal-badge-${r.rank}`}>{t(medal)}</span>}
                  {r.tiedWith.length > 0 && r.layer && <span className="sp-rank-tie">{t("scores.tied")}</span>}
                  {!locked && r.layer && (
                    <span className={`sp-rank-layer l-${r.layer}`}>
                      {t(LAYER_KEY[r.layer])}
                      {!r.complete && ` · ${t("scores.incomplete")}`}
                    </span>
                  )}
                  {locked && (
                    <span className="sp-rank-small">
                      {t("scores.screen.selfCross", {
                        self: row.layers.self.totals.complete ? fmt(row.layers.self.totals.total) : "—",
                        cross: row.layers.cross.totals.complete ? fmt(row.layers.cross.totals.total) : "—",
                      })}
                    </span>
                  )}
                </span>
                <span className="sp-rank-total" data-testid={`screen-score-total-${r.unit}`}>
                  {r.layer ? fmt(r.total) : "—"}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
