import type { IssuedLink, LinksResponse } from "../../shared/protocol/links";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { ErrorBody } from "../../shared/protocol/errors";
import type { SessionInfo } from "../../shared/protocol/meeting";

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
