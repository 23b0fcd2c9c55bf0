import { loadAdminToken, saveAdminToken } from "../setup/TokenField";

/**
 * The organisers' token: the admin token, or a cluster organiser's. A link such as /admin#k=<token>
 * hands it over in the fragment (never sent to a server): it moves to sessionStorage and leaves the
 * address bar at once.
 */
export function takeTokenFromAddress(): string {
  const m = /(?:^#|&)k=([A-Za-z0-9_-]{16,200})/.exec(location.hash);
  if (m) {
    saveAdminToken(m[1]!);
    history.replaceState(null, "", location.pathname + location.search);
    return m[1]!;
  }
  return loadAdminToken();
}

export { loadAdminToken, saveAdminToken };
