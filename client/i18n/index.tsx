import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { formatScore as formatScoreShared } from "../../shared/scoring/format";
import { en } from "./en";
import { vi, type MessageKey } from "./vi";

export type { MessageKey } from "./vi";
export type Lang = "vi" | "en";
export const LANGS: readonly Lang[] = ["vi", "en"];

const TABLES: Record<Lang, Record<MessageKey, string>> = { vi, en };
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
  const text = TABLES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(v, lang) : v;
  });
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
}

const LangContext = createContext<LangContextValue>({ lang: "vi", setLang: () => {} });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangContextValue {
  return useContext(LangContext);
}

/** t(key, params) in the current language; numbers in params are formatted for it. */
export function useT(): Translate {
  const { lang } = useLang();
  return useCallback<Translate>((key, params) => translate(lang, key, params), [lang]);
}
