import { lazy, Suspense } from "react";
import { MessagePage } from "./components/Page";
import { useT } from "./i18n";
import { parseRoute, usePathname, type Route } from "./router";
import { DelegateView } from "./views/DelegateView";
import { JoinView } from "./views/JoinView";

/*
 * The delegate's tablet (and the join link that leads to it) is in the first chunk; every other view
 * is its own chunk, fetched when its route is opened, so a tablet on the hall's Wi-Fi starts fast.
 */
const ChairView = lazy(() => import("./views/ChairView").then((m) => ({ default: m.ChairView })));
const ScreenView = lazy(() => import("./views/ScreenView").then((m) => ({ default: m.ScreenView })));
const FollowView = lazy(() => import("./views/FollowView").then((m) => ({ default: m.FollowView })));
const CardsView = lazy(() => import("./views/CardsView").then((m) => ({ default: m.CardsView })));
const JournalView = lazy(() => import("./views/JournalView").then((m) => ({ default: m.JournalView })));
const SetupView = lazy(() => import("./views/SetupView").then((m) => ({ default: m.SetupView })));
const AdminView = lazy(() => import("./views/admin/AdminView").then((m) => ({ default: m.AdminView })));
const ResultsView = lazy(() => import("./views/admin/ResultsView").then((m) => ({ default: m.ResultsView })));
const VerifyView = lazy(() => import("./views/VerifyView").then((m) => ({ default: m.VerifyView })));
const EmbedView = lazy(() => import("./views/embed/EmbedView").then((m) => ({ default: m.EmbedView })));

export function App() {
  const route = parseRoute(usePathname());
  return (
    <Suspense fallback={<Loading />}>
      <RouteView route={route} />
    </Suspense>
  );
}

/** While a view's chunk loads (a fraction of a second on the LAN). */
function Loading() {
  const t = useT();
  return (
    <div className="page-loading" role="status" data-testid="view-loading">
      {t("conn.loading")}
    </div>
  );
}

function RouteView({ route }: { route: Route }) {
  const t = useT();
  switch (route.name) {
    case "home":
      return (
        <MessagePage title={t("home.title")}>
          <p>{t("home.body")}</p>
          <p>
            <a href="/admin">{t("home.setup")}</a>
          </p>
        </MessagePage>
      );
    case "join":
      return <JoinView key={route.token} token={route.token} />;
    case "view": {
      // key: a different meeting or view mounts afresh (new socket, new token).
      const k = `${route.meetingId}/${route.view}`;
      switch (route.view) {
        case "delegate":
          return <DelegateView key={k} meetingId={route.meetingId} />;
        case "chair":
          return <ChairView key={k} meetingId={route.meetingId} />;
        case "screen":
          return <ScreenView key={k} meetingId={route.meetingId} />;
        case "follow":
          return <FollowView key={k} meetingId={route.meetingId} />;
        case "cards":
          return <CardsView key={k} meetingId={route.meetingId} />;
      }
      break;
    }
    case "journal":
      return <JournalView key={route.meetingId} meetingId={route.meetingId} />;
    case "setup":
      return <SetupView />;
    case "admin":
      return <AdminView />;
    case "adminResults":
      return <ResultsView />;
    case "verify":
      return <VerifyView key={route.meetingId} meetingId={route.meetingId} />;
    case "embed":
      return <EmbedView key={route.meetingId} meetingId={route.meetingId} />;
    case "notFound":
      return (
        <MessagePage title={t("notfound.title")} tone="error">
          <p>{t("notfound.body")}</p>
        </MessagePage>
      );
  }
}
