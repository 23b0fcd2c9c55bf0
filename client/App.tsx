import { MessagePage } from "./components/Page";
import { useT } from "./i18n";
import { parseRoute, usePathname, type Route } from "./router";
import { CardsView } from "./views/CardsView";
import { ChairView } from "./views/ChairView";
import { DelegateView } from "./views/DelegateView";
import { FollowView } from "./views/FollowView";
import { JoinView } from "./views/JoinView";
import { JournalView } from "./views/JournalView";
import { ScreenView } from "./views/ScreenView";
import { SetupView } from "./views/SetupView";
import { VerifyView } from "./views/VerifyView";

export function App() {
  const route = parseRoute(usePathname());
  return <RouteView route={route} />;
}

function RouteView({ route }: { route: Route }) {
  const t = useT();
  switch (route.name) {
    case "home":
      return (
        <MessagePage title={t("home.title")}>
          <p>{t("home.body")}</p>
          <p>
            <a href="/setup">{t("home.setup")}</a>
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
    case "verify":
      return <VerifyView key={route.meetingId} meetingId={route.meetingId} />;
    case "notFound":
      return (
        <MessagePage title={t("notfound.title")} tone="error">
          <p>{t("notfound.body")}</p>
        </MessagePage>
      );
  }
}
