import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from "react";

/** A tiny router over the history API: a route is a parsed pathname. */
export type Route =
  | { name: "home" }
  | { name: "join"; token: string }
  | { name: "view"; meetingId: string; view: ViewName }
  /** The public verification page of a meeting's pledge (no token). */
  | { name: "verify"; meetingId: string }
  /** The read-only results page the provincial portal frames (no token). */
  | { name: "embed"; meetingId: string }
  /** The meeting's hash-chained journal, for the chair and secretary (their token, as the cards page). */
  | { name: "journal"; meetingId: string }
  /** Creating a meeting from a definition, with the admin token. */
  | { name: "setup" }
  /** The organisers' home: every meeting of the province (admin token) or of one cluster (organiser link). */
  | { name: "admin" }
  /** The province's results across clusters, for a year. */
  | { name: "adminResults" }
  | { name: "notFound" };

export const VIEW_NAMES = ["delegate", "chair", "screen", "follow", "cards"] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

const NAV_EVENT = "concord:navigate";

export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: "home" };
  if (parts[0] === "setup" && parts.length === 1) return { name: "setup" };
  if (parts[0] === "admin" && parts.length === 1) return { name: "admin" };
  if (parts[0] === "admin" && parts.length === 2 && parts[1] === "results") return { name: "adminResults" };
  if (parts[0] === "join" && parts.length === 2) return { name: "join", token: parts[1]! };
  if (parts[0] === "verify" && parts.length === 2) return { name: "verify", meetingId: parts[1]! };
  if (parts[0] === "embed" && parts.length === 2) return { name: "embed", meetingId: parts[1]! };
  if (parts[0] === "m" && parts.length === 3 && parts[2] === "journal")
    return { name: "journal", meetingId: parts[1]! };
  if (parts[0] === "m" && parts.length === 3 && (VIEW_NAMES as readonly string[]).includes(parts[2]!))
    return { name: "view", meetingId: parts[1]!, view: parts[2] as ViewName };
  return { name: "notFound" };
}

export function viewPath(meetingId: string, view: ViewName): string {
  return `/m/${encodeURIComponent(meetingId)}/${view}`;
}

export function journalPath(meetingId: string): string {
  return `/m/${encodeURIComponent(meetingId)}/journal`;
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAV_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAV_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAV_EVENT, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

/** An <a> that navigates without reloading (a modified click still opens a new tab). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (
      e.defaultPrevented ||
      e.button !== 0 ||
      e.metaKey ||
      e.ctrlKey ||
      e.shiftKey ||
      e.altKey ||
      rest.target
    )
      return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
