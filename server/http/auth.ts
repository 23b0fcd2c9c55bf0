import type { NextFunction, Request, Response } from "express";
import { ERROR_CODES, type ErrorBody } from "../../shared/protocol/errors";
import type { Role } from "../../shared/protocol/roles";
import type { MeetingRegistry } from "../meetings/registry";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { MeetingRoom } from "../meetings/room";
import { sameSecret } from "../meetings/tokens";

export function sendError(res: Response, status: number, body: ErrorBody): void {
  res.status(status).json({ ok: false, error: body });
}

export function bearer(req: Request): string | null {
  const h = req.header("authorization");
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

export interface Authed {
  session: SessionInfo;
  room: MeetingRoom;
}

/** Requires the admin token. */
export function requireAdmin(adminToken: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (!token || !sameSecret(token, adminToken))
      return sendError(res, 401, { code: ERROR_CODES.UNAUTHENTICATED, message: "Cần mã quản trị (Authorization: Bearer …). (The admin token is required.)" });
    next();
  };
}

/**
 * Requires a join token of the meeting in the path with one of the roles; leaves the session in
 * res.locals.authed. The admin token passes too (as "admin") where `allowAdmin` is set.
 */
export function requireMeetingRole(registry: MeetingRegistry, roles: readonly Role[] | "any", adminToken?: string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    const meetingId = typeof req.params.id === "string" ? req.params.id : undefined;
    if (token && adminToken && sameSecret(token, adminToken)) {
      const room = meetingId ? await registry.get(meetingId) : null;
      if (!room) return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có hội nghị này. (No such meeting.)" });
      res.locals.authed = { room, session: { meetingId: room.id, role: "chair", unit: null, linkId: "admin", label: "admin" } } satisfies Authed;
      return next();
    }
    const auth = await registry.authenticate(token);
    if (!auth.ok) return sendError(res, auth.code === ERROR_CODES.NOT_FOUND ? 404 : 401, { code: auth.code, message: auth.message });
    if (meetingId && auth.session.meetingId !== meetingId)
      return sendError(res, 403, { code: ERROR_CODES.FORBIDDEN, message: "Liên kết này thuộc hội nghị khác. (This link belongs to another meeting.)" });
    if (roles !== "any" && !roles.includes(auth.session.role))
      return sendError(res, 403, { code: ERROR_CODES.FORBIDDEN, message: `Vai trò của liên kết này không được xem mục này. (The ${auth.session.role} role may not read this.)` });
    res.locals.authed = { room: auth.room, session: auth.session } satisfies Authed;
    next();
  };
}
