import { useEffect, useRef } from "react";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { MeetingState } from "../../shared/protocol/meeting";
import { useDefinition } from "../features/scores/useDefinition";
import { usePolls } from "../features/polls/usePolls";
import { usePledgeState } from "../features/pledge/usePledgeState";
import { useT } from "../i18n";

/** One thing the unit must do now, and where on the page it is done. */
export interface DelegateTask {
  id: string;
  kind: "poll" | "cross" | "pledge";
  /** The panel that holds it (DELEGATE_PANELS id), brought first. */
  panel: "votes" | "scores" | "pledge";
  /** The element to bring into view ([data-testid]). */
  target: string;
  label: string;
}

/** The units `unit` cross-checks: those whose checker is it (the next unit in the list when none is named). */
export function unitsCheckedBy(def: Pick<MeetingDefinition, "units">, unit: string): string[] {
  return def.units
    .filter((u, i) => (u.crossCheckedBy ?? def.units[(i + 1) % def.units.length]!.code) === unit && u.code !== unit)
    .map((u) => u.code);
}

/** What the tablet must do now: open polls it has not voted in, units to cross-check, the pledge to sign. */
export function useDelegateTasks(state: MeetingState, token: string, unit: string | undefined): DelegateTask[] {
  const t = useT();
  const polls = usePolls(token);
  const definition = useDefinition(token);
  const { state: pledge } = usePledgeState(token);
  if (!unit) return [];
  const tasks: DelegateTask[] = [];
  for (const p of polls.list)
    if (p.state === "open" && !polls.mine[p.id])
      tasks.push({ id: `poll-${p.id}`, kind: "poll", panel: "votes", target: `poll-${p.id}`, label: t("room.task.poll", { title: p.title }) });
  if (state.scores.stage === "cross" && definition)
    for (const u of unitsCheckedBy(definition, unit)) {
      const name = state.units.find((x) => x.code === u)?.name ?? u;
      tasks.push({ id: `cross-${u}`, kind: "cross", panel: "scores", target: `score-card-${u}-cross`, label: t("room.task.cross", { unit: name }) });
    }
  const mine = pledge?.units.find((u) => u.unit === unit);
  if (pledge?.stage === "frozen" && mine && !mine.signed)
    tasks.push({ id: "pledge-sign", kind: "pledge", panel: "pledge", target: "panel-pledge", label: t("room.task.sign") });
  return tasks;
}

/** Brings an element into view below the sticky strip. */
export function bringIntoView(testId: string): void {
  const el = document.querySelector(`[data-testid="${testId}"]`);
  el?.scrollIntoView({ block: "start", behavior: "smooth" });
}

/**
 * The strip at the top of the tablet: the current tasks, named; it stays on screen (sticky) and a
 * new task (the chair opens a vote, the cross-check, the signing) scrolls the page to it.
 */
export function TaskStrip({ tasks, offline }: { tasks: DelegateTask[]; offline: boolean }) {
  const t = useT();
  const seen = useRef<Set<string> | null>(null);
  const ids = tasks.map((x) => x.id).join("|");
  useEffect(() => {
    const before = seen.current;
    seen.current = new Set(tasks.map((x) => x.id));
    // The tasks already there when the tablet opened do not move the page; a new one does.
    if (!before) return;
    const fresh = tasks.find((x) => !before.has(x.id));
    if (fresh) requestAnimationFrame(() => bringIntoView(fresh.target));
  }, [ids]);
  return (
    <section className={`task-strip${tasks.length ? " has-tasks" : ""}`} aria-label={t("room.task.title")} data-testid="task-strip" aria-live="polite">
      {tasks.length === 0 ? (
        <p className="task-none">{t("room.task.none")}</p>
      ) : (
        <ul>
          {tasks.map((x) => (
            <li key={x.id} className={`task task-${x.kind}`} data-testid={`task-${x.id}`}>
              <span className="task-label">{x.label}</span>
              <button type="button" className="btn btn-primary" onClick={() => bringIntoView(x.target)}>
                {t(`room.task.go.${x.kind}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
      {offline && (
        <p className="task-offline" role="status" data-testid="task-offline">
          {t("room.task.offline")}
        </p>
      )}
    </section>
  );
}
