import { useState } from "react";
import { useT } from "../../i18n";
import type { OrganiserState } from "./useOrganiser";

/** Asks for the admin token (or says why the one given was refused). */
export function TokenGate({ state, onToken }: { state: OrganiserState; onToken: (token: string) => void }) {
  const t = useT();
  const [value, setValue] = useState("");
  return (
    <section className="panel admin-gate" aria-labelledby="admin-gate-title">
      <div className="panel-head">
        <h2 id="admin-gate-title">{t("admin.gate.title")}</h2>
      </div>
      <form
        className="panel-body admin-gate-body"
        onSubmit={(e) => {
          e.preventDefault();
          if (value.trim()) onToken(value);
        }}
      >
        <label className="field">
          <span>{t("admin.gate.label")}</span>
          <input
            type="password"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            data-testid="admin-token"
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={!value.trim()} data-testid="admin-open">
          {t("admin.gate.open")}
        </button>
        {state.status === "refused" && (
          <p className="setup-error" role="alert" data-testid="admin-refused">
            {state.code === "TOKEN_REVOKED" ? t("admin.gate.revoked") : t("admin.gate.wrong")}
          </p>
        )}
        {state.status === "network" && (
          <p className="setup-error" role="alert">
            {t("admin.gate.network")}
          </p>
        )}
        <p className="hint">{t("admin.gate.hint")}</p>
      </form>
    </section>
  );
}
