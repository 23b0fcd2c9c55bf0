import { fetchMe } from "../../lib/api";
import { saveSession } from "../../lib/sessions";
import { journalPath, viewPath } from "../../router";
import { fetchBlobUrl, fetchMeetingLinks } from "./api";

export type MeetingTarget = "chair" | "screen" | "cards" | "journal" | "minutes" | "pledge";

/**
 * Opens one of a meeting's pages in a new tab as the organisers' home's user: the meeting's chair (or
 * screen) link is fetched with the organisers' token and signed in on this browser, as /join would,
 * then the page opens. PDFs are fetched with that link's token and shown from memory.
 */
export async function openMeeting(meetingId: string, target: MeetingTarget, token: string): Promise<boolean> {
  // Opened at once, inside the click: a tab opened after an await is a blocked pop-up.
  const tab = window.open("about:blank", "_blank");
  const links = await fetchMeetingLinks(meetingId, token);
  const url = links.ok ? (target === "screen" ? links.data.links.screen : links.data.links.chair) : "";
  const joinToken = url.split("/join/")[1];
  if (!joinToken) {
    tab?.close();
    return false;
  }
  const go = (href: string) => {
    if (tab) tab.location.href = href;
    else window.location.href = href;
  };
  if (target === "minutes" || target === "pledge") {
    const blob = await fetchBlobUrl(
      `/api/meetings/${encodeURIComponent(meetingId)}/${target === "minutes" ? "minutes" : "pledge"}.pdf`,
      joinToken,
    );
    if (!blob) {
      tab?.close();
      return false;
    }
    go(blob);
    return true;
  }
  const me = await fetchMe(joinToken);
  if (!me.ok) {
    tab?.close();
    return false;
  }
  saveSession({ token: joinToken, session: me.data.session });
  go(target === "journal" ? journalPath(meetingId) : viewPath(meetingId, target));
  return true;
}
