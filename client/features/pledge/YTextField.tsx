import { useEffect, useRef, useState, type ChangeEvent } from "react";
import type * as Y from "yjs";
import { useT } from "../../i18n";
import { replaceText } from "./doc";
import { textDiff } from "./textDiff";

/** The Yjs policy's limit on a draft text. */
const MAX_CHARS = 2000;

export interface YTextFieldProps {
  ytext: Y.Text;
  /** Awareness id of the field ("title", "s1c3"…). */
  field: string;
  label: string;
  multiline?: boolean;
  className?: string;
  /** Other people editing this field now (awareness). */
  editors: string[];
  onFocusField: (field: string | null) => void;
  testId?: string;
}

/**
 * An input bound to a Y.Text. Each keystroke becomes the minimal delete + insert on the shared text,
 * so edits by others elsewhere in the field survive. While the field has focus the typed text is
 * kept as typed: a change from someone else (or a resync after a refusal) does not move the caret;
 * instead the field says so and offers to take theirs or keep this one. Without focus it follows the document.
 */
export function YTextField({ ytext, field, label, multiline, className, editors, onFocusField, testId }: YTextFieldProps) {
  const t = useT();
  const [value, setValue] = useState(() => ytext.toString());
  const [diverged, setDiverged] = useState(false);
  const focused = useRef(false);
  const valueRef = useRef(value);
  valueRef.current = value;

  useEffect(() => {
    const sync = () => {
      const shared = ytext.toString();
      if (!focused.current) {
        setValue(shared);
        setDiverged(false);
      } else if (shared !== valueRef.current) setDiverged(true);
    };
    sync(); // a new Y.Text (resync after a refusal) is compared with what is typed
    const onChange = (e: Y.YTextEvent) => {
      if (!e.transaction.local) sync();
    };
    ytext.observe(onChange);
    return () => ytext.unobserve(onChange);
  }, [ytext]);

  const onInput = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const next = e.target.value;
    const shared = ytext.toString();
    if (!diverged && shared === value) {
      const change = textDiff(value, next);
      if (change)
        ytext.doc!.transact(() => {
          if (change.remove > 0) ytext.delete(change.index, change.remove);
          if (change.insert) ytext.insert(change.index, change.insert);
        });
    } else setDiverged(true);
    setValue(next);
  };
  const takeTheirs = () => {
    setValue(ytext.toString());
    setDiverged(false);
  };
  const keepMine = () => {
    replaceText(ytext, value);
    setDiverged(false);
  };
  const common = {
    value,
    maxLength: MAX_CHARS,
    "aria-label": label,
    "data-testid": testId,
    onChange: onInput,
    onFocus: () => {
      focused.current = true;
      onFocusField(field);
    },
    onBlur: () => {
      focused.current = false;
      onFocusField(null);
      if (!diverged) setValue(ytext.toString());
    },
  };
  const editing = editors.length > 0;
  return (
    <span className={`yfield${editing ? " is-shared" : ""}${diverged ? " is-diverged" : ""} ${className ?? ""}`}>
      {multiline ? <textarea rows={Math.min(6, Math.max(1, Math.ceil(value.length / 85)))} {...common} /> : <input type="text" {...common} />}
      {editing && (
        <span className="yfield-who" data-testid="pledge-editing">
          {t("pledge.editing", { names: editors.join(", ") })}
        </span>
      )}
      {diverged && (
        <span className="yfield-remote" role="status">
          {t("pledge.remoteChanged")}
          <button type="button" className="btn btn-sm" onMouseDown={(e) => e.preventDefault()} onClick={takeTheirs}>
            {t("pledge.takeTheirs")}
          </button>
          <button type="button" className="btn btn-sm" onMouseDown={(e) => e.preventDefault()} onClick={keepMine}>
            {t("pledge.keepMine")}
          </button>
        </span>
      )}
    </span>
  );
}
