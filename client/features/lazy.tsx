import { Component, lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { useT } from "../i18n";

/**
 * A panel whose code (and the libraries only it needs: Yjs for the score table and the pledge) is a
 * chunk of its own, fetched right after the view first renders. Views render it like any component;
 * until the chunk arrives it says it is loading. A chunk that cannot be fetched (a tablet started
 * offline before the service worker had it) leaves a note in the panel, not a blank page, and is
 * fetched again when the network is back.
 */
export function lazyPanel<P extends object>(load: () => Promise<ComponentType<P>>, name: string): ComponentType<P> {
  const make = () => lazy(async () => ({ default: await load() }));
  // React.lazy keeps a rejected import for good: a retry needs a new one.
  let Lazy = make();
  const Panel = (props: P) => (
    <ChunkBoundary retry={() => (Lazy = make())}>
      {() => (
        <Suspense fallback={<PanelLoading />}>
          <Lazy {...props} />
        </Suspense>
      )}
    </ChunkBoundary>
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

function PanelUnavailable() {
  const t = useT();
  return (
    <p className="muted" role="status" data-testid="panel-unavailable">
      {t("room.offline.panel")}
    </p>
  );
}

/** Catches a panel chunk that failed to load; tries again on the browser's "online" event. */
class ChunkBoundary extends Component<{ retry: () => void; children: () => ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  private readonly onOnline = () => {
    this.props.retry();
    this.setState({ failed: false });
  };

  override componentDidUpdate(_: unknown, prev: { failed: boolean }): void {
    if (this.state.failed && !prev.failed) window.addEventListener("online", this.onOnline, { once: true });
  }

  override componentWillUnmount(): void {
    window.removeEventListener("online", this.onOnline);
  }

  override render(): ReactNode {
    return this.state.failed ? <PanelUnavailable /> : this.props.children();
  }
}
