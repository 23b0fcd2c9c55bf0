/**
 * Where feature panels plug in. To add the score table, votes or the pledge, replace the
 * placeholder Component of its entry (or add an entry); the views render these lists in order.
 */
import { ChairPolls } from "./polls/ChairPolls";
import { DelegatePolls } from "./polls/DelegatePolls";
import { PollScreen } from "./polls/PollScreen";
import { ChairScores } from "./scores/ChairScores";
import { DelegateScores } from "./scores/DelegateScores";
import { ScoresScreen } from "./scores/ScoresScreen";
import { ChairPledge } from "./pledge/ChairPledge";
import { DelegatePledge } from "./pledge/DelegatePledge";
import { PledgeScreen } from "./pledge/PledgeScreen";
import type { FeaturePanel, ScreenPanels } from "./types";
import { AgendaScreen, AttendanceScreen, WelcomeScreen } from "./screen/panels";

/** Delegate tablet, below the current agenda item. */
export const DELEGATE_PANELS: FeaturePanel[] = [
  { id: "scores", titleKey: "panel.scores", Component: DelegateScores },
  { id: "votes", titleKey: "panel.votes", Component: DelegatePolls },
  { id: "pledge", titleKey: "panel.pledge", Component: DelegatePledge },
];

/** Chair console, below agenda / screen / roll call. */
export const CHAIR_PANELS: FeaturePanel[] = [
  { id: "scores", titleKey: "panel.scores", Component: ChairScores },
  { id: "votes", titleKey: "panel.votes", Component: ChairPolls },
  { id: "pledge", titleKey: "panel.pledge", Component: ChairPledge },
];

/** Big screen and follow view: one panel per value of state.screen (exhaustive by type). */
export const SCREEN_PANELS: ScreenPanels = {
  welcome: WelcomeScreen,
  agenda: AgendaScreen,
  attendance: AttendanceScreen,
  scores: ScoresScreen,
  poll: PollScreen,
  pledge: PledgeScreen,
};
