import { useState } from "react";
import { useT } from "../../i18n";

/** sessionStorage, not localStorage: the admin token leaves with the browser tab. */
const TOKEN_KEY = "concord.adminToken";

export function loadAdminToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveAdminToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage blocked: the token lasts as long as the page.
  }
}

/** The admin token, hidden by default, with where to find it. */
export function TokenField({
  token,
  onToken,
  tokenFile,
}: {
  token: string;
  onToken: (token: string) => void;
  tokenFile: string;
}) {
  const t = useT();
  const [shown, setShown] = useState(false);
  return (
    <section className="panel setup-token" aria-label={t("setup.token.label")}>
      <div className="panel-body setup-token-body">
        <label className="field setup-token-field">
          <span>{t("setup.token.label")}</span>
          <span className="setup-token-input">
            <input
              type={shown ? "text" : "password"}
              value={token}
              onChange={(e) => onToken(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              data-testid="admin-token"
            />
            <button type="button" className="btn" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
              {shown ? t("setup.token.hide") : t("setup.token.show")}
            </button>
          </span>
        </label>
        <p className="hint">{t("setup.token.hint", { file: tokenFile })}</p>
      </div>
    </section>
  );
}
