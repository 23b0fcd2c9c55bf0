import { useState } from "react";
import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollView } from "../../../shared/protocol/polls";
import type { Ballot, Choice } from "../../../shared/voting/ballot";
import { useKeepInView } from "../../components/useKeepInView";
import { useT, type Translate } from "../../i18n";
import { CHOICE_KEY, CHOICES, unitName } from "./labels";

interface Props {
  poll: PollView;
  state: Pick<MeetingState, "units">;
  ownUnit: string;
  selfVoteAllowed: boolean;
  /** Not connected: the choice can be made, the cast waits (it is never queued silently). */
  disabled: boolean;
  onCast: (ballot: Ballot) => void;
}

/** The unit's ballot: big choices, then a confirmation step that reads the ballot back. */
export function BallotForm({ poll, state, ownUnit, selfVoteAllowed, disabled, onCast }: Props) {
  const t = useT();
  const [perCandidate, setPerCandidate] = useState<Record<string, Choice>>({});
  const [single, setSingle] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useKeepInView<HTMLDivElement>(confirming);

  const ballot: Ballot | null =
    poll.kind === "per_candidate"
      ? poll.candidates.every((c) => perCandidate[c]) ? { choices: perCandidate } : null
      : single ? { choice: single } : null;

  if (confirming && ballot)
    return (
      <div className="poll-confirm" role="group" aria-label={t("polls.ballot.confirmTitle")} data-testid="poll-confirm" ref={confirmRef}>
        <h4>{t("polls.ballot.confirmTitle")}</h4>
        <ul className="poll-summary" data-testid="poll-summary">
          {summaryLines(t, poll, state, ballot).map(([who, what]) => (
            <li key={who}>
              <span>{who}</span>
              <strong>{what}</strong>
            </li>
          ))}
        </ul>
        <div className="poll-confirm-actions">
          <button type="button" className="btn btn-xl" onClick={() => setConfirming(false)} data-testid="poll-back">
            {t("polls.ballot.back")}
          </button>
          <button
            type="button"
            className="btn btn-primary btn-xl"
            disabled={disabled}
            aria-describedby={disabled ? "poll-cast-why" : undefined}
            onClick={() => onCast(ballot)}
            data-testid="poll-cast"
          >
            {t("polls.ballot.confirm")}
          </button>
        </div>
        {disabled && (
          <p className="hint poll-disabled-why" id="poll-cast-why" data-testid="poll-cast-why">
            {t("room.disabled.offline")}
          </p>
        )}
      </div>
    );

  const done = poll.candidates.filter((c) => perCandidate[c]).length;
  return (
    <div className="poll-ballot" data-testid="poll-ballot" data-kind={poll.kind}>
      {poll.kind === "per_candidate" && (
        <>
          <p className="poll-progress" data-testid="poll-progress">
            {t("polls.ballot.pickAll", { n: done, total: poll.candidates.length })}
          </p>
          <ol className="poll-candidates">
            {poll.candidates.map((unit, i) => (
              <li key={unit} className="poll-candidate" data-testid={`poll-candidate-${unit}`}>
                <span className="poll-candidate-name">
                  <span className="poll-rank">{i + 1}</span>
                  {unitName(state, unit)}
                </span>
                <ChoiceButtons
                  value={perCandidate[unit] ?? null}
                  onChange={(c) => setPerCandidate((p) => ({ ...p, [unit]: c }))}
                  testId={`poll-choice-${unit}`}
                />
              </li>
            ))}
          </ol>
        </>
      )}
      {poll.kind === "motion" && <ChoiceButtons value={single as Choice | null} onChange={setSingle} testId="poll-choice" large />}
      {poll.kind === "single_choice" && (
        <>
          <p className="poll-progress">{t("polls.ballot.pickOne")}</p>
          <div className="poll-cards" role="radiogroup">
            {[...poll.candidates, ...poll.excluded].map((unit) => {
              const excluded = poll.excluded.includes(unit);
              const self = unit === ownUnit;
              const off = excluded || (self && !selfVoteAllowed);
              return (
                <button
                  key={unit}
                  type="button"
                  role="radio"
                  aria-checked={single === unit}
                  className={`poll-card${single === unit ? " selected" : ""}`}
                  disabled={off}
                  onClick={() => setSingle(unit)}
                  data-testid={`poll-option-${unit}`}
                >
                  <span className="poll-card-name">{unitName(state, unit)}</span>
                  {(excluded || self) && (
                    <span className="poll-card-note">{t(excluded ? "polls.ballot.excluded" : "polls.ballot.self")}</span>
                  )}
                </button>
              );
            })}
            <button
              type="button"
              role="radio"
              aria-checked={single === "abstain"}
              className={`poll-card poll-card-blank${single === "abstain" ? " selected" : ""}`}
              onClick={() => setSingle("abstain")}
              data-testid="poll-option-abstain"
            >
              <span className="poll-card-name">{t("polls.blank")}</span>
            </button>
          </div>
        </>
      )}
      <button
        type="button"
        className="btn btn-primary btn-xl poll-next"
        disabled={!ballot}
        aria-describedby={!ballot ? "poll-next-why" : undefined}
        onClick={() => setConfirming(true)}
        data-testid="poll-next"
      >
        {t("polls.ballot.next")}
      </button>
      {!ballot && (
        <p className="hint poll-disabled-why" id="poll-next-why">
          {t(poll.kind === "per_candidate" ? "room.disabled.pickAll" : "room.disabled.pickOne")}
        </p>
      )}
    </div>
  );
}

function ChoiceButtons({
  value,
  onChange,
  testId,
  large,
}: {
  value: Choice | null;
  onChange: (c: Choice) => void;
  testId: string;
  large?: boolean;
}) {
  const t = useT();
  return (
    <div className={`poll-choices${large ? " large" : ""}`} role="radiogroup">
      {CHOICES.map((c) => (
        <button
          key={c}
          type="button"
          role="radio"
          aria-checked={value === c}
          className={`poll-choice choice-${c}${value === c ? " selected" : ""}`}
          onClick={() => onChange(c)}
          data-testid={`${testId}-${c}`}
        >
          {t(CHOICE_KEY[c])}
        </button>
      ))}
    </div>
  );
}

/** The ballot read back: [who, what] per line. */
export function summaryLines(t: Translate, poll: PollView, state: Pick<MeetingState, "units">, ballot: Ballot): [string, string][] {
  if ("choices" in ballot) return poll.candidates.map((u) => [unitName(state, u), t(CHOICE_KEY[ballot.choices[u]!])]);
  if (poll.kind === "motion") return [[poll.title, t(CHOICE_KEY[ballot.choice as Choice])]];
  return [[poll.title, ballot.choice === "abstain" ? t("polls.blank") : unitName(state, ballot.choice)]];
}
