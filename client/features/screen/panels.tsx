import type { CSSProperties } from "react";
import { formatDate, useLang, useT, type MessageKey } from "../../i18n";
import { OnlineDot, QuorumLine } from "../../components/Attendance";
import type { ScreenPanelProps } from "../types";

/** How many upcoming items the agenda screen lists under the current one. */
const NEXT_ITEMS = 3;

/** Long titles get smaller type so three lines still fit the projector (titles run to 300 characters). */
export function lengthClass(text: string): string {
  if (text.length > 140) return "len-xlong";
  if (text.length > 70) return "len-long";
  return "len-short";
}

/** Columns of the unit grid: 8 units in 2 rows of 4, 15 in 3 rows of 5, 20 in 4 of 5, 30 in 5 of 6. */
export function gridColumns(units: number): number {
  if (units <= 8) return 4;
  if (units <= 20) return 5;
  return 6;
}

/** The type size of a unit grid: large up to 12 units, medium up to 20, small beyond. */
export function gridSize(units: number): "size-l" | "size-m" | "size-s" {
  if (units <= 12) return "size-l";
  if (units <= 20) return "size-m";
  return "size-s";
}

export function WelcomeScreen({ state }: ScreenPanelProps) {
  const t = useT();
  const { lang } = useLang();
  return (
    <div className="sp sp-welcome" data-testid="screen-welcome">
      <p className="sp-kicker">
        {state.cluster.name} · {state.cluster.province}
      </p>
      <h1 className={`sp-title ${lengthClass(state.conference.title)}`}>{state.conference.title}</h1>
      <p className="sp-sub">
        {t("screen.date", { date: formatDate(state.conference.date, lang) })}
        {state.conference.venue ? ` · ${t("screen.venue", { venue: state.conference.venue })}` : ""}
      </p>
      {state.cluster.supervisingBody && <p className="sp-note">{state.cluster.supervisingBody}</p>}
    </div>
  );
}

export function AgendaScreen({ state }: ScreenPanelProps) {
  const t = useT();
  const item = state.agenda[state.agendaIndex];
  const next = state.agenda.slice(state.agendaIndex + 1, state.agendaIndex + 1 + NEXT_ITEMS);
  return (
    <div className="sp sp-agenda" data-testid="screen-agenda">
      <p className="sp-kicker">
        {t("agenda.itemOf", { n: state.agendaIndex + 1, total: state.agenda.length })}
      </p>
      <h1 className={`sp-current ${lengthClass(item?.title ?? "")}`} data-testid="current-agenda-item">
        {item?.title ?? t("header.noAgenda")}
      </h1>
      {item && (item.time || item.owner) && (
        <p className="sp-sub">{[item.time, item.owner].filter(Boolean).join(" · ")}</p>
      )}
      <div className="sp-next">
        <h2>{t("screen.upNext")}</h2>
        {next.length === 0 ? (
          <p className="sp-note">{t("screen.endOfAgenda")}</p>
        ) : (
          <ol start={state.agendaIndex + 2}>
            {next.map((a, i) => (
              <li key={i}>
                <span className="sp-next-num">{state.agendaIndex + 2 + i}</span>
                <span className="sp-next-title">{a.title}</span>
                {a.time && <span className="sp-next-time">{a.time}</span>}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

export function AttendanceScreen({ state }: ScreenPanelProps) {
  const t = useT();
  const units = new Map(state.units.map((u) => [u.code, u]));
  return (
    <div className="sp sp-attendance" data-testid="screen-attendance">
      <h1 className="sp-heading">{t("attendance.title")}</h1>
      <ul
        className={`sp-unit-grid ${gridSize(state.attendance.length)}`}
        style={{ "--cols": gridColumns(state.attendance.length) } as CSSProperties}
      >
        {state.attendance.map((row) => (
          <li
            key={row.unit}
            className={row.present ? "is-present" : "is-absent"}
            data-testid={`attendance-row-${row.unit}`}
            data-present={row.present}
          >
            <OnlineDot online={row.online} />
            <span className="sp-unit-name">{units.get(row.unit)?.shortName ?? row.unit}</span>
            <span className="sp-unit-state">
              {t(row.present ? "attendance.present" : "attendance.absent")}
            </span>
          </li>
        ))}
      </ul>
      <QuorumLine quorum={state.quorum} large />
    </div>
  );
}

/** Scores, poll and pledge until their panels exist: the title, and what will be shown. */
export function PlaceholderScreen(titleKey: MessageKey, textKey: MessageKey) {
  const Placeholder = (_props: ScreenPanelProps) => {
    const t = useT();
    return (
      <div className="sp sp-placeholder" data-testid="screen-placeholder">
        <h1 className="sp-heading">{t(titleKey)}</h1>
        <p className="sp-note">{t(textKey)}</p>
      </div>
    );
  };
  Placeholder.displayName = `PlaceholderScreen(${titleKey})`;
  return Placeholder;
}
