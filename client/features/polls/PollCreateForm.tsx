import { useState } from "react";
import type { MeetingRules, VoteBase } from "../../../shared/definition/schema";
import { EVENTS } from "../../../shared/protocol/events";
import type { PollView } from "../../../shared/protocol/polls";
import type { Visibility } from "../../../shared/voting/poll";
import { describeShare } from "../../../shared/voting/share";
import { useLang, useT } from "../../i18n";
import type { LiveMeeting } from "../../views/gates";
import { BASE_KEY, thresholdText, unitShort, VISIBILITY_KEY } from "./labels";
import { createPayload, defaultCandidates, electedHead, PRESETS, THRESHOLDS, type Preset } from "./presets";

interface Props {
  meeting: LiveMeeting;
  polls: readonly PollView[];
  rules: MeetingRules | null;
  onResult: (message: string | null) => void;
}

const isBase = (b: string): b is VoteBase => b === "members" || b === "present" || b === "valid";

/** Creates a draft from one of the conference's four votes; title, candidates, form and rule can be changed. */
export function PollCreateForm({ meeting, polls, rules, onResult }: Props) {
  const t = useT();
  const { lang } = useLang();
  const { state } = meeting;
  const year = state.cluster.year;
  const [preset, setPreset] = useState<Preset | null>(null);
  const [title, setTitle] = useState("");
  const [visibility, setVisibility] = useState<Visibility>("secret");
  const [candidates, setCandidates] = useState<string[]>([]);
  const [threshold, setThreshold] = useState("");
  const [base, setBase] = useState("");
  const [busy, setBusy] = useState(false);

  const order = state.scores.ranking ?? state.units.map((u) => u.code);
  const excluded = preset?.subject === "deputy" ? [electedHead(polls)].filter((u): u is string => !!u) : [];
  const choose = (p: Preset) => {
    setPreset(p);
    setTitle(t(p.titleKey, { year: String(p.subject === "ranking" ? year : year + 1) }));
    setVisibility(p.visibility);
    setCandidates(defaultCandidates(p, state, polls));
    setThreshold("");
    setBase("");
  };
  const toggle = (u: string) => setCandidates((c) => (c.includes(u) ? c.filter((x) => x !== u) : [...c, u]));
  const submit = async () => {
    if (!preset) return;
    setBusy(true);
    const res = await meeting.send(EVENTS.POLL_CREATE, createPayload(preset, { title, visibility, candidates, excluded, threshold, base, order }));
    setBusy(false);
    if (!res.ok) return onResult(t("polls.chair.refused", { message: res.error.message }));
    onResult(null);
    setPreset(null);
  };
  const rulesText = rules ? thresholdText(t, lang, rules.threshold, rules.base) : "…";

  return (
    <div className="poll-create" data-testid="poll-create">
      <div className="segmented" role="group" aria-label={t("polls.chair.new")}>
        {PRESETS.map((p) => (
          <button key={p.id} type="button" className={preset?.id === p.id ? "active" : ""} onClick={() => choose(p)} data-testid={`poll-preset-${p.id}`}>
            {t(p.labelKey)}
          </button>
        ))}
      </div>
      {preset && (
        <form
          className="poll-create-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label className="poll-field wide">
            <span>{t("polls.chair.titleLabel")}</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} data-testid="poll-title-input" />
          </label>
          {preset.kind !== "motion" && (
            <fieldset className="poll-field wide">
              <legend>{t("polls.chair.candidates")}</legend>
              {preset.subject === "ranking" && !state.scores.ranking && <p className="hint">{t("polls.chair.notLocked")}</p>}
              <div className="poll-unit-picks">
                {order
                  .filter((u) => !excluded.includes(u))
                  .map((u, i) => (
                    <label key={u} className={`poll-pick${candidates.includes(u) ? " on" : ""}`}>
                      <input type="checkbox" checked={candidates.includes(u)} onChange={() => toggle(u)} />
                      {state.scores.ranking && <span className="poll-rank">{i + 1}</span>}
                      {unitShort(state, u)}
                    </label>
                  ))}
              </div>
              {excluded.length > 0 && <p className="hint">{t("polls.chair.excluded", { units: excluded.map((u) => unitShort(state, u)).join(", ") })}</p>}
            </fieldset>
          )}
          <label className="poll-field">
            <span>{t("polls.chair.visibility")}</span>
            <select value={visibility} onChange={(e) => setVisibility(e.target.value as Visibility)} data-testid="poll-visibility">
              {(["open", "secret"] as const).map((v) => (
                <option key={v} value={v}>
                  {t(VISIBILITY_KEY[v])}
                </option>
              ))}
            </select>
          </label>
          <label className="poll-field">
            <span>{t("polls.chair.threshold")}</span>
            <select value={threshold} onChange={(e) => setThreshold(e.target.value)} data-testid="poll-threshold">
              <option value="">{t("polls.chair.rules", { rule: rules ? describeShare(rules.threshold, lang) : "…" })}</option>
              {Object.entries(THRESHOLDS).map(([id, rule]) => (
                <option key={id} value={id}>
                  {describeShare(rule, lang)}
                </option>
              ))}
            </select>
          </label>
          <label className="poll-field">
            <span>{t("polls.chair.base")}</span>
            <select value={base} onChange={(e) => setBase(e.target.value)} data-testid="poll-base">
              <option value="">{t("polls.chair.rules", { rule: rules ? t(BASE_KEY[rules.base]) : "…" })}</option>
              {(["members", "present", "valid"] as const).map((b) => (
                <option key={b} value={b}>
                  {t(BASE_KEY[b])}
                </option>
              ))}
            </select>
          </label>
          <p className="hint wide">
            {threshold || base
              ? thresholdText(t, lang, THRESHOLDS[threshold] ?? rules?.threshold ?? THRESHOLDS.gt12!, isBase(base) ? base : (rules?.base ?? "members"))
              : rulesText}
          </p>
          <div className="btn-row wide">
            <button type="submit" className="btn btn-primary" disabled={busy || !meeting.state || meeting.connection !== "connected"} data-testid="poll-create-submit">
              {t("polls.chair.create")}
            </button>
            <button type="button" className="btn" onClick={() => setPreset(null)}>
              {t("polls.chair.cancel")}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
