import express, { type Response } from "express";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { pollIdSchema } from "../../shared/voting/poll";
import type { ServerContext } from "../context";
import { requireMeetingRole, sendError, type Authed } from "../http/auth";
import { DomainError } from "../errors";
import { resultReport } from "./results";
import { pollsOf } from "./service";
import { reply, serve } from "../http/reply";
import { POLL_RESULT, POLLS } from "../../shared/protocol/http/polls";
import type { Ballot } from "../../shared/voting/ballot";

const authed = (res: Response) => res.locals.authed as Authed;

/** Any join link of the meeting (and the admin token) may read polls: the results are public. */
export function pollRoutes(ctx: ServerContext): express.Router {
  const polls = pollsOf(ctx);
  const r = express.Router();
  const anyone = requireMeetingRole(ctx.registry, "any", ctx.adminToken);

  serve(r, POLLS, anyone, async (_req, res, next) => {
    try {
      const { room } = authed(res);
      reply(res, POLLS, { meetingId: room.id, polls: (await polls.list(room)).map((p) => polls.view(room, p)) });
    } catch (err) {
      next(err);
    }
  });

  serve(r, POLL_RESULT, anyone, async (req, res, next) => {
    const { room } = authed(res);
    const pollId = pollIdSchema.safeParse(req.params.pollId);
    if (!pollId.success) return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Mã cuộc biểu quyết không hợp lệ. (Malformed poll id.)" });
    try {
      const { ok: _ok, ...report } = await resultReport(polls, room, pollId.data);
      // Stored ballots were checked against the poll's ballot schema when cast.
      reply(res, POLL_RESULT, report.published ? { ...report, receipts: report.receipts as { receipt: string; choices: Ballot }[] } : report);
    } catch (err) {
      if (err instanceof DomainError && err.code !== ERROR_CODES.STORAGE_FAILED) return sendError(res, 404, { code: err.code, message: err.message });
      next(err);
    }
  });

  return r;
}
