import type { ReactNode } from "react";
import type { MeetingState } from "../../shared/protocol/meeting";
import { useT } from "../i18n";
import type { ConnectionState } from "../realtime/useMeeting";
import { ConnectionBadge } from "./ConnectionBadge";
import { LanguageSwitch } from "./LanguageSwitch";
import { RehearsalBanner } from "./Rehearsal";

/** The bar on top of every interactive view: meeting, what is on now, connection, language. */
export function Header({
  state,
  connection,
  who,
  showAgenda = true,
  actions,
}: {
  state: MeetingState;
  connection: ConnectionState;
  who?: ReactNode;
  showAgenda?: boolean;
  /** Extra controls at the side (the chair's rehearsal switch). */
  actions?: ReactNode;
}) {
  const t = useT();
  const item = state.agenda[state.agendaIndex];
  return (
    <header className="app-header">
      <div className="app-header-title">
        <div className="app-header-cluster">
          {state.cluster.name} · {state.cluster.province}
        </div>
        <div className="app-header-meeting" title={state.conference.title}>
          {state.conference.title}
        </div>
      </div>
      {showAgenda && (
        <div className="app-header-now" data-testid="header-agenda-item">
          <span className="label">{t("header.agendaItem")}</span>
          <span className="value">
            {item ? `${state.agendaIndex + 1}. ${item.title}` : t("header.noAgenda")}
          </span>
        </div>
      )}
      <div className="app-header-side">
        {who && <span className="app-header-who">{who}</span>}
        {actions}
        <ConnectionBadge connection={connection} />
        <LanguageSwitch />
      </div>
      <RehearsalBanner state={state} />
    </header>
  );
}
