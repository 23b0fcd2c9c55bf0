import { useState, type KeyboardEvent } from "react";
import { formatScore, parseScoreInput, toTenths, fromTenths } from "../../../shared/scoring";
import { useLang, useT, type Translate } from "../../i18n";

/** The stepper's step for group points (the cluster scores in halves and tenths). */
const STEP = 0.5;

type Check = { ok: true; value: number } | { ok: false; message: string };

function check(t: Translate, text: string, max: number): Check {
  const parsed = parseScoreInput(text);
  if (!parsed.ok) return { ok: false, message: t(`scores.err.${parsed.reason}`) };
  if (parsed.value > max) return { ok: false, message: t("scores.err.range", { max: String(max).replace(".", ",") }) };
  return parsed;
}

const clamp = (v: number, max: number) => fromTenths(Math.min(toTenths(max), Math.max(0, toTenths(v))));

export interface ScoreFieldProps {
  testId: string;
  /** What the field is, for screen readers ("G1 — tự chấm"). */
  label: string;
  max: number;
  /** The document's value; undefined = not entered. */
  value: number | undefined;
  editable: boolean;
  onCommit: (value: number) => void;
  /** Who wrote the document's value, for "Giá trị mới: 38,5 — do Sở Ngoại vụ sửa". */
  author?: string | null;
  compact?: boolean;
}

/**
 * Group points: a decimal entry with − / + steppers. What the user types stays in local state until
 * blur / Enter; a remote change while the field is dirty is shown beside it, never written over it.
 */
export function ScoreField({ testId, label, max, value, editable, onCommit, author, compact }: ScoreFieldProps) {
  const t = useT();
  const { lang } = useLang();
  const [draft, setDraft] = useState<{ text: string; base: number | undefined } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = value === undefined ? "" : formatScore(value, lang);

  if (!editable)
    return (
      <span className={`score-ro${compact ? " compact" : ""}`} data-testid={testId} aria-label={label}>
        {value === undefined ? "—" : shown}
      </span>
    );

  const commitText = () => {
    if (!draft) return;
    const c = check(t, draft.text, max);
    if (!c.ok) return setError(c.message);
    setError(null);
    setDraft(null);
    if (c.value !== value) onCommit(c.value);
  };
  const step = (dir: 1 | -1) => {
    const typed = draft ? parseScoreInput(draft.text) : null;
    const current = typed?.ok ? typed.value : value;
    // From an empty cell, − starts at full marks and + at the first step.
    const next = current === undefined ? (dir < 0 ? max : STEP) : clamp(current + dir * STEP, max);
    setDraft(null);
    setError(null);
    if (next !== value) onCommit(next);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") commitText();
    if (e.key === "Escape") {
      setDraft(null);
      setError(null);
    }
  };
  const remoteChanged = draft !== null && draft.base !== value;

  return (
    <div className={`score-field${compact ? " compact" : ""}${error ? " has-error" : ""}`}>
      <div className="score-entry">
        <button
          type="button"
          className="stepper"
          onClick={() => step(-1)}
          aria-label={t("scores.minus", { what: label })}
          data-testid={`${testId}-minus`}
        >
          −
        </button>
        <input
          className="score-input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          aria-label={label}
          aria-invalid={error ? true : undefined}
          value={draft ? draft.text : shown}
          placeholder="—"
          onChange={(e) => {
            const text = e.target.value;
            setDraft((d) => ({ text, base: d ? d.base : value }));
            // Say what is wrong while typing, except for an empty field (the user is about to type).
            const c = check(t, text, max);
            setError(c.ok || text.trim() === "" ? null : c.message);
          }}
          onBlur={commitText}
          onKeyDown={onKey}
          data-testid={testId}
          data-dirty={draft ? "true" : undefined}
        />
        <button
          type="button"
          className="stepper"
          onClick={() => step(1)}
          aria-label={t("scores.plus", { what: label })}
          data-testid={`${testId}-plus`}
        >
          +
        </button>
      </div>
      {error && (
        <p className="score-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
      {remoteChanged && (
        <p className="score-remote" role="status" data-testid={`${testId}-remote`}>
          {author
            ? t("scores.remoteBy", { value: value === undefined ? "—" : shown, who: author })
            : t("scores.remote", { value: value === undefined ? "—" : shown })}{" "}
          <button type="button" className="linklike" onMouseDown={(e) => e.preventDefault()} onClick={() => setDraft(null)}>
            {t("scores.useRemote")}
          </button>
        </p>
      )}
    </div>
  );
}

export interface CountFieldProps {
  testId: string;
  label: string;
  maxCount: number;
  value: number | undefined;
  editable: boolean;
  onCommit: (count: number) => void;
}

/** A bonus or deduction item: how many times, 0..maxCount, with − / + only (no typing needed). */
export function CountField({ testId, label, maxCount, value, editable, onCommit }: CountFieldProps) {
  const t = useT();
  const n = value ?? 0;
  if (!editable)
    return (
      <span className="score-ro count" data-testid={testId} aria-label={label}>
        {value === undefined ? "—" : `${n}×`}
      </span>
    );
  return (
    <div className="count-field" role="group" aria-label={label}>
      <button
        type="button"
        className="stepper"
        disabled={n <= 0 && value !== undefined}
        onClick={() => onCommit(Math.max(0, value === undefined ? 0 : n - 1))}
        aria-label={t("scores.minus", { what: label })}
        data-testid={`${testId}-minus`}
      >
        −
      </button>
      <output className={`count-value${value === undefined ? " unset" : ""}`} data-testid={testId}>
        {n}
        <small>/{maxCount}</small>
      </output>
      <button
        type="button"
        className="stepper"
        disabled={n >= maxCount}
        onClick={() => onCommit(Math.min(maxCount, n + 1))}
        aria-label={t("scores.plus", { what: label })}
        data-testid={`${testId}-plus`}
      >
        +
      </button>
    </div>
  );
}
