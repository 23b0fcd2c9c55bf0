import { z } from "zod";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_MAX_DOCUMENT_MB, documentLimitBytes } from "../shared/discussion/pdf";

/** An origin a browser sends for a framing page: http(s), a host name or [IPv6], an optional port. */
const EMBED_ORIGIN = /^https?:\/\/(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Every setting, read once at start-up. Defaults run the embedded mode on one machine. */
const configSchema = z.object({
  /** TCP port of the one HTTP server (API, Socket.IO, Yjs). 0 picks a free port (tests). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Folder for the SQLite database, the link secret and the generated admin token. */
  DATA_DIR: z.string().min(1).default("./data"),
  /** Bearer token for POST /api/meetings; generated and kept in DATA_DIR when unset. */
  ADMIN_TOKEN: z.string().min(16, "ADMIN_TOKEN must be at least 16 characters").optional(),
  /** Address printed in join links; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.string().url().optional(),
  /** debug | info | warn | error */
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  /** Compact a Yjs document's update log into one snapshot after this many updates. */
  YJS_COMPACT_UPDATES: z.coerce.number().int().min(10).default(300),
  /** Largest WebSocket message accepted on the Yjs endpoint, in bytes. */
  YJS_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  /** A Yjs subscriber with more unsent bytes than this is cut and resyncs (server/yjs/endpoint.ts). */
  YJS_SLOW_CONSUMER_BYTES: z.coerce.number().int().min(16 * 1024).default(1_000_000),
  /** Where meetings are stored: "sqlite" (one process, a file in DATA_DIR) or "redis" (several instances share REDIS_URL). */
  STORE: z.enum(["sqlite", "redis"]).default("sqlite"),
  /** Redis address for STORE=redis, e.g. redis://redis:6379 (run it with appendonly yes, appendfsync always). */
  REDIS_URL: z.string().url().refine((u) => /^rediss?:\/\//.test(u), "REDIS_URL must start with redis:// or rediss://").optional(),
  /**
   * The secret join tokens are derived from (HMAC) and, in Redis mode, the key that seals secret
   * ballots until the close. Required with STORE=redis: every instance must print the same links and
   * open the same ballots, and the secret must not be in Redis (a copy of Redis alone then neither
   * joins a meeting nor opens a ballot). 64 hex digits are read as 32 bytes (the content of
   * DATA_DIR/link-secret, so a meeting moved from one instance keeps its links); any other value of
   * at least 32 characters is used as its UTF-8 bytes. Unset in SQLite mode: DATA_DIR/link-secret.
   */
  LINK_SECRET: z.string().min(32, "LINK_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  /** Open Socket.IO connections one join link may have at once (chair, secretary, screen, a delegate's link). */
  SOCKET_MAX_CONNECTIONS_PER_LINK: z.coerce.number().int().min(1).default(10),
  /** Open Socket.IO connections on the public follow link, which many people open at once. */
  SOCKET_MAX_CONNECTIONS_PUBLIC_LINK: z.coerce.number().int().min(1).default(500),
  /** PKCS#12 file (.p12/.pfx) whose certificate signs the final pledge and minutes PDFs (PAdES); unset: no digital signature. */
  SIGNING_P12: z.string().min(1).optional(),
  /** Password of SIGNING_P12 (unset or empty when the file has none). */
  SIGNING_P12_PASSWORD: z.string().optional(),
  /** Origins allowed to frame /embed/<meetingId> (comma-separated, e.g. https://portal.example.gov.vn); unset: no site may. */
  EMBED_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean).map((o) => o.replace(/\/+$/, "")))
    .refine((list) => list.every((o) => EMBED_ORIGIN.test(o)), "EMBED_ORIGINS: each entry must be an origin such as https://portal.example.gov.vn (scheme, host, optional port; no path)"),
  /** Largest meeting document (PDF) an organiser may attach, in MB (MiB); the HTTP layer's body cap follows it. */
  MAX_DOCUMENT_MB: z.coerce.number().positive().max(512).default(DEFAULT_MAX_DOCUMENT_MB),
  /** Create the demo meeting at start-up when it does not exist. */
  DEMO: z
    .enum(["0", "1", "true", "false"])
    .default("1")
    .transform((v) => v === "1" || v === "true"),
});

export type Config = z.output<typeof configSchema> & { dataDir: string; publicUrl: string; maxDocumentBytes: number };

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment; on failure lists every problem (the caller prints them and exits 1). */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const result = configSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!result.success) return { ok: false, problems: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  const c = result.data;
  if (c.STORE === "redis") {
    // Several instances share the meetings: what each would otherwise generate in its own DATA_DIR must be the same everywhere.
    const missing = [
      ...(c.REDIS_URL ? [] : ["REDIS_URL: required when STORE=redis"]),
      ...(c.LINK_SECRET ? [] : ["LINK_SECRET: required when STORE=redis (the same on every instance; e.g. openssl rand -hex 32)"]),
      ...(c.ADMIN_TOKEN ? [] : ["ADMIN_TOKEN: required when STORE=redis (the same on every instance)"]),
    ];
    if (missing.length) return { ok: false, problems: missing };
  }
  if (c.SIGNING_P12_PASSWORD !== undefined && !c.SIGNING_P12) return { ok: false, problems: ["SIGNING_P12: required when SIGNING_P12_PASSWORD is set"] };
  if (c.SIGNING_P12 && !fs.existsSync(c.SIGNING_P12)) return { ok: false, problems: [`SIGNING_P12: no such file: ${c.SIGNING_P12}`] };
  return {
    ok: true,
    config: {
      ...c,
      dataDir: path.resolve(c.DATA_DIR),
      publicUrl: (c.PUBLIC_URL ?? defaultPublicUrl(c.HOST, c.PORT)).replace(/\/+$/, ""),
      maxDocumentBytes: documentLimitBytes(c.MAX_DOCUMENT_MB),
    },
  };
}

/** Container and VPN bridges are never the address the room's tablets use. */
const VIRTUAL_INTERFACE = /^(docker|br-|veth|virbr|lo|tun|tap|wg)/;

/**
 * Join links must open on the tablets, where "localhost" is the tablet itself. Without PUBLIC_URL,
 * a server listening on every interface uses this machine's first LAN address; otherwise localhost.
 */
export function defaultPublicUrl(host: string, port: number, interfaces = os.networkInterfaces()): string {
  if (host === "0.0.0.0" || host === "::") {
    for (const [name, addrs] of Object.entries(interfaces)) {
      if (VIRTUAL_INTERFACE.test(name)) continue;
      const v4 = addrs?.find((a) => a.family === "IPv4" && !a.internal);
      if (v4) return `http://${v4.address}:${port}`;
    }
  }
  return `http://${host === "0.0.0.0" || host === "::" ? "localhost" : host}:${port}`;
}
