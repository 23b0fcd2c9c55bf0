import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DOC_ROOTS } from "../../shared/documents/layout";

/**
 * The document layouts live in shared/documents/layout.ts (issue 13, item 4). This test holds the rest
 * of the code to it: no Yjs root is named by a literal anywhere else, and nothing reaches into a
 * Y.Map's private `_map`. A deliberate root outside the layouts (an attack writing a new root, a store
 * test's scratch document) says so on its line or the line above: `// layout-literal-ok: <why>`.
 */

const ROOT = path.resolve(__dirname, "../..");
const LAYOUT = "shared/documents/layout.ts";
const SELF = "tests/unit/doc-layout-literals.test.ts";
const CODE_DIRS = ["server", "client", "shared", "bench", "tests", "scripts"];
const CODE_EXT = /\.(ts|tsx|js|mjs|cjs)$/;
// .tmp: the benches' compiled server and other scratch (gitignored), whose bundles carry yjs itself.
const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "dist-server", "data", "coverage", ".tmp"]);
const ROOT_NAMES = [...new Set(Object.values(DOC_ROOTS).flat())];

/** `doc.getMap("…")`, `d.getText<…>('…')` and the like: a root named by any literal. */
const GET_ROOT = /\.(getMap|getText|getArray|getXmlFragment|getXmlElement)\s*(?:<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)?\s*\(\s*["'`]/;
/** `Y.Doc.get(name, Type)`, `doc.share.get(name)`, or `.get("<root name>")` on something called …doc. */
const DOC_GET = new RegExp(
  [
    String.raw`\.get\(\s*["'\`][^"'\`]*["'\`]\s*,\s*(?:Y\.)?(?:Map|Array|Text|XmlFragment|XmlElement|AbstractType)\s*\)`,
    String.raw`\.share\s*\.\s*get\(\s*["'\`]`,
    String.raw`\b\w*doc\s*\.\s*get\(\s*["'\`](?:${ROOT_NAMES.join("|")})["'\`]`,
  ].join("|"),
  "i",
);
const PRIVATE_MAP = /\._map\b/;
const ALLOW = /layout-literal-ok:\s*\S/;

export interface Finding {
  line: number;
  text: string;
  why: "root literal" | "_map";
}

/** Blanks out comments, keeping line breaks, so a comment that mentions getMap("…") is not code. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

/** Root-name literals outside the layout module, and private `_map` access, in one file's source. */
export function findLayoutLiterals(source: string): Finding[] {
  const raw = source.split("\n");
  const code = withoutComments(source);
  const out: Finding[] = [];
  raw.forEach((text, i) => {
    if (PRIVATE_MAP.test(text)) out.push({ line: i + 1, text: text.trim(), why: "_map" });
  });
  // Over the whole source, so a call split over lines (`doc.getMap(\n  "units")`) is found too.
  const lines = new Set<number>();
  for (const pattern of [GET_ROOT, DOC_GET])
    for (const m of code.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`))) {
      const i = code.slice(0, m.index).split("\n").length - 1;
      if (!ALLOW.test(raw[i] ?? "") && !ALLOW.test(raw[i - 1] ?? "")) lines.add(i);
    }
  for (const i of [...lines].sort((a, b) => a - b)) out.push({ line: i + 1, text: (raw[i] ?? "").trim(), why: "root literal" });
  return out.sort((a, b) => a.line - b.line);
}

function filesUnder(dir: string, keep: (rel: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      if (SKIP_DIRS.has(entry.name)) continue;
      const full = path.join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (keep(path.relative(ROOT, full))) out.push(full);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

const rel = (abs: string) => path.relative(ROOT, abs).split(path.sep).join("/");

describe("the literal detector", () => {
  it.each([
    ["a root by getMap", `const u = doc.getMap("units");`, 1],
    ["a root by getMap with a type argument", `const d = ydoc.getMap<Y.Map<Y.Map<unknown>>>("draft");`, 1],
    ["a root by getText with single quotes", `d.getText('t').insert(0, "x")`, 1],
    ["a root by getArray with a template literal", "doc.getArray(`list`)", 1],
    ["a root by getXmlFragment", `doc.getXmlFragment("prosemirror")`, 1],
    ["a call split over lines", `const units = doc.getMap(\n  "units",\n);`, 1],
    ["two roots on one line count once", `same(a.getMap("units"), b.getMap("units"))`, 1],
    ["a root by Doc.get with a type", `doc.get("meta", Y.Map)`, 1],
    ["a root through the share map", `room.doc.share.get("clients")`, 1],
    ["a root name on something called doc", `this.shadowDoc.get("proposals")`, 1],
    ["a private _map", `(m as any)._map.get("stage")`, 1],
    ["a private _map in a comment", `// reads m._map directly`, 1],
    ["a getMap literal in a comment", `// call doc.getMap("units") once`, 0],
    ["a getMap literal in a block comment", `/* doc.getMap("units") */ f();`, 0],
    ["an ordinary Map.get of a root name", `const stage = settings.get("meta");`, 0],
    ["a row's layer", `row.get("units")`, 0],
    ["a root through an accessor", `scoresUnits(doc).get("BDT")`, 0],
    ["a root by a constant", `doc.getMap(SCORES_ROOTS.units)`, 0],
    ["an allowed scratch root", `d.getMap("evil").set("x", 1); // layout-literal-ok: an attack on a new root`, 0],
    ["an allowed root marked on the line above", `// layout-literal-ok: a store test's own document\ndoc.getText("t")`, 0],
    ["a marker without a reason", `doc.getText("t"); // layout-literal-ok:`, 1],
  ])("%s", (_name, source, count) => {
    expect(findLayoutLiterals(source)).toHaveLength(count);
  });

  it("names the line it found", () => {
    expect(findLayoutLiterals(`import * as Y from "yjs";\n\nconst m = doc.getMap("meta");`)).toEqual([
      { line: 3, text: `const m = doc.getMap("meta");`, why: "root literal" },
    ]);
  });
});

describe("document layouts", () => {
  it("names no Yjs root by a literal outside shared/documents/layout.ts", () => {
    const files = CODE_DIRS.flatMap((d) => filesUnder(path.join(ROOT, d), (r) => CODE_EXT.test(r)));
    expect(files.length).toBeGreaterThan(100);
    const found = files
      .filter((f) => rel(f) !== LAYOUT && rel(f) !== SELF)
      .flatMap((f) =>
        findLayoutLiterals(fs.readFileSync(f, "utf8"))
          .filter((x) => x.why === "root literal")
          .map((x) => `${rel(f)}:${x.line}: ${x.text}`),
      );
    expect(found).toEqual([]);
  });

  it("never reaches into a Y.Map's private _map, anywhere outside node_modules", () => {
    const files = filesUnder(ROOT, (r) => /\.(ts|tsx|js|mjs|cjs|md|json)$/.test(r) && !r.endsWith("package-lock.json"));
    const found = files
      .filter((f) => rel(f) !== SELF)
      .flatMap((f) =>
        findLayoutLiterals(fs.readFileSync(f, "utf8"))
          .filter((x) => x.why === "_map")
          .map((x) => `${rel(f)}:${x.line}: ${x.text}`),
      );
    expect(found).toEqual([]);
  });

  it("the layout module names every root the documents have", () => {
    expect(DOC_ROOTS).toEqual({ scores: ["units", "meta", "clients"], pledge: ["draft", "proposals", "meta", "clients"] });
  });
});
