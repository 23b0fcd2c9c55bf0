import type { CSSProperties } from "react";
import type { MeetingState } from "../../../shared/protocol/meeting";
import type { PollView } from "../../../shared/protocol/polls";
import type { Choice } from "../../../shared/voting/ballot";
import type { Tally } from "../../../shared/voting/tally";
import { useT, type Translate } from "../../i18n";
import { CHOICE_KEY, CHOICES, unitShort } from "./labels";

/** Up to this many rows the bars are one column; more go in two (the big screen; phones keep one). */
const ONE_COLUMN_MAX = 11;

type Segment = { choice: Choice | "votes"; n: number };
interface Row {
  id: string;
  label: string;
  segments: Segment[];
  /** Published: passed / elected (true), not (false); live: null. */
  mark: boolean | null;
}

/**
 * Horizontal bars, one per candidate (for / against / abstain stacked) or per choice, scaled to
 * the member units so a bar's length reads as a share of the cluster. Once published a line marks
 * the votes needed and each row says whether it passed.
 */
export function ResultBars({ poll, state, counts }: { poll: PollView; state: Pick<MeetingState, "units">; counts: Tally }) {
  const t = useT();
  const rows = rowsOf(t, poll, state, counts);
  const scale = Math.max(1, poll.turnout.members, ...rows.map((r) => r.segments.reduce((s, x) => s + x.n, 0)));
  const result = poll.outcome?.result;
  const needed = result && result.required <= scale ? result.required : null;
  return (
    <ul
      className={`poll-bars kind-${poll.kind}${rows.length > ONE_COLUMN_MAX ? " cols-2" : ""}`}
      style={{ "--per-col": Math.ceil(rows.length / (rows.length > ONE_COLUMN_MAX ? 2 : 1)) } as CSSProperties}
      data-testid="poll-bars"
    >
      {rows.map((r) => (
        <li key={r.id} className={r.mark === true ? "passed" : r.mark === false ? "failed" : ""} data-testid={`poll-bar-${r.id}`}>
          <span className="poll-bar-label">{r.label}</span>
          <span className="poll-bar-track" style={{ "--needed": needed === null ? "none" : `${(needed / scale) * 100}%` } as CSSProperties}>
            {r.segments.map((s) =>
              s.n > 0 ? (
                <span key={s.choice} className={`poll-bar-seg seg-${s.choice}`} style={{ width: `${(s.n / scale) * 100}%` }}>
                  {s.n}
                </span>
              ) : null,
            )}
            {needed !== null && <span className="poll-bar-needed" aria-hidden="true" />}
          </span>
          <span className="poll-bar-figures">
            {r.segments.length === 1 ? t("polls.result.votes", { n: r.segments[0]!.n }) : r.segments.map((s) => s.n).join(" · ")}
          </span>
          {r.mark !== null && (
            <span className={`poll-bar-mark ${r.mark ? "ok" : "no"}`} data-testid={`poll-mark-${r.id}`}>
              {r.mark ? `✓ ${t(poll.kind === "single_choice" ? "polls.result.elected" : "polls.result.passed")}` : poll.kind === "single_choice" ? "" : `✗ ${t("polls.result.notPassed")}`}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The legend for stacked per-candidate bars. */
export function ChoiceLegend() {
  const t = useT();
  return (
    <p className="poll-legend">
      {CHOICES.map((c) => (
        <span key={c} className={`legend-${c}`}>
          {t(CHOICE_KEY[c])}
        </span>
      ))}
    </p>
  );
}

function rowsOf(t: Translate, poll: PollView, state: Pick<MeetingState, "units">, counts: Tally): Row[] {
  const result = poll.outcome?.result;
  switch (counts.kind) {
    case "per_candidate":
      return poll.candidates.map((unit) => {
        const c = counts.candidates[unit] ?? { for: 0, against: 0, abstain: 0 };
        const passed = result?.kind === "per_candidate" ? (result.candidates.find((x) => x.unit === unit)?.passed ?? null) : null;
        return { id: unit, label: unitShort(state, unit), segments: CHOICES.map((ch) => ({ choice: ch, n: c[ch] })), mark: passed };
      });
    case "single_choice": {
      const order = result?.kind === "single_choice" ? result.ranking.map((r) => r.unit) : poll.candidates;
      const elected = result?.kind === "single_choice" && result.outcome === "elected" ? result.elected : null;
      const rows: Row[] = order.map((unit) => ({
        id: unit,
        label: unitShort(state, unit),
        segments: [{ choice: "votes", n: counts.votes[unit] ?? 0 }],
        mark: result ? unit === elected : null,
      }));
      return [...rows, { id: "abstain", label: t("polls.blank"), segments: [{ choice: "abstain", n: counts.abstain }], mark: null }];
    }
    case "motion": {
      const adopted = result?.kind === "motion" ? result.outcome === "adopted" : null;
      return CHOICES.map((ch) => ({
        id: ch,
        label: t(CHOICE_KEY[ch]),
        segments: [{ choice: ch, n: counts[ch] }],
        mark: ch === "for" ? adopted : null,
      }));
    }
  }
}
