import { useState } from "react";
import { isOrganiser } from "../../../shared/protocol/roles";
import { EVENTS } from "../../../shared/protocol/events";
import { Toast } from "../../components/Page";
import { useT } from "../../i18n";
import { useDefinition } from "../scores/useDefinition";
import type { FeatureContext } from "../types";
import { PollControl } from "./PollControl";
import { PollCreateForm } from "./PollCreateForm";
import { usePolls } from "./usePolls";

/** The chair console's votes: create from the conference's presets, then drive each poll. */
export function ChairPolls({ meeting, session }: FeatureContext) {
  const t = useT();
  const polls = usePolls(session.token);
  const definition = useDefinition(session.token);
  const [message, setMessage] = useState<string | null>(null);
  const { state } = meeting;
  const organiser = isOrganiser(session.session.role);
  const newestFirst = [...polls.list].reverse();

  return (
    <div className="polls-chair" data-testid="polls-chair">
      <div className="polls-chair-head">
        <p className={`poll-quorum ${state.quorum.met ? "ok" : "bad"}`} data-testid="poll-quorum">
          {t("polls.chair.quorum", { present: state.quorum.present, members: state.quorum.members, required: state.quorum.required })}
        </p>
        {state.screen !== "poll" && organiser && (
          <button type="button" className="btn" onClick={() => void meeting.send(EVENTS.SCREEN_SHOW, { view: "poll" })} data-testid="poll-show-screen">
            {t("polls.chair.show")}
          </button>
        )}
      </div>
      {organiser && <PollCreateForm meeting={meeting} polls={polls.list} rules={definition?.rules ?? null} onResult={setMessage} />}
      {polls.ready && newestFirst.length === 0 && <p className="hint">{t("polls.chair.empty")}</p>}
      <div className="poll-list">
        {newestFirst.map((p) => (
          <PollControl key={p.id} poll={p} pending={polls.pending[p.id]} meeting={meeting} onResult={setMessage} />
        ))}
      </div>
      {message && <Toast message={message} onClose={() => setMessage(null)} />}
    </div>
  );
}
