import express, { type Request, type Response } from "express";
import { z } from "zod";
import { parseMeetingDefinition } from "../../shared/definition/schema";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { ORGANISER_ROLES } from "../../shared/protocol/roles";
import type { MeetingRegistry } from "../meetings/registry";
import type { MeetingService } from "../meetings/service";
import type { Store } from "../storage/store";
import { actorOf } from "../meetings/room";
import { requireAdmin, requireMeetingRole, sendError, type Authed } from "./auth";
import { groupLinks, linksVisibleTo, mayManageLink } from "../meetings/links";
import { DEFINITION_JSON_BYTES, jsonBody } from "./body";
import { refuseWritesIfArchived } from "../admin/archive";
import { ME } from "../../shared/protocol/http/meetings";
import { CREATE_MEETING } from "../../shared/protocol/http/admin";
import { JOURNAL } from "../../shared/protocol/http/journal";
import { LINKS, REISSUE_LINK, REVOKE_LINK } from "../../shared/protocol/http/links";
import { reply, serve } from "./reply";

const authed = (res: Response) => res.locals.authed as Authed;
const linkIdSchema = z.string().regex(/^[a-z]+(-[A-Z0-9_]+-\d+)?$/);

export function meetingRoutes(deps: { store: Store; registry: MeetingRegistry; service: MeetingService; adminToken: string }) {
  const { store, registry, service, adminToken } = deps;
  const r = express.Router();
  const organisers = requireMeetingRole(registry, ORGANISER_ROLES, adminToken);

  /** Creates a meeting from a definition; returns its id and one join link per role. */
  serve(r, CREATE_MEETING, requireAdmin(adminToken), jsonBody(DEFINITION_JSON_BYTES), async (req: Request, res: Response) => {
    const parsed = parseMeetingDefinition(req.body);
    if (!parsed.ok)
      return sendError(res, 400, {
        code: ERROR_CODES.INVALID_DEFINITION,
        message: `Định nghĩa hội nghị có ${parsed.problems.length} chỗ cần sửa. (The meeting definition has ${parsed.problems.length} ${parsed.problems.length === 1 ? "problem" : "problems"}.)`,
        problems: parsed.problems,
      });
    const created = await service.create(parsed.definition, { actor: "admin" });
    reply(res, CREATE_MEETING, { meetingId: created.meetingId, links: created.links, all: created.all });
  });

  /** Who am I: the session of the bearer token, and the meeting definition the views need. */
  serve(r, ME, requireMeetingRole(registry, "any"), (_req, res) => {
    const { session, room } = authed(res);
    reply(res, ME, { session, definition: room.definition });
  });

  serve(r, JOURNAL, organisers, async (req, res) => {
    const entries = await store.readJournal(authed(res).room.id);
    reply(res, JOURNAL, { meetingId: authed(res).room.id, entries });
  });

  /**
   * The join links, so the organisers can print the join cards — each sees the links it may manage:
   * the secretary never gets the chair's (it would join as the chair).
   */
  serve(r, LINKS, organisers, async (_req, res) => {
    const { room, session } = authed(res);
    const all = linksVisibleTo(session.role, await service.links(room.id));
    reply(res, LINKS, { links: groupLinks(all), all });
  });

  const linkAction = (action: "revoke" | "reissue") =>
    async (req: Request, res: Response) => {
      const { room, session } = authed(res);
      const linkId = linkIdSchema.safeParse(req.params.linkId);
      if (!linkId.success) return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Mã liên kết không hợp lệ. (Malformed link id.)" });
      if (linkId.data === session.linkId)
        return sendError(res, 409, { code: ERROR_CODES.CONFLICT, message: "Không thể tự thu hồi hay cấp lại liên kết đang dùng. (A link cannot revoke or reissue itself.)" });
      const target = await store.getLink(room.id, linkId.data);
      if (!target) return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có liên kết này. (No such link.)" });
      if (!mayManageLink(session.role, target.role))
        return sendError(res, 403, {
          code: ERROR_CODES.FORBIDDEN,
          message: "Chỉ chủ trì (hoặc quản trị) được thu hồi hay cấp lại liên kết của chủ trì. (Only the chair or an administrator may revoke or reissue the chair's link.)",
        });
      const actor = session.linkId === "admin" ? "admin" : actorOf(session);
      if (action === "revoke") {
        const done = await service.revoke(room.id, linkId.data, actor);
        if (!done) return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có liên kết đang dùng này. (No such active link.)" });
        await registry.refreshLink(room.id, linkId.data);
        return reply(res, REVOKE_LINK, {});
      }
      const link = await service.reissue(room.id, linkId.data, actor);
      if (!link) return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có liên kết này. (No such link.)" });
      await registry.refreshLink(room.id, linkId.data);
      reply(res, REISSUE_LINK, { link });
    };
  // No body is needed; one sent is read only after the token check, and only a small one.
  serve(r, REVOKE_LINK, organisers, refuseWritesIfArchived(store), jsonBody(), linkAction("revoke"));
  serve(r, REISSUE_LINK, organisers, refuseWritesIfArchived(store), jsonBody(), linkAction("reissue"));

  return r;
}
