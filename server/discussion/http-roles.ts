import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { isOrganiser } from "../../shared/protocol/roles";
import type { ServerContext } from "../context";
import { requireMeetingRole, sendError, type Authed } from "../http/auth";

/**
 * Any join token of the meeting (or the admin token), then the chair or the secretary only: the
 * refusal of another role says why in Vietnamese (403 FORBIDDEN), before any body is read.
 */
export function organisersOnly(ctx: ServerContext): RequestHandler {
  const anyone = requireMeetingRole(ctx.registry, "any", ctx.adminToken);
  return (req: Request, res: Response, next: NextFunction) => {
    void anyone(req, res, () => {
      const { session } = res.locals.authed as Authed;
      if (isOrganiser(session.role)) return next();
      sendError(res, 403, {
        code: ERROR_CODES.FORBIDDEN,
        message: "Chỉ Chủ trì và Thư ký được làm việc này (đính kèm tài liệu, in giấy mời, thông báo kết luận). (Only the chair and the secretary may do this.)",
      });
    });
  };
}
