import type { Request, Response } from "express";
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
