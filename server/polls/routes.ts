import express, { type Response } from "express";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { pollIdSchema } from "../../shared/voting/poll";
import type { ServerContext } from "../context";
import { requireMeetingRole, sendError, type Authed } from "../http/auth";
import { Refusal } from "../realtime/context";
import { resultReport } from "./results";
import { pollsOf } from "./service";

const authed = (res: Response) => res.locals.authed as Authed;

/** Any join link of the meeting (and the admin token) may read polls: the results are public. */
export function pollRoutes(ctx: ServerContext): express.Router {
  const polls = pollsOf(ctx);
  const r = express.Router();
  const anyone = requireMeetingRole(ctx.registry, "any", ctx.adminToken);

  r.get("/meetings/:id/polls", anyone, (_req, res) => {
    const { room } = authed(res);
    res.json({ ok: true, meetingId: room.id, polls: polls.list(room).map((p) => polls.view(room, p)) });
  });

  r.get("/meetings/:id/polls/:pollId/result", anyone, (req, res) => {
    const { room } = authed(res);
    const pollId = pollIdSchema.safeParse(req.params.pollId);
    if (!pollId.success) return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Malformed poll id." });
    try {
      res.json(resultReport(polls, room, pollId.data));
    } catch (err) {
      if (err instanceof Refusal) return sendError(res, 404, { code: err.code, message: err.message });
      throw err;
    }
  });

  return r;
}
