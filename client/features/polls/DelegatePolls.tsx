import { useT } from "../../i18n";
import { useDefinition } from "../scores/useDefinition";
import type { FeatureContext } from "../types";
import { DelegatePoll } from "./DelegatePoll";
import { usePolls } from "./usePolls";

/** The votes panel of a unit's tablet: open polls first (the ballot), then the others, newest first. */
export function DelegatePolls({ meeting, session }: FeatureContext) {
  const t = useT();
  const polls = usePolls(session.token);
  const definition = useDefinition(session.token);
  const unit = session.session.unit;
  const shown = polls.list
    .filter((p) => p.state !== "draft")
    .sort((a, b) => Number(b.state === "open") - Number(a.state === "open") || b.createdAt - a.createdAt);
  if (!unit) return null;
  return (
    <div className="polls-delegate" data-testid="polls-delegate">
      {shown.length === 0 && <p className="hint">{t("polls.none")}</p>}
      {shown.map((p) => (
        <DelegatePoll
          key={p.id}
          poll={p}
          polls={polls}
          state={meeting.state}
          unit={unit}
          token={session.token}
          selfVoteAllowed={definition?.rules.selfVoteAllowed ?? true}
        />
      ))}
    </div>
  );
}
