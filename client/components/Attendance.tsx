import type { MeetingState, QuorumState } from "../../shared/protocol/meeting";
import { useT } from "../i18n";

/** "Đủ số lượng: 6/8 đơn vị có mặt (cần 6)". */
export function QuorumLine({ quorum, large }: { quorum: QuorumState; large?: boolean }) {
  const t = useT();
  return (
    <p
      className={`quorum ${quorum.met ? "quorum-met" : "quorum-not-met"}${large ? " quorum-large" : ""}`}
      data-testid="quorum"
      data-met={quorum.met}
    >
      <span className="quorum-icon" aria-hidden="true">
        {quorum.met ? "✓" : "!"}
      </span>
      {t(quorum.met ? "quorum.met" : "quorum.notMet", {
        present: quorum.present,
        members: quorum.members,
        required: quorum.required,
      })}
    </p>
  );
}

export function OnlineDot({ online }: { online: number }) {
  const t = useT();
  const label =
    online > 0
      ? `${t("attendance.online")} (${t("attendance.devices", { n: online })})`
      : t("attendance.offline");
  return (
    <span className={`online-dot ${online > 0 ? "on" : "off"}`} role="img" aria-label={label} title={label} />
  );
}

/** Per unit: short name, present/absent, online dot; then the quorum line. */
export function AttendanceList({
  state,
  highlightUnit,
}: {
  state: MeetingState;
  highlightUnit?: string | null;
}) {
  const t = useT();
  const units = new Map(state.units.map((u) => [u.code, u]));
  return (
    <div className="attendance">
      <ul className="attendance-list">
        {state.attendance.map((row) => (
          <li
            key={row.unit}
            className={`attendance-row ${row.present ? "is-present" : "is-absent"}${row.unit === highlightUnit ? " is-me" : ""}`}
            data-testid={`attendance-row-${row.unit}`}
            data-present={row.present}
          >
            <OnlineDot online={row.online} />
            <span className="attendance-name">{units.get(row.unit)?.shortName ?? row.unit}</span>
            <span className={`pill ${row.present ? "pill-ok" : "pill-muted"}`}>
              {t(row.present ? "attendance.present" : "attendance.absent")}
            </span>
          </li>
        ))}
      </ul>
      <QuorumLine quorum={state.quorum} />
    </div>
  );
}
