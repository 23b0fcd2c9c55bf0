import { useCallback, useEffect, useState } from "react";
import type { MeetingSummary } from "../../../shared/protocol/admin";
import { useT } from "../../i18n";
import { Link } from "../../router";
import { AdminShell } from "./AdminShell";
import { fetchMeetings } from "./api";
import { MeetingList } from "./MeetingList";
import { OrganiserLinks } from "./OrganiserLinks";
import { TokenGate } from "./TokenGate";
import { useOrganiser } from "./useOrganiser";

/** /admin — the organisers' home: every meeting of the province (or of one cluster, for its organiser). */
export function AdminView() {
  const t = useT();
  const { token, state, setToken } = useOrganiser();
  const [meetings, setMeetings] = useState<MeetingSummary[] | null>(null);
  const [loadError, setLoadError] = useState(false);

  const load = useCallback(() => {
    if (state.status !== "ok") return;
    void fetchMeetings(token).then((res) => {
      setLoadError(!res.ok);
      if (res.ok) setMeetings(res.data.meetings);
    });
  }, [state.status, token]);
  useEffect(load, [load]);

  const scope = state.status === "ok" ? state.scope : null;
  return (
    <AdminShell active="meetings" scope={scope} onSignOut={scope ? () => setToken("") : undefined}>
      {state.status !== "ok" && state.status !== "checking" && <TokenGate state={state} onToken={setToken} />}
      {state.status === "checking" && <p className="loading">{t("conn.loading")}</p>}
      {scope && (
        <>
          <div className="admin-head">
            <div>
              <h1>
                {scope.kind === "admin"
                  ? t("admin.list.title")
                  : t("admin.list.titleCluster", { label: scope.label })}
              </h1>
              <p className="hint">{t("admin.list.hint")}</p>
            </div>
            <Link href="/setup" className="btn btn-primary" data-testid="admin-new">
              {t("admin.list.new")}
            </Link>
          </div>
          {loadError && (
            <p className="setup-error" role="alert">
              {t("admin.list.loadFailed")}
            </p>
          )}
          {meetings === null ? (
            <p className="loading">{t("conn.loading")}</p>
          ) : (
            <MeetingList meetings={meetings} token={token} onChanged={load} />
          )}
          {scope.kind === "admin" && meetings && <OrganiserLinks meetings={meetings} token={token} />}
        </>
      )}
    </AdminShell>
  );
}
