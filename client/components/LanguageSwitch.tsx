import { LANGS, useLang, useT } from "../i18n";

export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT();
  return (
    <div className="lang-switch" role="group" aria-label={t("lang.label")}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className={l === lang ? "active" : ""}
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
          lang={l}
          title={t(l === "vi" ? "lang.vi" : "lang.en")}
        >
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
