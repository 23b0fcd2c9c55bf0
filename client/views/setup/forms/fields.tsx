import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import type { ViProblem } from "../../../../shared/definition/messages";
import { useT } from "../../../i18n";
import { getIn, pathKey, setIn, setPrunedIn, type Path } from "./paths";

/** What every field needs: the definition being edited, how to change it, and its problems by path. */
export interface FormContextValue {
  value: unknown;
  onChange: (next: unknown) => void;
  problems: Map<string, ViProblem[]>;
  disabled: boolean;
}
export const FormContext = createContext<FormContextValue>({
  value: {},
  onChange: () => {},
  problems: new Map(),
  disabled: false,
});
export const useForm = () => useContext(FormContext);

export const fieldId = (path: Path) => `f-${pathKey(path)}`;

/** The problems of exactly this path, under its field. */
export function FieldProblems({ path }: { path: Path }) {
  const { problems } = useForm();
  const mine = problems.get(pathKey(path));
  if (!mine?.length) return null;
  return (
    <span className="form-problem" role="alert" data-testid={`problem-${pathKey(path)}`}>
      {mine.map((p) => p.message).join("; ")}
    </span>
  );
}

function useBound(path: Path, prune = false) {
  const { value, onChange, problems, disabled } = useForm();
  return {
    current: getIn(value, path),
    set: (next: unknown) => onChange(prune ? setPrunedIn(value, path, next) : setIn(value, path, next)),
    bad: (problems.get(pathKey(path))?.length ?? 0) > 0,
    disabled,
  };
}

export function TextField({
  path,
  label,
  multiline,
  placeholder,
  upper,
  wide,
}: {
  path: Path;
  label: string;
  multiline?: boolean;
  placeholder?: string;
  upper?: boolean;
  wide?: boolean;
}) {
  const { current, set, bad, disabled } = useBound(path);
  const text = typeof current === "string" ? current : "";
  const props = {
    id: fieldId(path),
    value: text,
    placeholder,
    disabled,
    "aria-invalid": bad || undefined,
    "data-testid": fieldId(path),
    onChange: (e: { target: { value: string } }) =>
      set(upper ? e.target.value.toUpperCase() : e.target.value),
  };
  return (
    <label className={`field form-field${wide ? " is-wide" : ""}`}>
      <span>{label}</span>
      {multiline ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
      <FieldProblems path={path} />
    </label>
  );
}

/** An optional text: left empty, the key is removed (so the schema's default or "absent" applies). */
export function OptionalTextField(props: { path: Path; label: string; placeholder?: string; prune?: boolean }) {
  const { current, set, bad, disabled } = useBound(props.path, props.prune);
  return (
    <label className="field form-field">
      <span>{props.label}</span>
      <input
        id={fieldId(props.path)}
        data-testid={fieldId(props.path)}
        type="text"
        value={typeof current === "string" ? current : ""}
        placeholder={props.placeholder}
        disabled={disabled}
        aria-invalid={bad || undefined}
        onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
      />
      <FieldProblems path={props.path} />
    </label>
  );
}

export function NumberField({
  path,
  label,
  step,
  narrow,
  placeholder,
  prune,
}: {
  path: Path;
  label: string;
  step?: number;
  narrow?: boolean;
  placeholder?: string;
  /** Optional inside an optional object: emptied, the object goes too (setPrunedIn). */
  prune?: boolean;
}) {
  const { current, set, bad, disabled } = useBound(path, prune);
  // Typed digit by digit ("9", "9,", "9,5"): the draft is kept; the definition gets the number it reads as.
  const [draft, setDraft] = useState(typeof current === "number" ? String(current) : "");
  useEffect(() => {
    if (Number(draft.replace(",", ".")) !== current || draft === "")
      setDraft(typeof current === "number" ? String(current).replace(".", ",") : "");
    // Only an outside change resets the draft (not every keystroke).
  }, [current]);
  return (
    <label className={`field form-field${narrow ? " is-narrow" : ""}`}>
      <span>{label}</span>
      <input
        id={fieldId(path)}
        data-testid={fieldId(path)}
        type="text"
        inputMode="decimal"
        value={draft}
        step={step}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={bad || undefined}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const n = Number(text.replace(",", "."));
          set(text.trim() === "" ? undefined : Number.isFinite(n) ? n : text);
        }}
      />
      <FieldProblems path={path} />
    </label>
  );
}

export function SelectField({
  path,
  label,
  options,
  emptyLabel,
}: {
  path: Path;
  label: string;
  options: readonly { value: string; label: string }[];
  emptyLabel?: string;
}) {
  const { current, set, bad, disabled } = useBound(path);
  return (
    <label className="field form-field">
      <span>{label}</span>
      <select
        id={fieldId(path)}
        data-testid={fieldId(path)}
        value={typeof current === "string" ? current : ""}
        disabled={disabled}
        aria-invalid={bad || undefined}
        onChange={(e) => set(e.target.value === "" ? undefined : e.target.value)}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldProblems path={path} />
    </label>
  );
}

/** An optional calendar day (YYYY-MM-DD); cleared, the key goes (and its emptied object with it). */
export function DateField({ path, label }: { path: Path; label: string }) {
  const { current, set, bad, disabled } = useBound(path, true);
  return (
    <label className="field form-field is-narrow">
      <span>{label}</span>
      <input
        type="date"
        id={fieldId(path)}
        data-testid={fieldId(path)}
        value={typeof current === "string" ? current : ""}
        disabled={disabled}
        aria-invalid={bad || undefined}
        onChange={(e) => set(e.target.value || undefined)}
      />
      <FieldProblems path={path} />
    </label>
  );
}

export function CheckField({ path, label }: { path: Path; label: string }) {
  const { current, set, disabled } = useBound(path);
  return (
    <label className="form-check">
      <input
        type="checkbox"
        id={fieldId(path)}
        data-testid={fieldId(path)}
        checked={current === true}
        disabled={disabled}
        onChange={(e) => set(e.target.checked)}
      />
      <span>{label}</span>
      <FieldProblems path={path} />
    </label>
  );
}

/**
 * A list of texts, one per line (items of a group, legal bases, commitments, header lines). Empty lines
 * are left out of the definition but kept while typing, so Enter starts a new line.
 */
export function LinesField({
  path,
  label,
  hint,
  rows = 4,
}: {
  path: Path;
  label: string;
  hint?: string;
  rows?: number;
}) {
  const { current, set, disabled } = useBound(path);
  const { problems } = useForm();
  const lines = Array.isArray(current) ? current.map((x) => (typeof x === "string" ? x : "")) : [];
  const [text, setText] = useState(lines.join("\n"));
  const clean = (t: string) =>
    t
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  useEffect(() => {
    if (clean(text).join("\n") !== lines.join("\n")) setText(lines.join("\n"));
    // Only an outside change resets the text (not every keystroke).
  }, [lines.join("\n")]);
  const key = pathKey(path);
  const inside = [...problems.entries()]
    .filter(([p]) => p === key || p.startsWith(`${key}.`))
    .flatMap(([, ps]) => ps);
  return (
    <label className="field form-field is-wide">
      <span>{label}</span>
      <textarea
        id={fieldId(path)}
        data-testid={fieldId(path)}
        rows={rows}
        value={text}
        disabled={disabled}
        aria-invalid={inside.length > 0 || undefined}
        onChange={(e) => {
          setText(e.target.value);
          set(clean(e.target.value));
        }}
      />
      {hint && <span className="hint">{hint}</span>}
      {inside.length > 0 && (
        <span className="form-problem" role="alert" data-testid={`problem-${key}`}>
          {inside.map((p) => `${p.field}: ${p.message}`).join("; ")}
        </span>
      )}
    </label>
  );
}

/** Up, down and remove for one row of a list. */
export function RowTools({
  index,
  count,
  onMove,
  onRemove,
  what,
}: {
  index: number;
  count: number;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  what: string;
}) {
  const t = useT();
  const { disabled } = useForm();
  return (
    <span className="row-tools">
      <button
        type="button"
        className="btn btn-icon"
        disabled={disabled || index === 0}
        onClick={() => onMove(-1)}
        aria-label={t("setup.f.up", { what })}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn btn-icon"
        disabled={disabled || index === count - 1}
        onClick={() => onMove(1)}
        aria-label={t("setup.f.down", { what })}
      >
        ↓
      </button>
      <button
        type="button"
        className="btn btn-icon"
        disabled={disabled}
        onClick={onRemove}
        aria-label={t("setup.f.remove", { what })}
      >
        ✕
      </button>
    </span>
  );
}

/** A section of the form with the problems that belong to the list itself (e.g. "exactly one head"). */
export function FormSection({
  id,
  title,
  listPath,
  children,
  actions,
}: {
  id: string;
  title: string;
  listPath?: Path;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const { problems } = useForm();
  const own = listPath ? problems.get(pathKey(listPath)) : undefined;
  return (
    <section
      className="panel form-section"
      id={`section-${id}`}
      aria-labelledby={`section-${id}-title`}
      data-testid={`section-${id}`}
    >
      <div className="panel-head">
        <h2 id={`section-${id}-title`}>{title}</h2>
        {actions}
      </div>
      <div className="panel-body">
        {own?.length ? (
          <p className="form-problem" role="alert" data-testid={`problem-${pathKey(listPath!)}`}>
            {own.map((p) => `${p.field}: ${p.message}`).join("; ")}
          </p>
        ) : null}
        {children}
      </div>
    </section>
  );
}
