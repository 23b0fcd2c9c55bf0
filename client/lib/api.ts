import type { ErrorBody } from "../../shared/protocol/errors";
import { pathFor, type PathParams } from "../../shared/protocol/http/path";
import type { HttpRoute, Reply, RequestInput } from "../../shared/protocol/http/route";
import type { ME } from "../../shared/protocol/http/meetings";
import type { CREATE_MEETING } from "../../shared/protocol/http/admin";
import type { IssuedLink } from "../../shared/protocol/links";

/**
 * What a failed call tells the UI: the server's code; NETWORK when it could not be reached; BAD_REPLY
 * when it answered something that is not the route's reply (a proxy's page, a server of another version).
 */
export type ApiError = {
  code: ErrorBody["code"] | "NETWORK" | "BAD_REPLY";
  message: string;
  status: number;
  /** INVALID_DEFINITION: every bad field. */
  problems?: ErrorBody["problems"];
};
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

/** What a call sends besides the path: the bearer token, a JSON body or a file, query parameters. */
export interface CallInit<R extends HttpRoute> {
  token?: string | null;
  body?: RequestInput<R> | Blob;
  query?: Record<string, string>;
}

const BAD_REPLY = "Máy chủ trả lời không đúng định dạng.";

function badReply(route: HttpRoute, status: number, detail: string): ApiError {
  return {
    code: "BAD_REPLY",
    status,
    message: `${BAD_REPLY} (The server's reply to ${route.method} ${route.path} is not in the expected shape: ${detail}.)`,
  };
}

/** The first problem zod found, as "definition.units: invalid_type (expected array)". */
function describeIssue(issue: { path: PropertyKey[]; code: string; expected?: unknown } | undefined): string {
  if (!issue) return "?";
  const where = issue.path.length ? issue.path.map(String).join(".") : "(body)";
  return `${where}: ${issue.code}${issue.expected === undefined ? "" : ` (expected ${String(issue.expected)})`}`;
}

/**
 * Calls a route of the HTTP table (shared/protocol/http) and parses its reply with the route's schema:
 * a reply that does not match is an error (BAD_REPLY), never a silently wrong object. Returns the
 * reply's text too, for a download that must be byte for byte what the server sent (the journal).
 *
 * This module is in the delegate's first load and imports no schema (no zod): a view in its own chunk
 * imports its routes statically; a call made from the first load goes through callLazy.
 */
export async function callWithText<R extends HttpRoute>(
  route: R,
  params: PathParams<R>,
  init: CallInit<R>,
): Promise<{ result: ApiResult<Reply<R>>; raw: string }> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let body: BodyInit | undefined;
  if (init.body instanceof Blob) {
    headers["content-type"] = init.body.type || "application/pdf";
    body = init.body;
  } else if (init.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.body);
  }
  const qs = init.query ? `?${new URLSearchParams(init.query).toString()}` : "";
  let res: Response;
  let raw: string;
  try {
    res = await fetch(pathFor(route, params) + qs, { method: route.method, headers, body });
    raw = await res.text();
  } catch (err) {
    return {
      raw: "",
      result: {
        ok: false,
        error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
      },
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // Not JSON: a proxy's error page, or a server that is not Concord.
    const error = res.ok
      ? badReply(route, res.status, "not JSON")
      : { code: "INTERNAL" as const, message: `HTTP ${res.status}`, status: res.status };
    return { raw, result: { ok: false, error } };
  }
  const envelope = (typeof json === "object" && json !== null ? json : {}) as {
    ok?: unknown;
    error?: Partial<ErrorBody>;
  };
  if (!res.ok || envelope.ok !== true) {
    const e = envelope.error;
    if (envelope.ok === false && e && typeof e.code === "string" && typeof e.message === "string")
      return {
        raw,
        result: {
          ok: false,
          error: {
            code: e.code,
            message: e.message,
            status: res.status,
            ...(e.problems ? { problems: e.problems } : {}),
          },
        },
      };
    const error = res.ok
      ? badReply(route, res.status, "no ok: true")
      : { code: "INTERNAL" as const, message: `HTTP ${res.status}`, status: res.status };
    return { raw, result: { ok: false, error } };
  }
  const parsed = route.reply.safeParse(json);
  if (!parsed.success)
    return {
      raw,
      result: { ok: false, error: badReply(route, res.status, describeIssue(parsed.error.issues[0])) },
    };
  return { raw, result: { ok: true, data: parsed.data as Reply<R> } };
}

/** Calls a JSON route of the table with the caller's token (null for a public route); the reply is parsed. */
export async function callApi<R extends HttpRoute>(
  route: R,
  params: PathParams<R>,
  init: CallInit<R> = {},
): Promise<ApiResult<Reply<R>>> {
  return (await callWithText(route, params, init)).result;
}

/**
 * GET of a file route (CSV, PDF, .docx) with the bearer token: the file, or the server's refusal (its
 * JSON ErrorBody, Vietnamese first) as an ApiError.
 */
export async function fetchFile(path: string, token: string): Promise<ApiResult<Blob>> {
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    if (res.ok) return { ok: true, data: await res.blob() };
    const body = (await res.json().catch(() => null)) as { error?: Partial<ErrorBody> } | null;
    const e = body?.error;
    if (e && typeof e.code === "string" && typeof e.message === "string")
      return { ok: false, error: { code: e.code, message: e.message, status: res.status } };
    return { ok: false, error: { code: "INTERNAL", message: `HTTP ${res.status}`, status: res.status } };
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
}

/** Hands a fetched file to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Calls a route whose module (its schemas, and zod) is loaded with the call: how the first load calls
 * the API, so its JavaScript before the first render carries no parser (tests/browser/room-bundle.test.ts;
 * the service worker precaches that chunk with the others). A chunk that cannot load is a NETWORK error.
 */
export async function callLazy<R extends HttpRoute>(
  load: () => Promise<R>,
  params: PathParams<R>,
  init: CallInit<R> = {},
): Promise<ApiResult<Reply<R>>> {
  let route: R;
  try {
    route = await load();
  } catch (err) {
    return {
      ok: false,
      error: { code: "NETWORK", message: err instanceof Error ? err.message : String(err), status: 0 },
    };
  }
  return callApi(route, params, init);
}

/** GET /api/me: who the token makes this device, and the meeting definition. */
export function fetchMe(token: string): Promise<ApiResult<Reply<typeof ME>>> {
  return callLazy(() => import("../../shared/protocol/http/meetings").then((m) => m.ME), {}, { token });
}

export type JoinLink = IssuedLink;

/** What POST /api/meetings answers on 201: the new meeting's id and every join link. */
export type CreatedMeeting = Reply<typeof CREATE_MEETING>;

/** A refused creation: the server's code, and for INVALID_DEFINITION every bad field. */
export type CreateMeetingError = ApiError;
