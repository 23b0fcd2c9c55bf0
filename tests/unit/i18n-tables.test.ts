import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en";
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
