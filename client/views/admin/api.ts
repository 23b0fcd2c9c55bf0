import type { MeetingDefinition, MeetingDefinitionInput } from "../../../shared/definition/schema";
import type {
  AdminScope,
  ClusterResult,
  MeetingsResponse,
  OrganiserLinkView,
} from "../../../shared/protocol/admin";
import type { ErrorBody } from "../../../shared/protocol/errors";
import type { ApiError, ApiResult, CreatedMeeting, CreateMeetingError } from "../../lib/api";
import type { LinksResponse } from "../../../shared/protocol/links";

/** The organisers' side's HTTP calls, with the admin token or a cluster organiser's token. */
async function call<T>(
  path: string,
  token: string,
  init: { method?: string; body?: unknown } = {},
): Promise<ApiResult<T> & { problems?: ErrorBody["problems"] }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
  const body = (await res.json().catch(() => null)) as ({ ok?: boolean; error?: ErrorBody } & T) | null;
  if (!res.ok || body?.ok !== true) {
    const e = body?.error ?? { code: "INTERNAL" as const, message: `HTTP ${res.status}` };
    const error: ApiError & { problems?: ErrorBody["problems"] } = {
      code: e.code,
      message: e.message,
      status: res.status,
      problems: e.problems,
    };
    return { ok: false, error };
  }
  return { ok: true, data: body as T };
}

export const fetchSession = (token: string) => call<{ scope: AdminScope }>("/api/admin/session", token);
export const fetchMeetings = (token: string) => call<MeetingsResponse>("/api/meetings", token);
export const fetchMeetingLinks = (id: string, token: string) =>
  call<LinksResponse>(`/api/admin/meetings/${encodeURIComponent(id)}/links`, token);
export const setArchived = (id: string, archived: boolean, token: string) =>
  call<{ archived: boolean }>(`/api/admin/meetings/${encodeURIComponent(id)}/archive`, token, {
    method: "POST",
    body: { archived },
  });
export const fetchDefinition = (id: string, token: string) =>
  call<{ definition: MeetingDefinition; editable: boolean; reason: string | null; archived: boolean }>(
    `/api/admin/meetings/${encodeURIComponent(id)}/definition`,
    token,
  );
export const fetchNextYear = (id: string, token: string) =>
  call<{ definition: MeetingDefinitionInput; from: { meetingId: string; year: number } }>(
    `/api/meetings/${encodeURIComponent(id)}/next-year`,
    token,
    { method: "POST", body: {} },
  );
export const fetchResults = (year: number, token: string) =>
  call<{ year: number; clusters: ClusterResult[] }>(`/api/results?year=${year}`, token);
export const fetchOrganiserLinks = (token: string) =>
  call<{ links: OrganiserLinkView[] }>("/api/admin/organiser-links", token);
export const createOrganiserLink = (clusterId: string, label: string, token: string) =>
  call<{ link: OrganiserLinkView }>("/api/admin/organiser-links", token, {
    method: "POST",
    body: { clusterId, label },
  });
export const revokeOrganiserLink = (linkId: string, token: string) =>
  call<object>(`/api/admin/organiser-links/${encodeURIComponent(linkId)}/revoke`, token, {
    method: "POST",
    body: {},
  });

/** PUT /api/meetings/:id/definition: refused with MEETING_STARTED (and why) once the meeting has begun. */
export async function saveDefinition(
  id: string,
  definition: unknown,
  token: string,
): Promise<{ ok: true } | { ok: false; error: CreateMeetingError }> {
  const res = await call<object>(`/api/meetings/${encodeURIComponent(id)}/definition`, token, {
    method: "PUT",
    body: definition,
  });
  return res.ok ? { ok: true } : { ok: false, error: res.error };
}

/** POST /api/admin/meetings: as POST /api/meetings, also for a cluster organiser (its own cluster). */
export async function createScopedMeeting(
  definition: unknown,
  token: string,
): Promise<{ ok: true; data: CreatedMeeting } | { ok: false; error: CreateMeetingError }> {
  const res = await call<CreatedMeeting>("/api/admin/meetings", token, { method: "POST", body: definition });
  return res.ok
    ? { ok: true, data: { meetingId: res.data.meetingId, links: res.data.links, all: res.data.all } }
    : { ok: false, error: res.error };
}

/** A file from an authenticated GET (results CSV, PDFs), as an object URL. */
export async function fetchBlobUrl(path: string, token: string): Promise<string | null> {
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) return null;
    return URL.createObjectURL(await res.blob());
  } catch {
    return null;
  }
}
