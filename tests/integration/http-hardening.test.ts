import { afterAll, beforeAll, describe, expect, it } from "vitest";
import net from "node:net";
import http from "node:http";
import express from "express";
import type { AddressInfo } from "node:net";
import { createMeeting, demoDefinitionCopy, startTestServer, tokenOf } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import { allowFraming, securityHeaders } from "../../server/http/headers";
import { DEFINITION_JSON_BYTES, SMALL_JSON_BYTES } from "../../server/http/body";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes exactly as written (no client normalising the path or the body) and reads the answer. */
function raw(request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") });
    });
    socket.write(request);
  });
}

function rawRequest(method: string, path: string, opts: { token?: string; body?: string | Buffer; type?: string; length?: number } = {}): Promise<RawResponse> {
  const body = opts.body === undefined ? Buffer.alloc(0) : Buffer.from(opts.body);
  const head = [
    `${method} ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    "Connection: close",
    ...(opts.token ? [`Authorization: Bearer ${opts.token}`] : []),
    ...(opts.body !== undefined || opts.length !== undefined ? [`Content-Type: ${opts.type ?? "application/json"}`, `Content-Length: ${opts.length ?? body.length}`] : []),
  ].join("\r\n");
  return raw(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]));
}

/** The body's error code when it is a JSON refusal (the raw body may be chunked: take the JSON in it). */
function codeOf(res: RawResponse): string | undefined {
  const m = /\{.*\}/s.exec(res.body);
  return m ? (JSON.parse(m[0]) as { error?: { code: string } }).error?.code : undefined;
}

describe("security headers", () => {
  it("sends a CSP that forbids framing, nosniff, DENY and no referrer on pages and the API", async () => {
    for (const path of ["/", "/join/abc", "/api/health", "/api/nowhere"]) {
      const res = await rawRequest("GET", path);
      const csp = res.headers["content-security-policy"] ?? "";
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1 wss:\/\/127\.0\.0\.1/);
      expect(csp).toMatch(/img-src 'self' data: blob:/);
      // The LAN runs plain http: upgrading requests would break every one of them.
      expect(csp).not.toContain("upgrade-insecure-requests");
      expect(res.headers["x-frame-options"]).toBe("DENY");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["x-powered-by"]).toBeUndefined();
    }
  });

  it("does not copy a hostile Host header into the policy", async () => {
    const res = await raw("GET /api/health HTTP/1.1\r\nHost: evil.example; script-src *\r\nConnection: close\r\n\r\n");
    expect(res.headers["content-security-policy"]).not.toContain("evil");
    expect(res.headers["content-security-policy"]).not.toContain("script-src *");
  });

  it("lets one route allow framing by listed origins, overriding the default", async () => {
    const app = express();
    app.use(securityHeaders());
    app.get("/embed", allowFraming(["https://portal.example.vn"]), (_req, res) => res.send("ok"));
    app.get("/other", (_req, res) => res.send("ok"));
    const srv = http.createServer(app).listen(0, "127.0.0.1");
    await new Promise((r) => srv.once("listening", r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    const embed = await fetch(`${base}/embed`);
    expect(embed.headers.get("content-security-policy")).toContain("frame-ancestors https://portal.example.vn");
    expect(embed.headers.get("x-frame-options")).toBeNull();
    const other = await fetch(`${base}/other`);
    expect(other.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(other.headers.get("x-frame-options")).toBe("DENY");
    srv.close();
  });
});

describe("request bodies", () => {
  it("checks the token before reading the body: malformed JSON without a token is 401, with the admin token 400", async () => {
    const anonymous = await rawRequest("POST", "/api/meetings", { body: "{not json" });
    expect(anonymous.status).toBe(401);
    expect(codeOf(anonymous)).toBe("UNAUTHENTICATED");
    const admin = await rawRequest("POST", "/api/meetings", { body: "{not json", token: server.adminToken });
    expect(admin.status).toBe(400);
    expect(codeOf(admin)).toBe("BAD_REQUEST");
  });

  it("refuses a meeting definition over its limit with 413 and creates nothing", async () => {
    const before = (await server.store.listMeetings()).length;
    const def = demoDefinitionCopy() as unknown as Record<string, unknown>;
    def.padding = "x".repeat(DEFINITION_JSON_BYTES);
    const res = await rawRequest("POST", "/api/meetings", { body: JSON.stringify(def), token: server.adminToken });
    expect(res.status).toBe(413);
    expect(codeOf(res)).toBe("PAYLOAD_TOO_LARGE");
    expect((await server.store.listMeetings()).length).toBe(before);
    // An ordinary definition still fits.
    expect((await createMeeting(server)).meetingId).toBeTruthy();
  });

  it("takes only a small body on small routes: a 100 kB revoke is refused with 413 and the link stays active", async () => {
    const m = await createMeeting(server);
    const res = await rawRequest("POST", `/api/meetings/${m.meetingId}/links/delegate-BDT-1/revoke`, {
      token: tokenOf(m.links.chair),
      body: JSON.stringify({ pad: "x".repeat(SMALL_JSON_BYTES * 6) }),
    });
    expect(res.status).toBe(413);
    expect(codeOf(res)).toBe("PAYLOAD_TOO_LARGE");
    expect((await server.store.getLink(m.meetingId, "delegate-BDT-1"))!.revokedAt).toBeNull();
  });

  it("refuses a declared length above every limit before reading any of it", async () => {
    const res = await rawRequest("POST", "/api/meetings", { token: server.adminToken, length: 50 * 1024 * 1024 });
    expect(res.status).toBe(413);
    expect(codeOf(res)).toBe("PAYLOAD_TOO_LARGE");
  });

  it("takes only a small JSON body on the public verify route", async () => {
    const m = await createMeeting(server);
    const big = await rawRequest("POST", `/api/verify/${m.meetingId}`, { body: JSON.stringify({ hash: "a".repeat(64), pad: "x".repeat(SMALL_JSON_BYTES * 2) }) });
    expect(big.status).toBe(413);
    expect(codeOf(big)).toBe("PAYLOAD_TOO_LARGE");
    const small = await rawRequest("POST", `/api/verify/${m.meetingId}`, { body: JSON.stringify({ hash: "a".repeat(64) }) });
    expect(small.status).toBe(200);
    const malformed = await rawRequest("POST", `/api/verify/${m.meetingId}`, { body: "{\"hash\":" });
    expect(malformed.status).toBe(400);
    expect(codeOf(malformed)).toBe("BAD_REQUEST");
  });
});

describe("malformed addresses", () => {
  it("answers a bad %-escape with 400, never 500", async () => {
    const m = await createMeeting(server);
    const token = tokenOf(m.links.chair);
    for (const path of [
      "/api/meetings/%E0%A4%A",
      "/api/meetings/%E0%A4%A/journal",
      "/api/meetings/%E0%A4%A/links",
      `/api/meetings/${m.meetingId}/polls/%E0%A4%A/result`,
      "/api/verify/%E0%A4%A",
      "/api/meetings/%/scores.csv",
    ]) {
      const res = await rawRequest("GET", path, { token });
      expect(res.status, path).toBe(400);
      expect(codeOf(res), path).toBe("BAD_REQUEST");
    }
    for (const path of ["/join/%E0%A4%A", "/assets/%E0%A4%A.js"]) {
      const res = await rawRequest("GET", path);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe("scores.csv", () => {
  it("writes unit names that look like formulas as text, and keeps the scores numbers", async () => {
    const def = demoDefinitionCopy();
    const names = ['=HYPERLINK("http://evil.example","Xem")', "+84 912 345 678", "-5", "@SUM(A1:A9)"];
    names.forEach((name, i) => (def.units[i]!.name = name));
    const m = await createMeeting(server, def);
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/scores.csv`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, "").split("\r\n");
    for (const [i, name] of names.entries()) {
      const line = lines[i + 1]!;
      // STT, code, then the name: a spreadsheet shows it as text.
      const cell = line.split(`${def.units[i]!.code},`)[1]!;
      expect(cell.startsWith(`'${name.slice(0, 1)}`) || cell.startsWith(`"'${name.slice(0, 1)}`), line).toBe(true);
      expect(line.startsWith(`${i + 1},`)).toBe(true);
    }
    // No cell anywhere starts a formula.
    for (const line of lines) for (const cell of line.split(",")) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+@\t\r]/);
  });
});
