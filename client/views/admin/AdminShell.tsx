import type { ReactNode } from "react";
import type { AdminScope } from "../../../shared/protocol/admin";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { useT } from "../../i18n";
import "./admin.css";
import { Link } from "../../router";

export type AdminTab = "meetings" | "results" | "setup";

/** The organisers' pages: a bar with where you are, who you are, and the way between them. */
export function AdminShell({
  active,
  scope,
  onSignOut,
  children,
}: {
  active: AdminTab;
  scope: AdminScope | null;
  onSignOut?: () => void;
  children: ReactNode;
}) {
  const t = useT();
  const tab = (id: AdminTab, href: string, label: string) => (
    <Link
      href={href}
      className={`admin-tab${active === id ? " is-active" : ""}`}
      aria-current={active === id ? "page" : undefined}
      data-testid={`admin-tab-${id}`}
    >
      {label}
    </Link>
  );
  return (
    <div className="page page-admin">
      <header className="admin-bar">
        <div className="admin-bar-title">
          <strong>{t("admin.title")}</strong>
          {scope && (
            <span className="admin-bar-who" data-testid="admin-scope">
              {scope.kind === "admin"
                ? t("admin.scope.admin")
                : t("admin.scope.cluster", { label: scope.label })}
            </span>
          )}
        </div>
        <nav className="admin-tabs" aria-label={t("admin.nav")}>
          {tab("meetings", "/admin", t("admin.tab.meetings"))}
          {scope?.kind === "admin" && tab("results", "/admin/results", t("admin.tab.results"))}
          {tab("setup", "/setup", t("admin.tab.setup"))}
        </nav>
        <div className="admin-bar-side">
          <LanguageSwitch />
          {onSignOut && (
            <button type="button" className="btn btn-small" onClick={onSignOut}>
              {t("admin.signOut")}
            </button>
          )}
        </div>
      </header>
      <main className="admin-main">{children}</main>
    </div>
  );
}
