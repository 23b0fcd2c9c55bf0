import { useT } from "../i18n";
import type { ConnectionState } from "../realtime/useMeeting";

const LABEL = {
  connected: "conn.connected",
  reconnecting: "conn.reconnecting",
  offline: "conn.offline",
} as const;

/** Green / amber / red pill; role=status so screen readers hear a change. */
export function ConnectionBadge({ connection }: { connection: ConnectionState }) {
  const t = useT();
  return (
    <span
      className={`badge badge-${connection}`}
      role="status"
      data-testid="connection-state"
      data-state={connection}
    >
      <span className="badge-dot" aria-hidden="true" />
      {t(LABEL[connection])}
    </span>
  );
}

/** Full-width warning shown on read-only displays while their data may be out of date. */
export function StaleBanner({ connection }: { connection: ConnectionState }) {
  const t = useT();
  if (connection === "connected") return null;
  return (
    <div className={`stale-banner stale-${connection}`} role="alert" data-testid="stale-banner">
      {connection === "offline" ? t("conn.stale") : t("conn.reconnecting")}
    </div>
  );
}
