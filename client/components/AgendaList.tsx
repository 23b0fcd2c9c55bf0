import { useEffect, useRef } from "react";
import type { MeetingState } from "../../shared/protocol/meeting";
import { useT } from "../i18n";

/** The agenda with the current item marked; with onSelect, every item is a button (chair). */
export function AgendaList({
  agenda,
  index,
  onSelect,
  disabled,
}: {
  agenda: MeetingState["agenda"];
  index: number;
  onSelect?: (i: number) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const list = useRef<HTMLOListElement>(null);
  // In a scrolling list (the chair's), keep the current item in view as the meeting moves on.
  useEffect(() => {
    const ol = list.current;
    const current = ol?.children[index] as HTMLElement | undefined;
    if (!ol || !current || ol.scrollHeight <= ol.clientHeight) return;
    ol.scrollTo({ top: current.offsetTop - ol.offsetTop - ol.clientHeight / 3, behavior: "smooth" });
  }, [index]);
  return (
    <ol className="agenda-list" data-testid="agenda-list" ref={list}>
      {agenda.map((item, i) => {
        const state = i === index ? "current" : i < index ? "done" : "todo";
        const body = (
          <>
            <span className="agenda-num">{i + 1}</span>
            <span className="agenda-text">
              <span className="agenda-title">{item.title}</span>
              {(item.time || item.owner) && (
                <span className="agenda-meta">{[item.time, item.owner].filter(Boolean).join(" · ")}</span>
              )}
            </span>
            {i === index && <span className="agenda-now">{t("agenda.current")}</span>}
          </>
        );
        return (
          <li
            key={i}
            className={`agenda-item agenda-${state}`}
            aria-current={i === index ? "step" : undefined}
            data-testid={`agenda-item-${i}`}
          >
            {onSelect ? (
              <button
                type="button"
                className="agenda-button"
                onClick={() => onSelect(i)}
                disabled={disabled || i === index}
              >
                {body}
              </button>
            ) : (
              <div className="agenda-row">{body}</div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
