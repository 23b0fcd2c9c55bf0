import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FILE_ROUTES, HTTP_ROUTES, type Access, type HttpRoute } from "../../shared/protocol/http";
import * as admin from "../../shared/protocol/http/admin";
import * as documents from "../../shared/protocol/http/documents";
import * as journal from "../../shared/protocol/http/journal";
import * as links from "../../shared/protocol/http/links";
import * as meetings from "../../shared/protocol/http/meetings";
import * as pledge from "../../shared/protocol/http/pledge";
import * as polls from "../../shared/protocol/http/polls";
import * as scores from "../../shared/protocol/http/scores";

/**
 * docs/protocol.md, "HTTP routes", carries the route table's index between two markers: this test
 * renders it from shared/protocol/http and expects the section to hold exactly that, so a route added,
 * moved or given other access shows up in the docs (copy the expected block when it fails).
 */
const FILES = { admin, documents, journal, links, meetings, pledge, polls, scores };
const BEGIN =
  "<!-- http-routes:begin (rendered from shared/protocol/http by tests/unit/http-docs.test.ts) -->";
const END = "<!-- http-routes:end -->";

function who(access: Access): string {
  switch (access.kind) {
    case "public":
      return "anyone, no token";
    case "admin":
      return "admin token";
    case "province":
      return access.adminOnly ? "admin token" : "admin token, cluster organiser";
    case "link": {
      const roles = access.roles === "any" ? "any join link" : access.roles.join(", ");
      return access.admin ? `${roles}, admin token` : roles;
    }
  }
}

function fileOf(route: HttpRoute): string {
  const found = Object.entries(FILES).find(([, mod]) => Object.values(mod).includes(route));
  if (!found) throw new Error(`${route.method} ${route.path} is in no file of shared/protocol/http`);
  return found[0];
}

const BODY = { none: "—", json: "JSON", pdf: "PDF", "json-or-pdf": "JSON or PDF" } as const;

function rendered(): string {
  const rows = Object.entries(HTTP_ROUTES).map(
    ([name, r]: [string, HttpRoute]) =>
      `| \`${r.method} ${r.path}\` | \`${name}\` in \`${fileOf(r)}.ts\` | ${who(r.access)} | ${BODY[r.body]} | ${r.status} | ${r.summary} |`,
  );
  const files = FILE_ROUTES.map((f) => `| \`${f.method} ${f.path}\` | \`${f.type}\` | ${f.summary} |`);
  return [
    BEGIN,
    "| route | schemas | who | body | ok status | what |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    "Routes that answer with a file (refusals are the same JSON `ErrorBody`):",
    "",
    "| route | type | what |",
    "|---|---|---|",
    ...files,
    END,
  ].join("\n");
}

describe("docs/protocol.md, HTTP routes", () => {
  const doc = fs.readFileSync(path.join(import.meta.dirname, "../../docs/protocol.md"), "utf8");
  const section = doc.slice(
    doc.indexOf("## HTTP routes"),
    doc.indexOf("\n## ", doc.indexOf("## HTTP routes") + 1),
  );

  it("holds the route table's index as rendered from shared/protocol/http", () => {
    const start = section.indexOf(BEGIN);
    const end = section.indexOf(END);
    expect(start, "the section's begin marker").toBeGreaterThanOrEqual(0);
    expect(section.slice(start, end + END.length)).toBe(rendered());
  });

  it("lists every route once, and each method and path only once in the table", () => {
    const keys = Object.values(HTTP_ROUTES).map((r: HttpRoute) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of [...keys, ...FILE_ROUTES.map((f) => `${f.method} ${f.path}`)])
      expect(section).toContain(`\`${key}\``);
  });

  it("names only routes the table has, in its other rows too", () => {
    const known = new Set([
      ...Object.values(HTTP_ROUTES).map((r: HttpRoute) => `${r.method} ${r.path}`),
      ...FILE_ROUTES.map((f) => `${f.method} ${f.path}`),
    ]);
    const named = [...section.matchAll(/`((?:GET|POST|PUT|DELETE) \/api\/[^`?\s]*)/g)].map((m) => m[1]!);
    expect(named.filter((n) => !known.has(n))).toEqual([]);
  });
});
