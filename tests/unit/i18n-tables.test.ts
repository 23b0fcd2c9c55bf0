import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en";
import { localMessage, translate } from "../../client/i18n";
import { vi } from "../../client/i18n/vi";

/**
 * Common English words that have no business in a Vietnamese string. Whole words, lower case; a
 * Vietnamese sentence may still carry a proper name or an acronym (PDF, QR, SHA-256), which these miss.
 */
const ENGLISH = [
  "the", "and", "of", "to", "is", "are", "was", "not", "with", "for", "this", "that", "your", "you",
  "please", "required", "invalid", "error", "failed", "loading", "save", "cancel", "delete", "open",
  "close", "closed", "unit", "units", "vote", "votes", "score", "scores", "sign", "signed", "meeting",
  "chair", "screen", "page", "back", "next", "send", "sent", "offline", "online", "yes", "no", "none",
  "expected", "received", "string", "number", "undefined", "null", "object", "array", "npm", "run",
];
const ENGLISH_RE = new RegExp(`(^|[^\\p{L}])(${ENGLISH.join("|")})(?=$|[^\\p{L}])`, "iu");

/** The text a reader sees: placeholders ({name}) and anything in backticks or a URL are not words. */
function words(text: string): string {
  return text.replace(/\{\w+\}/g, " ").replace(/https?:\/\/\S+/g, " ").replace(/`[^`]*`/g, " ");
}

describe("the string tables", () => {
  it("have the same keys in Vietnamese and English", () => {
    const viKeys = Object.keys(vi).sort();
    const enKeys = Object.keys(en).sort();
    expect(enKeys.filter((k) => !(k in vi))).toEqual([]);
    expect(viKeys.filter((k) => !(k in en))).toEqual([]);
  });

  it("use the same placeholders in both languages", () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differ = Object.keys(vi).filter((k) => JSON.stringify(holes(vi[k as keyof typeof vi])) !== JSON.stringify(holes(en[k as keyof typeof vi])));
    expect(differ).toEqual([]);
  });

  it("have no English word in a Vietnamese string", () => {
    const english = Object.entries(vi)
      .filter(([, text]) => ENGLISH_RE.test(words(text)))
      .map(([key, text]) => `${key}: ${text}`);
    expect(english).toEqual([]);
  });

  it("have no empty string and no internal id or command in either language", () => {
    const bad = [...Object.entries(vi), ...Object.entries(en)]
      .filter(([, text]) => !text.trim() || /\bnpm (run|test)\b|\bpoll:[a-z]|\bpledge-\d/.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(bad).toEqual([]);
  });

  it("catches English in a Vietnamese string (the check itself)", () => {
    expect(ENGLISH_RE.test(words("Required"))).toBe(true);
    expect(ENGLISH_RE.test(words("Đang tải {unit}…"))).toBe(false);
    expect(ENGLISH_RE.test(words("Mã QR dẫn tới trang kiểm tra PDF"))).toBe(false);
  });
});

/**
 * Every refusal the server writes for people (Refusal, DomainError, conflict(…), a `message:` in an
 * error body) as a string or template literal in server/: Vietnamese first — the text outside the
 * parentheses, where the English and the technical details go, has Vietnamese letters and none of
 * the common English words. Read from the source, so a new English-only refusal fails here.
 */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
/** Where a refusal's message literal starts: the constructor or helper, or a `message:` key. */
const REFUSAL_RE = /(?:new (?:Refusal|DomainError)\(\s*[\w.]+\s*,\s*|\b(?:conflict|forbidden|notFound|badRequest)\(\s*|\bmessage:\s*)(?=[`"])/g;

function serverFiles(dir = "server"): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? serverFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/**
 * Reads the string or template literal at `start`: its whole source (nested templates included) and
 * its text with every interpolation left out.
 */
function readLiteral(src: string, start: number): { source: string; text: string } {
  const quote = src[start]!;
  let i = start + 1;
  let text = "";
  while (i < src.length && src[i] !== quote) {
    if (src[i] === "\\") {
      text += src.slice(i, i + 2);
      i += 2;
    } else if (quote === "`" && src.startsWith("${", i)) {
      // Skip the interpolation, with its braces, strings and templates.
      let depth = 0;
      for (; i < src.length; i++) {
        const c = src[i]!;
        if (c === "{") depth++;
        else if (c === "}" && --depth === 0) break;
        else if (c === "`" || c === '"' || c === "'") i = readLiteralEnd(src, i);
      }
      i++;
      text += " ";
    } else text += src[i++];
  }
  return { source: src.slice(start, i + 1), text };
}

function readLiteralEnd(src: string, at: number): number {
  if (src[at] === "`") return at + readLiteral(src, at).source.length - 1;
  const q = src[at]!;
  let i = at + 1;
  while (i < src.length && src[i] !== q) i += src[i] === "\\" ? 2 : 1;
  return i;
}

/** The part a Vietnamese reader reads first: parenthesised text (the English, details) removed. */
function vietnamesePart(text: string): string {
  let out = text;
  for (let prev = ""; prev !== out; ) {
    prev = out;
    out = out.replace(/\([^()]*\)/g, " ");
  }
  return out;
}

describe("the server's refusal messages", () => {
  const found = serverFiles().flatMap((file) => {
    const src = fs.readFileSync(file, "utf8");
    return [...src.matchAll(REFUSAL_RE)].map((m) => {
      const lit = readLiteral(src, m.index + m[0].length);
      return { where: `${file}:${src.slice(0, m.index).split("\n").length}`, literal: lit.source, text: lit.text };
    });
  });

  it("are found in the source (the scan itself works)", () => {
    expect(found.length).toBeGreaterThan(80);
    expect(found.some((f) => f.where.startsWith(path.join("server", "scores")))).toBe(true);
  });

  it("say it in Vietnamese first, the English in parentheses after", () => {
    const bad = found
      .filter(({ text }) => {
        const vi = vietnamesePart(text);
        return !VIETNAMESE.test(vi) || ENGLISH_RE.test(words(vi));
      })
      .map(({ where, literal }) => `${where}: ${literal.slice(0, 100)}`);
    expect(bad).toEqual([]);
  });

  it("tell an English-only refusal from a Vietnamese one (the check itself)", () => {
    const judge = (lit: string) => {
      const vi = vietnamesePart(readLiteral(lit, 0).text);
      return VIETNAMESE.test(vi) && !ENGLISH_RE.test(words(vi));
    };
    expect(judge('"The score table is locked."')).toBe(false);
    expect(judge("`No unit has code ${code}.`")).toBe(false);
    expect(judge('"Bảng điểm đã khóa. (The score table is locked.)"')).toBe(true);
    expect(judge("`Không có đơn vị mã ${code}. (No unit has code ${code}.)`")).toBe(true);
    expect(judge('"Bảng điểm đã closed."')).toBe(false);
    // A nested template in the details does not end the literal early.
    expect(judge("`Dữ liệu không hợp lệ. (Bad: ${issues.map((i) => `${i.path} ${i.message}`).join(\"; \")})`")).toBe(true);
    expect(judge("`${issues.map((i) => `Dòng ${i.path}`).join(\"; \")} is not valid`")).toBe(false);
    expect(readLiteral("`a ${f(`b`)} c` + rest", 0).source).toBe("`a ${f(`b`)} c`");
  });
});

describe("a server refusal in the reader's language", () => {
  // prettier-ignore
  it.each<[string, string, string]>([
    ["Bảng điểm đã khóa. (The score table is locked.)",                       "Bảng điểm đã khóa.",                "The score table is locked."],
    ["Dữ liệu gửi lên không hợp lệ. (Malformed agenda:goto: index (number) too small)", "Dữ liệu gửi lên không hợp lệ.", "Malformed agenda:goto: index (number) too small"],
    ["Trưởng cụm mới (Ban Dân tộc) ký trước. (The new head (Ban Dân tộc) signs first.)", "Trưởng cụm mới (Ban Dân tộc) ký trước.", "The new head (Ban Dân tộc) signs first."],
    ["Chỉ tiếng Việt, không ngoặc.",                                          "Chỉ tiếng Việt, không ngoặc.",      "Chỉ tiếng Việt, không ngoặc."],
    ["(chỉ ngoặc)",                                                          "(chỉ ngoặc)",                       "(chỉ ngoặc)"],
  ])("%s", (message, vi, en) => {
    expect(localMessage(message, "vi")).toBe(vi);
    expect(localMessage(message, "en")).toBe(en);
  });

  it("is applied to every {message} a string table fills in", () => {
    expect(translate("vi", "chair.failed", { message: "Bảng điểm đã khóa. (The score table is locked.)" })).toBe("Không thực hiện được: Bảng điểm đã khóa.");
  });
});
