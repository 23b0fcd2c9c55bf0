/**
 * Where feature panels plug in. To add the score table, votes or the pledge, replace the
 * placeholder Component of its entry (or add an entry); the views render these lists in order.
 * Each feature panel is its own chunk (lazyPanel): the delegate's first screen does not wait for the
 * chair's controls, the big screen's charts or Yjs.
 */
import { lazyPanel } from "./lazy";
// The open vote is a delegate's main task: in the first chunk.
import { DelegatePolls } from "./polls/DelegatePolls";
import type { FeaturePanel, ScreenPanels } from "./types";
import { AgendaScreen, AttendanceScreen, WelcomeScreen } from "./screen/panels";

const DelegateScores = lazyPanel(() => import("./scores/DelegateScores").then((m) => m.DelegateScores), "DelegateScores");
const DelegatePledge = lazyPanel(() => import("./pledge/DelegatePledge").then((m) => m.DelegatePledge), "DelegatePledge");
const ChairScores = lazyPanel(() => import("./scores/ChairScores").then((m) => m.ChairScores), "ChairScores");
const ChairPolls = lazyPanel(() => import("./polls/ChairPolls").then((m) => m.ChairPolls), "ChairPolls");
const ChairPledge = lazyPanel(() => import("./pledge/ChairPledge").then((m) => m.ChairPledge), "ChairPledge");
const ScoresScreen = lazyPanel(() => import("./scores/ScoresScreen").then((m) => m.ScoresScreen), "ScoresScreen");
const PollScreen = lazyPanel(() => import("./polls/PollScreen").then((m) => m.PollScreen), "PollScreen");
const PledgeScreen = lazyPanel(() => import("./pledge/PledgeScreen").then((m) => m.PledgeScreen), "PledgeScreen");
// The discussion (issue 15): pdf.js comes only with the documents panel and the document screen.
const DelegateSpeak = lazyPanel(() => import("./discussion/SpeakPanels").then((m) => m.DelegateSpeak), "DelegateSpeak");
const ChairSpeakers = lazyPanel(() => import("./discussion/SpeakPanels").then((m) => m.ChairSpeakers), "ChairSpeakers");
const DocumentsPanel = lazyPanel(() => import("./discussion/DocumentsPanel").then((m) => m.DocumentsPanel), "DocumentsPanel");
const ProposalsByUnit = lazyPanel(() => import("./discussion/ProposalsByUnit").then((m) => m.ProposalsByUnit), "ProposalsByUnit");
const SpeakerScreen = lazyPanel(() => import("./discussion/ScreenPanels").then((m) => m.SpeakerScreen), "SpeakerScreen");
const DocumentScreen = lazyPanel(() => import("./discussion/ScreenPanels").then((m) => m.DocumentScreen), "DocumentScreen");

/** Delegate tablet, below the current agenda item. */
export const DELEGATE_PANELS: FeaturePanel[] = [
  { id: "scores", titleKey: "panel.scores", Component: DelegateScores },
  { id: "votes", titleKey: "panel.votes", Component: DelegatePolls },
  { id: "pledge", titleKey: "panel.pledge", Component: DelegatePledge },
  { id: "speak", titleKey: "panel.speak", Component: DelegateSpeak },
  { id: "documents", titleKey: "panel.documents", Component: DocumentsPanel },
];

/** Chair console, below agenda / screen / roll call. */
export const CHAIR_PANELS: FeaturePanel[] = [
  { id: "scores", titleKey: "panel.scores", Component: ChairScores },
  { id: "votes", titleKey: "panel.votes", Component: ChairPolls },
  { id: "pledge", titleKey: "panel.pledge", Component: ChairPledge },
  { id: "proposals", titleKey: "panel.proposals", Component: ProposalsByUnit },
  { id: "speakers", titleKey: "panel.speakers", Component: ChairSpeakers },
  { id: "documents", titleKey: "panel.documents", Component: DocumentsPanel },
];

/** Big screen and follow view: one panel per value of state.screen (exhaustive by type). */
export const SCREEN_PANELS: ScreenPanels = {
  welcome: WelcomeScreen,
  agenda: AgendaScreen,
  attendance: AttendanceScreen,
  scores: ScoresScreen,
  poll: PollScreen,
  pledge: PledgeScreen,
  speaker: SpeakerScreen,
  document: DocumentScreen,
};
