import type { IssuedLink, LinksResponse } from "../../shared/protocol/links";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { ErrorBody } from "../../shared/protocol/errors";
import type { SessionInfo } from "../../shared/protocol/meeting";
import type { JournalEntry } from "../../shared/journal/chain";

/** What a failed call tells the UI: the server's code, or NETWORK when it could not be reached. */
export type ApiError = { code: ErrorBody["code"] | "NETWORK"; message: string; status: number };
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

async function getJson<T>(path: string, token: string): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token}`, accept: "application/json" } });
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, error: { code: "INTERNAL", message: `HTTP ${res.status}`, status: res.status } };
  }
  const b = body as { ok?: boolean; error?: ErrorBody };
  if (!res.ok || b.ok !== true) {
    const e = b.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` };
    return { ok: false, error: { code: e.code, message: e.message, status: res.status } };
  }
  return { ok: true, data: body as T };
}

export interface MeResponse {
  session: SessionInfo;
  definition: MeetingDefinition;
}

/** GET /api/me: who the token makes this device, and the meeting definition. */
export function fetchMe(token: string): Promise<ApiResult<MeResponse>> {
  return getJson<MeResponse>("/api/me", token);
}

export type JoinLink = IssuedLink;
export type { LinksResponse };

/** GET /api/meetings/:id/links (chair or secretary). */
export function fetchLinks(meetingId: string, token: string): Promise<ApiResult<LinksResponse>> {
  return getJson<LinksResponse>(`/api/meetings/${encodeURIComponent(meetingId)}/links`, token);
}

async function postJson<T>(path: string, token: string): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
  const body = (await res.json().catch(() => null)) as { ok?: boolean; error?: ErrorBody } | null;
  if (!res.ok || body?.ok !== true) {
    const e = body?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` };
    return { ok: false, error: { code: e.code, message: e.message, status: res.status } };
  }
  return { ok: true, data: body as T };
}

const linkPath = (meetingId: string, linkId: string, action: "revoke" | "reissue") =>
  `/api/meetings/${encodeURIComponent(meetingId)}/links/${encodeURIComponent(linkId)}/${action}`;

/** POST …/links/:linkId/revoke (chair or secretary): the link's devices are disconnected at once. */
export function revokeLink(meetingId: string, linkId: string, token: string): Promise<ApiResult<object>> {
  return postJson<object>(linkPath(meetingId, linkId, "revoke"), token);
}

/** POST …/links/:linkId/reissue (chair or secretary): a new URL; the old token stops working. */
export function reissueLink(
  meetingId: string,
  linkId: string,
  token: string,
): Promise<ApiResult<{ link: JoinLink }>> {
  return postJson<{ link: JoinLink }>(linkPath(meetingId, linkId, "reissue"), token);
}

export interface JournalResponse {
  meetingId: string;
  entries: JournalEntry[];
}

/**
 * GET /api/meetings/:id/journal (chair or secretary), with the body exactly as the server sent it,
 * so the download is byte for byte what `npm run verify-journal` expects.
 */
export async function fetchJournal(
  meetingId: string,
  token: string,
): Promise<ApiResult<JournalResponse & { raw: string }>> {
  let res: Response;
  try {
    res = await fetch(`/api/meetings/${encodeURIComponent(meetingId)}/journal`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
    });
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
  const raw = await res.text();
  type Body = Partial<JournalResponse> & { ok?: boolean; error?: ErrorBody };
  let body: Body | null = null;
  try {
    body = JSON.parse(raw) as Body;
  } catch {
    // Not JSON (a proxy's error page): reported below as INTERNAL.
  }
  if (!res.ok || body?.ok !== true || !Array.isArray(body.entries)) {
    const e = body?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` };
    return { ok: false, error: { code: e.code, message: e.message, status: res.status } };
  }
  return { ok: true, data: { meetingId: body.meetingId ?? meetingId, entries: body.entries, raw } };
}

/** What POST /api/meetings answers on 201: the new meeting's id and every join link. */
export interface CreatedMeeting extends LinksResponse {
  meetingId: string;
}

/** A refused creation: the server's code, and for INVALID_DEFINITION every bad field. */
export type CreateMeetingError = ApiError & { problems?: { path: string; message: string }[] };

/** POST /api/meetings with the admin token: creates a meeting from a definition (the body as given). */
export async function createMeeting(
  definition: unknown,
  adminToken: string,
): Promise<{ ok: true; data: CreatedMeeting } | { ok: false; error: CreateMeetingError }> {
  let res: Response;
  try {
    res = await fetch("/api/meetings", {
      method: "POST",
      headers: {
        authorization: `Bearer ${adminToken}`,
        accept: "application/json",
        "content-type": "application/json",
      },
      body: JSON.stringify(definition),
    });
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
  const body = (await res.json().catch(() => null)) as
    (Partial<CreatedMeeting> & { ok?: boolean; error?: ErrorBody }) | null;
  if (res.status !== 201 || body?.ok !== true || !body.meetingId || !body.links || !body.all) {
    const e = body?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` };
    return {
      ok: false,
      error: { code: e.code, message: e.message, status: res.status, problems: e.problems },
    };
  }
  return { ok: true, data: { meetingId: body.meetingId, links: body.links, all: body.all } };
}
