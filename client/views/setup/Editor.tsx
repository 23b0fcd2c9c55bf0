import { useRef, useState, type ChangeEvent } from "react";
import demoDefinition from "../../../shared/definition/demo-cum8-2021.json";
import { useT } from "../../i18n";

const SAMPLE_TEXT = `${JSON.stringify(demoDefinition, null, 2)}\n`;

/** The definition's JSON: start from the sample, a file or a paste; edit; download to reuse next year. */
export function Editor({
  text,
  onText,
  onLoad,
  fileName,
}: {
  text: string;
  /** A keystroke or a paste in the text area. */
  onText: (text: string) => void;
  /** The sample or a file replaced the text. */
  onLoad: (text: string) => void;
  fileName: string;
}) {
  const t = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  // Loading over someone's edits loses them: ask first (an empty editor has nothing to lose).
  const replace = (next: string, what: string) => {
    if (text.trim() && text !== next && !window.confirm(t("setup.source.replace", { what }))) return;
    setFileError(null);
    onLoad(next);
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ""; // the same file can be opened again after editing
    if (!file) return;
    try {
      replace(await file.text(), file.name);
    } catch {
      setFileError(t("setup.source.fileError", { name: file.name }));
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: "application/json;charset=utf-8" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="panel setup-editor" aria-labelledby="setup-editor-title">
      <div className="panel-head">
        <h2 id="setup-editor-title">{t("setup.source.title")}</h2>
      </div>
      <div className="panel-body">
        <div className="btn-row">
          <button
            type="button"
            className="btn"
            onClick={() => replace(SAMPLE_TEXT, t("setup.source.theSample"))}
            data-testid="load-sample"
          >
            {t("setup.source.sample")}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => fileInput.current?.click()}
            data-testid="open-file"
          >
            {t("setup.source.open")}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            onChange={(e) => void onFile(e)}
            data-testid="file-input"
          />
          <button
            type="button"
            className="btn"
            onClick={download}
            disabled={!text.trim()}
            data-testid="download"
          >
            {t("setup.source.download")}
          </button>
        </div>
        <p className="hint">{t("setup.source.hint")}</p>
        {fileError && (
          <p className="setup-error" role="alert">
            {fileError}
          </p>
        )}
        <textarea
          className="setup-json"
          value={text}
          onChange={(e) => onText(e.target.value)}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          aria-label={t("setup.source.textarea")}
          placeholder="{ … }"
          data-testid="definition-json"
        />
      </div>
    </section>
  );
}
