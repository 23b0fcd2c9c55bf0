import { useCallback, useState } from "react";
import { isOrganiser } from "../../../shared/protocol/roles";
import { SCORE_LAYERS } from "../../../shared/scoring";
import { Toast } from "../../components/Page";
import { formatDateTime } from "./time";
import { useLang, useT } from "../../i18n";
import type { FeatureContext } from "../types";
import { ChairControls } from "./ChairControls";
import { canWrite, cellAuthor, type CellLayer } from "./doc";
import { authorName, editsLabel, LAYER_KEY, droppedWhy, STAGE_KEY } from "./labels";
import { RankingList } from "./RankingList";
import { ScoreMatrix } from "./ScoreMatrix";
import { usePendingEdits } from "./usePendingEdits";
import { useScoreTable } from "./useScoreTable";

/** The chair console's score table: workflow, progress, the matrix and the agreed ranking. */
export function ChairScores({ meeting, session }: FeatureContext) {
  const t = useT();
  const { lang } = useLang();
  const { state } = meeting;
  const me = session.session;
  const stage = state.scores.stage;
  const { definition, table, ydoc } = useScoreTable(state.meetingId, session.token);
  const writable = useCallback(
    (unit: string, layer: CellLayer) => (definition ? canWrite(definition, me, stage, unit, layer) : false),
    [definition, me, stage],
  );
  const edits = usePendingEdits(state.meetingId, me.role, ydoc, definition ? writable : null);
  const [toast, setToast] = useState<{ message: string; tone: "error" | "info" } | null>(null);

  if (!definition || !table || !ydoc.doc)
    return <p className="hint" data-testid="scores-loading">{t("scores.loading")}</p>;
  const doc = ydoc.doc;
  const organiser = isOrganiser(me.role);
  const done = (layer: (typeof SCORE_LAYERS)[number]) => table.rows.filter((r) => r.layers[layer].totals.complete).length;
  const dropped = edits.dropped;

  return (
    <div className="scores-chair" data-testid="scores-chair" data-stage={stage}>
      <div className="scores-chair-head">
        <p className={`scores-status stage-${stage}`} data-testid="scores-status">
          {t(STAGE_KEY[stage])}
          {stage === "locked" && state.scores.lockedAt !== null &&
            ` · ${t("scores.lockedAt", { time: formatDateTime(state.scores.lockedAt, lang) })}`}
        </p>
        <dl className="scores-progress" data-testid="scores-progress">
          {SCORE_LAYERS.map((l) => (
            <div key={l}>
              <dt>{t(LAYER_KEY[l])}</dt>
              <dd data-testid={`progress-${l}`}>{t("scores.progress", { n: done(l), total: table.rows.length })}</dd>
            </div>
          ))}
        </dl>
      </div>
      {organiser && (
        <ChairControls meeting={meeting} token={session.token} onResult={(message, tone) => setToast({ message, tone })} />
      )}
      {edits.pending.length > 0 && (
        <p className="scores-pending" data-testid="scores-pending">
          {t("scores.pendingSending", { n: edits.pending.length })}
        </p>
      )}
      <p className="hint">{t("scores.matrixHint")}</p>
      <ScoreMatrix
        state={state}
        definition={definition}
        table={table}
        canEditAgreed={writable(table.rows[0]?.unit ?? "", "agreed")}
        canEditNotes={writable(table.rows[0]?.unit ?? "", "notes")}
        commit={edits.commit}
        authorOf={(unit, layer, id) => authorName(t, state, cellAuthor(doc, unit, layer, id))}
      />
      <h3 className="scores-subhead">{t("scores.rankingAgreed")}</h3>
      <RankingList state={state} ranking={table.ranking} />
      {toast && <Toast message={toast.message} tone={toast.tone} onClose={() => setToast(null)} />}
      {!toast && dropped && (
        <Toast
          message={
            dropped.refusal === null
              ? t("scores.dropped.closed", { cells: editsLabel(state, dropped.edits) })
              : t("scores.dropped.refused", { cells: editsLabel(state, dropped.edits), why: droppedWhy(t, definition, dropped.refusal, dropped.edits) })
          }
          onClose={edits.clearDropped}
        />
      )}
      {!toast && !dropped && ydoc.closedNotice && <Toast message={t(ydoc.closedNotice)} onClose={ydoc.clearClosed} />}
    </div>
  );
}
