import { useEffect, useState } from "react";
import { MessagePage } from "../components/Page";
import { useT } from "../i18n";
import { fetchMe } from "../lib/api";
import { homeViewOf, saveSession } from "../lib/sessions";
import { navigate, viewPath } from "../router";
import { JoinErrorPage } from "./gates";

/** /join/:token — checks the token, remembers it on this device, and goes to the role's view. */
export function JoinView({ token }: { token: string }) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    void fetchMe(token).then((res) => {
      if (cancelled) return;
      if (!res.ok) return setError(res.error.code);
      const { session } = res.data;
      saveSession({ token, session });
      // replace: the token leaves the address bar and the history (Back does not re-join).
      navigate(viewPath(session.meetingId, homeViewOf(session.role)), { replace: true });
    });
    return () => {
      cancelled = true;
    };
  }, [token, attempt]);

  if (error === "NETWORK")
    return (
      <MessagePage title={t("join.errorTitle")} tone="error" testId="join-error">
        <p>{t("join.network")}</p>
        <button type="button" className="btn btn-primary" onClick={() => setAttempt((a) => a + 1)}>
          {t("join.retry")}
        </button>
      </MessagePage>
    );
  if (error) return <JoinErrorPage code={error} />;
  return (
    <MessagePage title={t("join.signingIn")}>
      <div className="spinner" aria-hidden="true" />
    </MessagePage>
  );
}
