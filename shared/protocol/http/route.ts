import * as z from "zod/v4/mini";
import type { Role } from "../roles";

// zod 4 compiles object parsers with `new Function` unless told not to; before that it probes whether eval
// is allowed, and under our Content-Security-Policy (no 'unsafe-eval') the browser reports the probe as a
// violation (tests/browser/csp.test.ts). Every route file imports this module, so this runs before any parse.
z.config({ jitless: true });

/**
 * One HTTP route of the table (./index.ts): method, path, who may call it, the request body and the
 * reply (the ok body, without `ok: true`, which the server adds and the client checks). Refusals are
 * always `{ ok: false, error: ErrorBody }` (../errors.ts).
 *
 * Written with zod's "mini" build, not the classic one: its functions tree-shake, so the chunk the
 * client loads for its first API call (zod and these helpers) is ~7.5 kB gzip. Even that would take the
 * delegate's first load over its 120 kB (tests/browser/room-bundle.test.ts): calls made from the first
 * load import their route's file with the call (client/lib/api.ts callLazy).
 */
export type HttpMethod = "GET" | "POST" | "PUT";

/** Who may call a route; the server's middleware enforces it (the integration test holds the two together). */
export type Access =
  /** Anyone, no token (the verification page, the embedded results, the health check). */
  | { kind: "public" }
  /** The admin token (ADMIN_TOKEN) only. */
  | { kind: "admin" }
  /** The admin token, or a cluster organiser's link (its own cluster only) unless `adminOnly`. */
  | { kind: "province"; adminOnly: boolean }
  /**
   * A join link of the meeting in the path (`:id`) with one of `roles` ("any": every role); the admin
   * token too when `admin`, acting as the chair.
   */
  | { kind: "link"; roles: readonly Role[] | "any"; admin: boolean };

/** How the request carries its body: none, JSON (parsed with `request`), a PDF, or either. */
export type BodyKind = "none" | "json" | "pdf" | "json-or-pdf";

export interface HttpRoute {
  readonly method: HttpMethod;
  /** Under the origin, with `:name` parameters: "/api/meetings/:id/links". */
  readonly path: string;
  readonly access: Access;
  /** One line for docs/protocol.md. */
  readonly summary: string;
  readonly body: BodyKind;
  /** The JSON body's schema, parsed at the server's edge; absent when the route takes none. */
  readonly request?: z.ZodMiniType;
  /** The ok body, without `ok`. */
  readonly reply: z.ZodMiniType;
  /** The status of an ok reply (201 for a creation). */
  readonly status: 200 | 201;
}

/**
 * Keeps the literal types (path, reply schema) of a route. A route may write its `request` or `reply` as a
 * getter (`get reply() { return z.object(…); }`): the schema is then built on first read and kept, so a
 * process that never calls or answers a route never builds its schemas (idle RSS, issue 12). Read as a
 * plain property either way.
 */
export function defineRoute<const R extends HttpRoute>(route: R): R {
  for (const key of ["request", "reply"] as const) {
    const get = Object.getOwnPropertyDescriptor(route, key)?.get;
    if (!get) continue;
    let schema: z.ZodMiniType | undefined;
    Object.defineProperty(route, key, {
      enumerable: true,
      get: () => (schema ??= get.call(route) as z.ZodMiniType),
    });
  }
  return route;
}

/** What the server must send (before `ok: true` is added): a wrong shape does not compile. */
export type ReplyInput<R extends HttpRoute> = z.input<R["reply"]>;
/** What the client gets once the reply has been parsed. */
export type Reply<R extends HttpRoute> = z.output<R["reply"]>;
/** The JSON body the client sends and the server's parsed view of it. */
export type RequestInput<R extends HttpRoute> = R["request"] extends z.ZodMiniType
  ? z.input<R["request"]>
  : never;
export type RequestBody<R extends HttpRoute> = R["request"] extends z.ZodMiniType
  ? z.output<R["request"]>
  : never;

export { pathFor, type PathParams } from "./path";

/**
 * A value whose full schema lives elsewhere — the meeting definition (checked by its own schema when it
 * was stored), a Yjs-derived score row, a poll's tally: the reply checks it is the right kind of JSON
 * value and the compiler holds the server's and the client's type to `T`.
 */
export const objectOf = <T extends object>() =>
  z.custom<T>((v) => typeof v === "object" && v !== null && !Array.isArray(v));
export const stringOf = <T extends string>() => z.custom<T>((v) => typeof v === "string");
export const jsonOf = <T>() => z.custom<T>((v) => v !== undefined && typeof v !== "function");

/** Milliseconds since the epoch. */
export const epochMs = () => z.number().check(z.int(), z.nonnegative());
export const nullableEpochMs = () => z.nullable(epochMs());
/** A SHA-256 in hex. */
export const sha256Hex = () => z.string().check(z.regex(/^[0-9a-f]{64}$/));

/** The roles of a join link (../roles.ts; tests/types/http.types.ts holds the two lists equal). */
export const roleEnum = z.enum(["chair", "secretary", "delegate", "screen", "observer"]);
/** The pledge's stages (../pledge.ts PLEDGE_STAGES; held equal the same way). */
export const pledgeStageEnum = z.enum(["drafting", "adopted", "frozen", "final"]);

/** The reply of a route that only says it was done. */
export const done = () => z.object({});
