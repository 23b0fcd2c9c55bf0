import { useEffect, useState } from "react";
import { useT } from "../../i18n";

/** How long a page of the big screen stays before the next one (a page key holds it this long again). */
export const PAGE_MS = 12_000;

/**
 * Splits `count` items into pages of at most `maxPerPage`, balanced (20 → 10 + 10, not 15 + 5).
 * Pure, so the sizes are table-tested.
 */
export function pageSizes(count: number, maxPerPage: number): { pages: number; perPage: number } {
  const pages = Math.max(1, Math.ceil(count / Math.max(1, maxPerPage)));
  return { pages, perPage: Math.max(1, Math.ceil(count / pages)) };
}

/**
 * The current page of a list on the big screen: turns by itself every PAGE_MS; PageDown / → and
 * PageUp / ← (a presenter's remote) turn it at once and restart the wait.
 */
export function usePaged<T>(items: readonly T[], maxPerPage: number): { items: T[]; page: number; pages: number } {
  const { pages, perPage } = pageSizes(items.length, maxPerPage);
  const [page, setPage] = useState(0);
  const [turns, setTurns] = useState(0);
  useEffect(() => {
    if (pages <= 1) return;
    const timer = setTimeout(() => setPage((p) => (p + 1) % pages), PAGE_MS);
    return () => clearTimeout(timer);
  }, [pages, page, turns]);
  useEffect(() => {
    if (pages <= 1) return;
    const onKey = (e: KeyboardEvent) => {
      const step = e.key === "PageDown" || e.key === "ArrowRight" ? 1 : e.key === "PageUp" || e.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      e.preventDefault();
      setPage((p) => (p + step + pages) % pages);
      setTurns((n) => n + 1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [pages]);
  const current = Math.min(page, pages - 1);
  return { items: items.slice(current * perPage, (current + 1) * perPage), page: current, pages };
}

/** "Trang 1/2" with a dot per page, so the room knows more is coming. Nothing for a single page. */
export function PageIndicator({ page, pages }: { page: number; pages: number }) {
  const t = useT();
  if (pages <= 1) return null;
  return (
    <p className="sp-pages" data-testid="screen-page-indicator" data-page={page + 1} data-pages={pages}>
      <span>{t("room.page", { n: page + 1, total: pages })}</span>
      <span className="sp-pages-dots" aria-hidden="true">
        {Array.from({ length: pages }, (_, i) => (
          <span key={i} className={i === page ? "on" : ""} />
        ))}
      </span>
    </p>
  );
}
