import type { Request, RequestHandler, Response, Router } from "express";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { HttpRoute, ReplyInput, RequestBody } from "../../shared/protocol/http/route";
import { sendError } from "./auth";

/**
 * Sends a route's ok reply, `{ ok: true, ...body }`: the body is typed by the route's reply schema in
 * shared/protocol/http, so a reply the client would refuse does not compile. The status is the route's
 * (201 for a creation) unless given.
 */
export function reply<R extends HttpRoute>(
  res: Response,
  route: R,
  body: ReplyInput<R>,
  status: number = route.status,
): void {
  res.status(status).json({ ok: true, ...(body as object) });
}

/**
 * Parses the JSON body with the route's request schema; on failure sends 400 BAD_REQUEST with
 * `message` (what the body should be: Vietnamese first, the English in brackets) and returns null.
 */
export function parseBody<R extends HttpRoute>(
  req: Request,
  res: Response,
  route: R,
  message: string,
): RequestBody<R> | null {
  if (!route.request) throw new Error(`${route.method} ${route.path} takes no body`);
  const parsed = route.request.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data as RequestBody<R>;
  sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message });
  return null;
}

/** Where a route is registered: on a router mounted at /api, its path without that prefix. */
type Registrar = Pick<Router, "get" | "post" | "put">;

/**
 * Registers `handlers` for a route of the table on a router mounted at /api (or on the app, with
 * `mountedAt` ""): its method and path come from the table, so neither can drift from what the client
 * calls.
 */
export function serve(router: Registrar, route: HttpRoute, ...handlers: RequestHandler[]): void {
  serveAt(router, "/api", route, ...handlers);
}

export function serveAt(router: Registrar, mountedAt: string, route: HttpRoute, ...handlers: RequestHandler[]): void {
  if (!route.path.startsWith(`${mountedAt}/`)) throw new Error(`${route.path} is not under ${mountedAt}`);
  const path = route.path.slice(mountedAt.length);
  switch (route.method) {
    case "GET":
      router.get(path, ...handlers);
      return;
    case "POST":
      router.post(path, ...handlers);
      return;
    case "PUT":
      router.put(path, ...handlers);
      return;
  }
}
