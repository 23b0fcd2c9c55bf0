import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

/**
 * Security headers (helmet). The Content-Security-Policy fits the built client: scripts and styles
 * only from this origin (Vite emits files, no inline script; React writes `style` props through the
 * CSSOM, which CSP does not govern), QR codes as data: images, downloads as blob: URLs, Socket.IO and
 * the Yjs endpoint over WebSockets to this same host. Nobody may frame the views unless a route says
 * so with `securityHeaders({ frameAncestors })` (the embed route to come).
 */
export interface SecurityHeaderOptions {
  /** Origins allowed to frame the response (`frame-ancestors`); none by default. */
  frameAncestors?: readonly string[];
}

/** A Host header we can copy into a directive: host name or [IPv6], optional port; nothing that could end a directive. */
const SAFE_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * `'self'` covers ws:/wss: to the same host in CSP Level 3 browsers; older Safari (< 15.4) needs the
 * WebSocket origin spelled out, so it is added from the request's own Host.
 */
const sameHostSockets = (req: IncomingMessage): string => {
  const host = req.headers.host ?? "";
  return SAFE_HOST.test(host) ? `ws://${host} wss://${host}` : "'self'";
};

export function cspDirectives(opts: SecurityHeaderOptions = {}) {
  const ancestors = opts.frameAncestors?.length ? [...opts.frameAncestors] : ["'none'"];
  return {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", "data:", "blob:"],
    fontSrc: ["'self'", "data:"],
    connectSrc: ["'self'", (req: IncomingMessage, _res: ServerResponse) => sameHostSockets(req)],
    workerSrc: ["'self'", "blob:"],
    objectSrc: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ancestors,
    // The room runs on plain http on the LAN: upgrading would break every request there.
    upgradeInsecureRequests: null,
  };
}

export function securityHeaders(opts: SecurityHeaderOptions = {}) {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(opts) },
    // X-Frame-Options has no list of origins: DENY unless a route allows framing, then only the CSP decides.
    xFrameOptions: opts.frameAncestors?.length ? false : { action: "deny" },
    // Join links carry the token in the path: never send them on as a referrer.
    referrerPolicy: { policy: "no-referrer" },
    // HSTS belongs to the TLS-terminating proxy (docs/operations.md); on the LAN the server speaks http.
    strictTransportSecurity: false,
  });
}

/**
 * For one route that may be framed by the listed origins: overrides the app-wide headers (set earlier)
 * — the CSP is replaced and X-Frame-Options removed.
 */
export function allowFraming(origins: readonly string[]) {
  const headers = securityHeaders({ frameAncestors: origins });
  return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
    res.removeHeader("X-Frame-Options");
    headers(req, res, next);
  };
}
