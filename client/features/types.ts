import type { ComponentType } from "react";
import type { MeetingState, ScreenView } from "../../shared/protocol/meeting";
import type { MessageKey } from "../i18n";
import type { StoredSession } from "../lib/sessions";
import type { LiveMeeting } from "../views/gates";

/** What a feature panel gets in the delegate view and the chair console. */
export interface FeatureContext {
  /** The live meeting: connection, latest state, send(), resync(). */
  meeting: LiveMeeting;
  /** This device: token (for useYDoc), role, unit. */
  session: StoredSession;
}

/** A titled section of a view (score table, votes, pledge…). */
export interface FeaturePanel {
  id: string;
  titleKey: MessageKey;
  Component: ComponentType<FeatureContext>;
}

/** What a big-screen / follow panel gets. `variant` is "kiosk" on the projector, "follow" on phones. */
export interface ScreenPanelProps {
  state: MeetingState;
  variant: "kiosk" | "follow";
  /** The device's token, for panels that open a Yjs document (useYDoc) or fetch results. */
  token: string;
}

export type ScreenPanels = Record<ScreenView, ComponentType<ScreenPanelProps>>;
