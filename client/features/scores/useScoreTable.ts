import { useMemo } from "react";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import { scoreTableFromJson, type ScoreTable } from "../../../shared/scoring";
import { useDocVersion } from "../../realtime/useDocVersion";
import { useYDoc, type UseYDoc } from "../../realtime/useYDoc";
import { readUnits } from "./doc";
import { useDefinition } from "./useDefinition";

export interface ScoreTableView {
  definition: MeetingDefinition | null;
  /** Totals and the agreed ranking by the shared rules; null until both definition and doc are there. */
  table: ScoreTable | null;
  /** Bumps with every change of the document, for memos that read the doc directly (authors). */
  version: number;
  ydoc: UseYDoc;
}

/** The live score table: the `scores` Yjs document read through scoreTableFromJson, re-read on every update. */
export function useScoreTable(meetingId: string, token: string): ScoreTableView {
  const definition = useDefinition(token);
  const ydoc = useYDoc(meetingId, "scores", token);
  const { doc } = ydoc;
  const version = useDocVersion(doc);
  const table = useMemo(
    () => (definition && doc ? scoreTableFromJson(definition, readUnits(doc)) : null),
    // version stands for the document's content, which a Y.Doc reference does not change with.
    [definition, doc, version],
  );
  return { definition, table, version, ydoc };
}
