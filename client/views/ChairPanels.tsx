import { useEffect, useRef, useState } from "react";
import { agendaItemKind, type AgendaKind } from "../../shared/definition/agenda-kind";
import { Panel } from "../components/Page";
import { CHAIR_PANELS } from "../features/registry";
import { useT } from "../i18n";
import type { StoredSession } from "../lib/sessions";
import type { LiveMeeting } from "./gates";

/** The chair's panels that belong to each kind of agenda item (CHAIR_PANELS ids). */
const PANELS_OF_KIND: Record<AgendaKind, readonly string[]> = {
  scores: ["scores"],
  votes: ["votes"],
  pledge: ["pledge", "proposals", "votes"],
  discussion: ["speakers", "documents"],
};

/** The panels the current agenda item calls for (none for a speech or the opening). */
export function currentPanels(title: string | undefined): readonly string[] {
  const kind = title ? agendaItemKind(title) : null;
  return kind ? PANELS_OF_KIND[kind] : [];
}

/**
 * The chair's feature panels, following the agenda: the current item's panels come first, open and
 * marked; the others fold to their title bar (the chair can open any of them, until the next item).
 * An item with no panel of its own leaves them all open. Moving to an item scrolls its panel into view.
 */
export function ChairFeaturePanels({ meeting, session }: { meeting: LiveMeeting; session: StoredSession }) {
  const t = useT();
  const { state } = meeting;
  const current = currentPanels(state.agenda[state.agendaIndex]?.title);
  // The chair's own open/close choices, forgotten when the agenda moves on.
  const [choice, setChoice] = useState<{ index: number; open: Record<string, boolean> }>({ index: state.agendaIndex, open: {} });
  const chosen = choice.index === state.agendaIndex ? choice.open : {};
  const isOpen = (id: string) => chosen[id] ?? (current.length === 0 || current.includes(id));
  const toggle = (id: string) => setChoice({ index: state.agendaIndex, open: { ...chosen, [id]: !isOpen(id) } });

  const seenIndex = useRef(state.agendaIndex);
  useEffect(() => {
    if (seenIndex.current === state.agendaIndex) return;
    seenIndex.current = state.agendaIndex;
    const first = current[0];
    if (first) document.querySelector(`[data-testid="panel-${first}"]`)?.scrollIntoView({ block: "start", behavior: "smooth" });
  }, [state.agendaIndex, current]);

  const ordered = [...CHAIR_PANELS].sort((a, b) => rank(current, a.id) - rank(current, b.id));
  return (
    <div className="chair-features" data-current={current.join(" ")}>
      {ordered.map(({ id, titleKey, Component }) => {
        const open = isOpen(id);
        const here = current.includes(id);
        return (
          <Panel
            key={id}
            title={t(titleKey)}
            testId={`panel-${id}`}
            className={`chair-feature${here ? " is-current" : ""}${open ? "" : " is-folded"}`}
            actions={
              <div className="btn-row">
                {here && <span className="pill pill-ok">{t("room.chair.currentItem")}</span>}
                <button
                  type="button"
                  className="btn"
                  aria-expanded={open}
                  aria-controls={`chair-panel-body-${id}`}
                  onClick={() => toggle(id)}
                  data-testid={`panel-toggle-${id}`}
                >
                  {t(open ? "room.chair.fold" : "room.chair.unfold")}
                </button>
              </div>
            }
          >
            <div id={`chair-panel-body-${id}`} hidden={!open}>
              {open && <Component meeting={meeting} session={session} />}
            </div>
          </Panel>
        );
      })}
    </div>
  );
}

function rank(current: readonly string[], id: string): number {
  const i = current.indexOf(id);
  return i === -1 ? current.length + CHAIR_PANELS.findIndex((p) => p.id === id) : i;
}
