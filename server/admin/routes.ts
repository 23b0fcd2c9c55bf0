import crypto from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { clusterKey, parseMeetingDefinition } from "../../shared/definition/schema";
import { nextYearDefinition } from "../../shared/definition/next-year";
import { draftJson } from "../../shared/documents/layout";
import { draftFromJson } from "../../shared/pledge/from-json";
import type { AdminScope, MeetingSummary, OrganiserLinkView } from "../../shared/protocol/admin";
import { ERROR_CODES } from "../../shared/protocol/errors";
import type { ServerContext } from "../context";
import { bearer, sendError } from "../http/auth";
import { parseBody, reply, serve } from "../http/reply";
import {
  ADMIN_CREATE_MEETING,
  ADMIN_DEFINITION,
  ADMIN_LINKS,
  ADMIN_SESSION,
  ARCHIVE,
  CREATE_ORGANISER_LINK,
  MEETINGS,
  NEXT_YEAR,
  ORGANISER_LINKS,
  RESULTS,
  REVOKE_ORGANISER_LINK,
  SAVE_DEFINITION,
} from "../../shared/protocol/http/admin";
import { groupLinks } from "../meetings/links";
import type { MeetingRoom } from "../meetings/room";
import { hashToken, sameSecret } from "../meetings/tokens";
import { pledgeService } from "../pledge/service";
import { resultsCsv } from "./csv";
import { replaceDefinition, whyNotEditable } from "./edit";
import type { SqliteStore } from "../storage/sqlite";
import { AdminStore, type OrganiserLinkRecord } from "./store";
import { ARCHIVED_MESSAGE, isMeetingArchived, setMeetingArchived } from "./archive";
import { clusterResult, electedOf, summarise } from "./summary";

const TOKEN_BYTES = 24;
const scopeOf = (res: Response) => res.locals.scope as AdminScope;
const actorOf = (scope: AdminScope) => (scope.kind === "admin" ? "admin" : `organiser:${scope.clusterId}`);

const yearSchema = z.coerce.number().int().min(2000).max(2100);

/**
 * Definition edits still write the embedded SQLite file in one transaction; with another store
 * (STORE=redis) they are not available yet and say so. The archive and organiser links are behind the Store.
 */
const stores = new WeakMap<ServerContext, AdminStore | null>();
export function adminStoreOf(ctx: ServerContext): AdminStore | null {
  if (!stores.has(ctx)) {
    const sqlite = (ctx.store as Partial<SqliteStore>).database ? (ctx.store as SqliteStore) : null;
    stores.set(ctx, sqlite ? new AdminStore(sqlite) : null);
  }
  return stores.get(ctx) ?? null;
}

function organiserLinkView(l: OrganiserLinkRecord, url?: string): OrganiserLinkView {
  return { linkId: l.linkId, clusterId: l.clusterId, label: l.label, createdAt: l.createdAt, revokedAt: l.revokedAt, ...(url ? { url } : {}) };
}

/**
 * The organisers' side of a province (mounted on /api): the list of meetings, set-up and editing,
 * next year's definition, the province results, the archive and the cluster organisers' links.
 * The admin token sees everything; a cluster organiser's token sees and sets up its own cluster only.
 */
export function adminRoutes(ctx: ServerContext): express.Router {
  const r = express.Router();
  /** The definition editor, or a 503 saying the embedded store is needed (then null). */
  const adminStore = (res: Response): AdminStore | null => {
    const store = adminStoreOf(ctx);
    if (!store)
      sendError(res, 503, {
        code: ERROR_CODES.STORAGE_FAILED,
        message: "Chức năng này cần kho dữ liệu nhúng (STORE=sqlite). (This needs the embedded store, STORE=sqlite, for now.)",
      });
    return store;
  };
  // Bodies are parsed after the token check (a definition is at most a few hundred kB).
  const json = express.json({ limit: "1mb" });

  /** Admin token, or a cluster organiser's token (then res.locals.scope names the cluster). */
  const organisers = async (req: Request, res: Response, next: NextFunction) => {
    const token = bearer(req);
    if (token && sameSecret(token, ctx.adminToken)) {
      res.locals.scope = { kind: "admin" } satisfies AdminScope;
      return next();
    }
    const link = token && token.length >= 16 && token.length <= 200 ? await ctx.store.findOrganiserLink(hashToken(token)) : null;
    if (!link)
      return sendError(res, 401, {
        code: ERROR_CODES.UNAUTHENTICATED,
        message: "Cần mã quản trị hoặc liên kết ban tổ chức cụm. (The admin token or a cluster organiser's link is required.)",
      });
    if (link.revokedAt !== null)
      return sendError(res, 401, { code: ERROR_CODES.TOKEN_REVOKED, message: "Liên kết này đã bị thu hồi. (This link was revoked.)" });
    res.locals.scope = { kind: "cluster", clusterId: link.clusterId, label: link.label } satisfies AdminScope;
    next();
  };
  const adminOnly = (_req: Request, res: Response, next: NextFunction) => {
    if (scopeOf(res).kind === "admin") return next();
    sendError(res, 403, { code: ERROR_CODES.FORBIDDEN, message: "Chỉ Ban Thi đua – Khen thưởng tỉnh (mã quản trị) làm được việc này. (Only the admin token may do this.)" });
  };
  const refuseOtherCluster = (res: Response, clusterId: string): boolean => {
    const scope = scopeOf(res);
    if (scope.kind === "admin" || scope.clusterId === clusterId) return false;
    sendError(res, 403, {
      code: ERROR_CODES.OTHER_CLUSTER,
      message: `Liên kết này chỉ dùng cho cụm ${scope.clusterId}. (This organiser link belongs to another cluster.)`,
    });
    return true;
  };
  /** The meeting in the path, when the scope may see it; otherwise the refusal is sent and null returned. */
  const meetingIn = async (req: Request, res: Response): Promise<MeetingRoom | null> => {
    const id = req.params.id;
    const room = typeof id === "string" && /^[A-Za-z0-9_-]{6,40}$/.test(id) ? await ctx.registry.get(id) : null;
    if (!room) {
      sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có hội nghị này. (No such meeting.)" });
      return null;
    }
    return refuseOtherCluster(res, clusterKey(room.definition)) ? null : room;
  };
  const invalid = (res: Response, problems: { path: string; message: string }[]) =>
    sendError(res, 400, { code: ERROR_CODES.INVALID_DEFINITION, message: `Định nghĩa hội nghị có ${problems.length} chỗ cần sửa. (The meeting definition has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}.)`, problems });

  // Two edits of one meeting sent together: the second checks the state the first left.
  const queues = new Map<string, Promise<unknown>>();
  function oneAtATime<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(meetingId) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(meetingId, tail);
    void tail.then(() => queues.get(meetingId) === tail && queues.delete(meetingId));
    return run;
  }

  async function summaries(scope: AdminScope): Promise<MeetingSummary[]> {
    const archived = new Set(await ctx.store.listArchivedMeetings());
    const out: MeetingSummary[] = [];
    for (const record of await ctx.store.listMeetings()) {
      if (scope.kind === "cluster" && clusterKey(record.definition) !== scope.clusterId) continue;
      const s = await summarise(ctx, record, archived.has(record.id));
      if (s) out.push(s);
    }
    return out;
  }

  serve(r, ADMIN_SESSION, organisers, (_req, res) => {
    reply(res, ADMIN_SESSION, { scope: scopeOf(res) });
  });

  /** Every meeting the token may see, with where it stands. */
  serve(r, MEETINGS, organisers, async (_req, res) => {
    reply(res, MEETINGS, { scope: scopeOf(res), meetings: await summaries(scopeOf(res)) });
  });

  /** Creates a meeting, as POST /api/meetings, for the admin or the cluster's organiser. */
  serve(r, ADMIN_CREATE_MEETING, organisers, json, async (req, res) => {
    const parsed = parseMeetingDefinition(req.body);
    if (!parsed.ok) return invalid(res, parsed.problems);
    if (refuseOtherCluster(res, clusterKey(parsed.definition))) return;
    const created = await ctx.service.create(parsed.definition, { actor: actorOf(scopeOf(res)) });
    reply(res, ADMIN_CREATE_MEETING, { meetingId: created.meetingId, links: created.links, all: created.all });
  });

  /** The definition for the set-up form, and whether it can still be edited (and why not). */
  serve(r, ADMIN_DEFINITION, organisers, async (req, res) => {
    const room = await meetingIn(req, res);
    if (!room) return;
    const archived = await isMeetingArchived(ctx.store, room.id);
    const notEditable = archived ? "hội nghị đã lưu trữ (the meeting is archived)" : await whyNotEditable(ctx, room);
    reply(res, ADMIN_DEFINITION, { meetingId: room.id, definition: room.definition, editable: notEditable === null, reason: notEditable, archived });
  });

  /** Edits a meeting until it begins. */
  serve(r, SAVE_DEFINITION, organisers, json, async (req, res) => {
    const room = await meetingIn(req, res);
    if (!room) return;
    const admin = adminStore(res);
    if (!admin) return;
    if (await isMeetingArchived(ctx.store, room.id)) return sendError(res, 409, { code: ERROR_CODES.ARCHIVED, message: ARCHIVED_MESSAGE });
    const parsed = parseMeetingDefinition(req.body);
    if (!parsed.ok) return invalid(res, parsed.problems);
    if (refuseOtherCluster(res, clusterKey(parsed.definition))) return;
    const why = await oneAtATime(room.id, async () => {
      const reason = await whyNotEditable(ctx, room);
      if (reason === null) await replaceDefinition(ctx, admin, room, parsed.definition, actorOf(scopeOf(res)));
      return reason;
    });
    if (why !== null)
      return sendError(res, 409, { code: ERROR_CODES.MEETING_STARTED, message: `Không sửa được: ${why}. (The meeting has begun; its definition can no longer change.)` });
    reply(res, SAVE_DEFINITION, { meetingId: room.id, definition: room.definition });
  });

  /** Next year's definition from this year's meeting, for the set-up form (nothing is created). */
  serve(r, NEXT_YEAR, organisers, async (req, res) => {
    const room = await meetingIn(req, res);
    if (!room) return;
    const elected = await electedOf(ctx, room);
    const stage = (await pledgeService(ctx).state(room)).stage;
    let pledgeSections: { heading: string; commitments: string[] }[] | null = null;
    if (stage === "frozen" || stage === "final") {
      const doc = await ctx.yjs.docRoom(room, "pledge");
      pledgeSections = draftFromJson(draftJson(doc.doc)).sections;
    }
    const definition = nextYearDefinition(room.definition, { head: elected?.head?.code ?? null, deputy: elected?.deputy?.code ?? null, pledgeSections });
    reply(res, NEXT_YEAR, { definition, from: { meetingId: room.id, year: room.definition.cluster.year, pledgeStage: stage, elected } });
  });

  serve(r, ARCHIVE, organisers, json, async (req, res) => {
    const room = await meetingIn(req, res);
    if (!room) return;
    const body = parseBody(req, res, ARCHIVE, "Nội dung yêu cầu phải là { archived: true hoặc false }. (Body: { archived: boolean }.)");
    if (!body) return;
    const entry = await setMeetingArchived(ctx.store, room.id, body.archived, actorOf(scopeOf(res)));
    if (entry) room.noteJournal(entry);
    reply(res, ARCHIVE, { meetingId: room.id, archived: body.archived });
  });

  /** The meeting's join links, so the organisers' home can open the chair, the screen and the cards. */
  serve(r, ADMIN_LINKS, organisers, async (req, res) => {
    const room = await meetingIn(req, res);
    if (!room) return;
    const all = await ctx.service.links(room.id);
    reply(res, ADMIN_LINKS, { links: groupLinks(all), all });
  });

  async function provinceResults(year: number) {
    const archived = new Set(await ctx.store.listArchivedMeetings());
    // One meeting per cluster and year: the one furthest along (a test or superseded meeting stays out).
    const best = new Map<string, { room: MeetingRoom; rank: number; createdAt: number }>();
    const order = ["not_started", "in_progress", "scores_locked", "head_elected", "pledge_final"];
    for (const record of await ctx.store.listMeetings()) {
      if (record.definition.cluster.year !== year || archived.has(record.id)) continue;
      const s = await summarise(ctx, record, false);
      const room = await ctx.registry.get(record.id);
      if (!s || !room) continue;
      const rank = order.indexOf(s.status);
      const prev = best.get(s.clusterId);
      if (!prev || rank > prev.rank || (rank === prev.rank && record.createdAt > prev.createdAt)) best.set(s.clusterId, { room, rank, createdAt: record.createdAt });
    }
    const clusters = await Promise.all([...best.values()].map((b) => clusterResult(ctx, b.room)));
    return clusters.sort((a, b) => a.province.localeCompare(b.province, "vi") || a.cluster.localeCompare(b.cluster, "vi", { numeric: true }));
  }

  serve(r, RESULTS, organisers, adminOnly, async (req, res) => {
    const year = yearSchema.safeParse(req.query.year);
    if (!year.success) return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Cần chọn năm (?year=YYYY). (?year=YYYY is required.)" });
    reply(res, RESULTS, { year: year.data, clusters: await provinceResults(year.data) });
  });

  r.get("/results.csv", organisers, adminOnly, async (req, res) => {
    const year = yearSchema.safeParse(req.query.year);
    if (!year.success) return sendError(res, 400, { code: ERROR_CODES.BAD_REQUEST, message: "Cần chọn năm (?year=YYYY). (?year=YYYY is required.)" });
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="ket-qua-thi-dua-${year.data}.csv"`);
    res.send(resultsCsv(await provinceResults(year.data)));
  });

  serve(r, ORGANISER_LINKS, organisers, adminOnly, async (_req, res) => {
    reply(res, ORGANISER_LINKS, { links: (await ctx.store.listOrganiserLinks()).map((l) => organiserLinkView(l)) });
  });

  /** A link for one cluster's secretariat: the token is shown once; only its hash is stored. */
  serve(r, CREATE_ORGANISER_LINK, organisers, adminOnly, json, async (req, res) => {
    const body = parseBody(req, res, CREATE_ORGANISER_LINK, "Nội dung yêu cầu phải có cụm và tên liên kết { clusterId, label }. (Body: { clusterId, label }.)");
    if (!body) return;
    const token = crypto.randomBytes(TOKEN_BYTES).toString("base64url");
    const record: OrganiserLinkRecord = {
      linkId: crypto.randomBytes(6).toString("base64url"),
      clusterId: body.clusterId,
      label: body.label,
      tokenHash: hashToken(token),
      createdAt: Date.now(),
      revokedAt: null,
    };
    await ctx.store.createOrganiserLink(record);
    // In the fragment: it never reaches a server log; the page moves it to sessionStorage at once.
    reply(res, CREATE_ORGANISER_LINK, { link: organiserLinkView(record, `${ctx.service.baseUrl}/admin#k=${token}`), token });
  });

  serve(r, REVOKE_ORGANISER_LINK, organisers, adminOnly, async (req, res) => {
    if (!(await ctx.store.revokeOrganiserLink(String(req.params.linkId), Date.now())))
      return sendError(res, 404, { code: ERROR_CODES.NOT_FOUND, message: "Không có liên kết đang hiệu lực này. (No such active link.)" });
    reply(res, REVOKE_ORGANISER_LINK, {});
  });

  return r;
}

