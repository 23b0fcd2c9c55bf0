import { useCallback } from "react";
import type { ScoreLayerName } from "../../../shared/scoring";
import type { ScoreStage } from "../../../shared/protocol/scores";
import { Toast } from "../../components/Page";
import { useT, type MessageKey } from "../../i18n";
import type { FeatureContext } from "../types";
import { canWrite, cellAuthor, unitsCrossCheckedBy, type CellLayer } from "./doc";
import { authorName, editsLabel, droppedWhy, unitShortName } from "./labels";
import { liveRanking } from "./liveRanking";
import { UnitScoreCard } from "./UnitScoreCard";
import { UnitsTotalsTable } from "./UnitsTotalsTable";
import { usePendingEdits } from "./usePendingEdits";
import { useScoreTable } from "./useScoreTable";

/** What the own unit's card shows in each stage (only the self stage makes it editable). */
const OWN_LAYER: Record<ScoreStage, ScoreLayerName> = {
  closed: "self",
  self: "self",
  cross: "self",
  agreed: "agreed",
  locked: "agreed",
};

const STATUS: Record<ScoreStage, MessageKey> = {
  closed: "scores.delegate.waiting",
  self: "scores.delegate.self",
  cross: "scores.delegate.cross",
  agreed: "scores.delegate.agreed",
  locked: "scores.delegate.locked",
};

/** The delegate tablet: the own unit's row to fill in, the units it cross-checks, everyone's totals. */
export function DelegateScores({ meeting, session }: FeatureContext) {
  const t = useT();
  const { state } = meeting;
  const me = session.session;
  const myUnit = me.unit ?? "";
  const stage = state.scores.stage;
  const { definition, table, ydoc } = useScoreTable(state.meetingId, session.token);
  const writable = useCallback(
    (unit: string, layer: CellLayer) => (definition ? canWrite(definition, me, stage, unit, layer) : false),
    [definition, me, stage],
  );
  const edits = usePendingEdits(state.meetingId, myUnit, ydoc, definition ? writable : null);

  if (!definition || !table || !ydoc.doc)
    return <p className="hint" data-testid="scores-loading">{t("scores.loading")}</p>;
  const doc = ydoc.doc;
  const ranking = liveRanking(definition, table, stage === "locked");
  const card = (unit: string, layer: ScoreLayerName, title: string) => {
    const row = table.rows.find((r) => r.unit === unit);
    if (!row) return null;
    return (
      <UnitScoreCard
        key={`${unit}-${layer}`}
        definition={definition}
        row={row}
        title={title}
        layer={layer}
        editable={writable(unit, layer)}
        commit={(id, v) => edits.commit(unit, layer, id, v)}
        authorOf={(id) => authorName(t, state, cellAuthor(doc, unit, layer, id))}
        rank={ranking.find((r) => r.unit === unit)}
        units={definition.units.length}
        testId={`score-card-${unit}-${layer}`}
      />
    );
  };
  const offline = !ydoc.synced || meeting.connection !== "connected";

  return (
    <div className="scores-delegate" data-testid="scores-delegate" data-stage={stage}>
      <p className={`scores-status stage-${stage}`} data-testid="scores-status">
        {t(STATUS[stage])}
      </p>
      {edits.pending.length > 0 && (
        <p className={`scores-pending${offline ? " offline" : ""}`} data-testid="scores-pending">
          {t(offline ? "scores.pendingOffline" : "scores.pendingSending", { n: edits.pending.length })}
        </p>
      )}
      {card(myUnit, OWN_LAYER[stage], t("scores.ownUnit", { unit: unitShortName(state, myUnit) }))}
      {stage === "cross" &&
        unitsCrossCheckedBy(definition, myUnit).map((u) =>
          card(u, "cross", t("scores.crossOf", { unit: unitShortName(state, u) })),
        )}
      <h3 className="scores-subhead">{t("scores.allUnits")}</h3>
      <UnitsTotalsTable state={state} table={table} ranking={ranking} highlight={myUnit} />
      {edits.dropped && (
        <Toast
          message={
            edits.dropped.refusal === null
              ? t("scores.dropped.closed", { cells: editsLabel(state, edits.dropped.edits) })
              : t("scores.dropped.refused", {
                  cells: editsLabel(state, edits.dropped.edits),
                  why: droppedWhy(t, definition, edits.dropped.refusal, edits.dropped.edits),
                })
          }
          onClose={edits.clearDropped}
        />
      )}
      {ydoc.closedNotice && <Toast message={t(ydoc.closedNotice)} onClose={ydoc.clearClosed} />}
    </div>
  );
}
