import { lazy, Suspense, type ComponentType } from "react";
import { useT } from "../i18n";

/**
 * A panel whose code (and the libraries only it needs: Yjs for the score table and the pledge) is a
 * chunk of its own, fetched right after the view first renders. Views render it like any component;
 * until the chunk arrives it says it is loading.
 */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>, name: string): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  const Panel = (props: P) => (
    <Suspense fallback={<PanelLoading />}>
      <Lazy {...props} />
    </Suspense>
  );
  Panel.displayName = `Lazy(${name})`;
  return Panel;
}

function PanelLoading() {
  const t = useT();
  return (
    <p className="muted" role="status">
      {t("conn.loading")}
    </p>
  );
}
