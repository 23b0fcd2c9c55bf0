import type { ReactNode } from "react";
import { useT } from "../i18n";
import { LanguageSwitch } from "./LanguageSwitch";

/** A centred card for sign-in, errors and "open your link again". */
export function MessagePage({
  title,
  children,
  tone = "info",
  testId,
}: {
  title: string;
  children?: ReactNode;
  tone?: "info" | "error";
  testId?: string;
}) {
  const t = useT();
  return (
    <main className={`message-page tone-${tone}`} data-testid={testId}>
      <div className="message-card" role={tone === "error" ? "alert" : undefined}>
        <div className="message-brand">
          <span>{t("app.name")}</span>
          <LanguageSwitch />
        </div>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}

export function Loading() {
  const t = useT();
  return (
    <main className="message-page">
      <p className="loading" role="status">
        {t("conn.loading")}
      </p>
    </main>
  );
}

/** A titled section of a view; feature panels render inside one. */
export function Panel({
  title,
  children,
  className,
  testId,
  actions,
}: {
  title: string;
  children: ReactNode;
  className?: string;
  testId?: string;
  actions?: ReactNode;
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ""}`} data-testid={testId} aria-label={title}>
      <div className="panel-head">
        <h2>{title}</h2>
        {actions}
      </div>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function Toast({
  message,
  onClose,
  tone = "error",
}: {
  message: string;
  onClose: () => void;
  tone?: "error" | "info";
}) {
  const t = useT();
  return (
    <div className={`toast toast-${tone}`} role="alert" data-testid="toast">
      <span>{message}</span>
      <button type="button" onClick={onClose} aria-label={t("toast.close")}>
        ×
      </button>
    </div>
  );
}
