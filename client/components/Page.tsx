import { useEffect, useRef } from "react";
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

/** How long a toast stays: an error long enough to read twice, a note briefly. */
const TOAST_ERROR_MS = 12_000;
const TOAST_INFO_MS = 6_000;

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
  // A toast closes by itself after a while (longer for an error); the × closes it at once.
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    const timer = setTimeout(() => closeRef.current(), tone === "error" ? TOAST_ERROR_MS : TOAST_INFO_MS);
    return () => clearTimeout(timer);
  }, [message, tone]);
  return (
    <div className={`toast toast-${tone}`} role="alert" data-testid="toast">
      <span>{message}</span>
      <button type="button" onClick={onClose} aria-label={t("toast.close")}>
        ×
      </button>
    </div>
  );
}
