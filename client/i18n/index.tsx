import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { formatScore as formatScoreShared } from "../../shared/scoring/format";
import { vi, type MessageKey } from "./vi";

export type { MessageKey } from "./vi";
export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];

/**
 * Vietnamese ships with the first chunk; English is a chunk of its own, fetched when the switch (or
 * a stored choice) asks for it. Until it arrives a string shows in Vietnamese.
 */
const TABLES: Record<Lang, Record<MessageKey, string> | null> = { vi, en: null };
let englishLoading: Promise<void> | null = null;

/** Fetches the English table once; resolves when t() can answer in English. */
export function loadEnglish(): Promise<void> {
  englishLoading ??= import("./en").then((m) => {
    TABLES.en = m.en;
  });
  return englishLoading;
}
const LANG_KEY = "concord.lang";

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Vietnamese number format ("1.234"), or English. */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === "vi" ? "vi-VN" : "en-GB").format(n);
}

/** A score always with one decimal: "99,5" / "99.5". */
export function formatScore(n: number, lang: Lang): string {
  return formatScoreShared(n, lang);
}

/** "2022-01-14" → "14/01/2022" (vi) or "14 January 2022" (en). Dates are calendar days, so UTC. */
export function formatDate(isoDay: string, lang: Lang): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDay;
  const opts: Intl.DateTimeFormatOptions =
    lang === "vi"
      ? { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }
      : { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(lang === "vi" ? "vi-VN" : "en-GB", opts).format(d);
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = (TABLES[lang] ?? vi)[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === "number") return formatNumber(v, lang);
    // A {message} is the server's (or the connection's) refusal: said in the reader's language.
    return name === "message" ? localMessage(v, lang) : v;
  });
}

/**
 * The reader's half of a refusal written "Vietnamese. (English.)" (docs/protocol.md): the text before
 * the last bracket that closes the message, or what is inside it. Anything else is shown as it is.
 */
export function localMessage(message: string, lang: Lang): string {
  const text = message.trim();
  if (!text.endsWith(")")) return message;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ")") depth++;
    else if (text[i] === "(" && --depth === 0) {
      const vi = text.slice(0, i).trim();
      const en = text.slice(i + 1, -1).trim();
      if (!vi || !en) return message;
      return lang === "en" ? en : vi;
    }
  }
  return message;
}

function storedLang(): Lang {
  try {
    const v = localStorage.getItem(LANG_KEY);
    return v === "en" ? "en" : "vi";
  } catch {
    return "vi";
  }
}

interface LangContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** False while the chosen language's table is still on its way (English, fetched on demand). */
  ready: boolean;
}

const LangContext = createContext<LangContextValue>({ lang: "vi", setLang: () => {}, ready: true });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const [, setLoaded] = useState(0);
  useEffect(() => {
    document.documentElement.lang = lang;
    if (lang === "en" && !TABLES.en) void loadEnglish().then(() => setLoaded((n) => n + 1));
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  const ready = lang === "vi" || TABLES.en !== null;
  // Consumers re-render when the English table arrives (the memo key changes with it).
  const value = useMemo(() => ({ lang, setLang, ready }), [lang, setLang, ready]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}

/** t(key, params) in the current language; numbers in params are formatted for it. */
export function useT(): Translate {
  const { lang, ready } = useLang();
  // `ready` in the deps: a new t() once English arrives, so memoised text is made again.
  return useCallback<Translate>((key, params) => translate(lang, key, params), [lang, ready]);
}
