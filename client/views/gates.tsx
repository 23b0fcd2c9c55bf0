import { useEffect, useState, type ReactNode } from "react";
import type { MeetingState } from "../../shared/protocol/meeting";
import { MessagePage, Loading } from "../components/Page";
import { useT, type MessageKey } from "../i18n";
import { findSession, VIEW_ROLES, type StoredSession } from "../lib/sessions";
import { useMeeting, type UseMeeting } from "../realtime/useMeeting";
import { loadKeptState, saveKeptState, type KeptState } from "../realtime/keptState";
import type { ViewName } from "../router";

/** The message key for a refusal code (revoked, unknown link, no meeting, network). */
export function errorKeyOf(code: string): MessageKey {
  switch (code) {
    case "TOKEN_REVOKED":
      return "join.revoked";
    case "UNAUTHENTICATED":
      return "join.invalid";
    case "NOT_FOUND":
      return "join.notFound";
    case "FORBIDDEN":
      return "error.forbidden";
    case "NETWORK":
      return "join.network";
    case "BAD_REPLY":
      return "join.badReply";
    default:
      return "join.invalid";
  }
}

export function JoinErrorPage({ code }: { code: string }) {
  const t = useT();
  return (
    <MessagePage title={t("join.errorTitle")} tone="error" testId="join-error">
      <p data-code={code}>{t(errorKeyOf(code))}</p>
    </MessagePage>
  );
}

export function NoTokenPage({ view }: { view: ViewName }) {
  const t = useT();
  const role = VIEW_ROLES[view][0]!;
  return (
    <MessagePage title={t("notoken.title")} testId="no-token">
      <p>{t("notoken.body", { role: t(`role.${role}`) })}</p>
    </MessagePage>
  );
}

/** Renders children with the device's stored session for this view, or "open your join link again". */
export function SessionGate({
  meetingId,
  view,
  children,
}: {
  meetingId: string;
  view: ViewName;
  children: (s: StoredSession) => ReactNode;
}) {
  const stored = findSession(meetingId, view);
  if (!stored) return <NoTokenPage view={view} />;
  return <>{children(stored)}</>;
}

export type LiveMeeting = UseMeeting & {
  state: MeetingState;
  /** When the state shown is the one kept on this device (offline start), the time it was received. */
  keptAt?: number;
};

/**
 * Connects with the token; shows the error page for a refused link and a loader until the first state.
 * With `meetingId`, every state is kept on the device, and while offline with no live state yet (a
 * reload without Wi-Fi) the view renders from the kept one under a "mất kết nối" banner.
 */
export function MeetingGate({
  token,
  meetingId,
  children,
}: {
  token: string;
  meetingId?: string;
  children: (m: LiveMeeting) => ReactNode;
}) {
  const t = useT();
  const meeting = useMeeting(token);
  const [kept] = useState<KeptState | null>(() => (meetingId ? loadKeptState(meetingId) : null));
  useEffect(() => {
    if (meetingId && meeting.state?.meetingId === meetingId) saveKeptState(meeting.state);
  }, [meetingId, meeting.state]);
  if (meeting.fatal) return <JoinErrorPage code={meeting.fatal.code} />;
  if (!meeting.state) {
    // Only once the connection is known to be down: online, the live state follows in a moment.
    if (kept && meeting.connection === "offline")
      return (
        <>
          <p className="stale-banner stale-offline kept-banner" role="status" data-testid="offline-kept">
            {t("room.offline.kept", { time: new Date(kept.at).toLocaleTimeString("vi-VN", { hour: "2-digit", minute: "2-digit" }) })}
          </p>
          {children({ ...meeting, state: kept.state, keptAt: kept.at })}
        </>
      );
    return <Loading />;
  }
  return <>{children({ ...meeting, state: meeting.state })}</>;
}
