import { useEffect, useMemo, useState } from "react";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useT } from "../i18n";
import { createMeeting, type CreatedMeeting, type CreateMeetingError } from "../lib/api";
import { Created } from "./setup/Created";
import { Editor } from "./setup/Editor";
import { checkText, fileNameOf, type Checked } from "./setup/model";
import { QuickForm } from "./setup/QuickForm";
import { ProblemList, Summary } from "./setup/Summary";
import { loadAdminToken, saveAdminToken, TokenField } from "./setup/TokenField";

/** Typing pauses this long before the definition is checked again (the schema check walks the whole text). */
const CHECK_DEBOUNCE_MS = 250;
const TOKEN_FILE = "DATA_DIR/admin-token";

/**
 * /setup — a meeting from a definition: the admin token, the JSON (sample, file or paste) with a form for
 * the yearly changes and a live summary, then POST /api/meetings and every join link with its QR code.
 */
export function SetupView() {
  const t = useT();
  const [text, setText] = useState("");
  const [checked, setChecked] = useState<{ text: string; result: Checked | null }>({
    text: "",
    result: null,
  });
  const [token, setTokenState] = useState(loadAdminToken);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CreateMeetingError | null>(null);
  const [created, setCreated] = useState<{ meeting: CreatedMeeting; def: MeetingDefinition } | null>(null);

  useEffect(() => {
    if (checked.text === text) return;
    const timer = setTimeout(
      () => setChecked({ text, result: text.trim() ? checkText(text) : null }),
      CHECK_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, checked.text]);

  // The form edits the text as it is now, not as it was at the last (debounced) check.
  const rawNow = useMemo(() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [text]);

  const setToken = (next: string) => {
    setTokenState(next);
    saveAdminToken(next);
    setError(null);
  };
  const edit = (next: string) => {
    setText(next);
    setError(null);
  };
  // A form edit or a loaded file is checked at once: nothing was typed, so there is nothing to wait for.
  const replace = (next: string) => {
    edit(next);
    setChecked({ text: next, result: next.trim() ? checkText(next) : null });
  };

  const pending = checked.text !== text;
  const result = pending ? null : checked.result;
  const definition = result?.kind === "valid" ? result.definition : null;
  const canCreate = definition !== null && token.trim() !== "" && !busy;

  const create = async () => {
    if (!definition || result?.kind !== "valid") return;
    setBusy(true);
    setError(null);
    const res = await createMeeting(result.raw, token.trim());
    setBusy(false);
    if (res.ok) {
      setCreated({ meeting: res.data, def: definition });
      window.scrollTo(0, 0); // the links replace the editor: start reading them from the top
    } else setError(res.error);
  };

  return (
    <div className="page page-setup">
      <header className="setup-toolbar">
        <div className="setup-toolbar-text">
          <h1>{t("setup.pageTitle")}</h1>
          <p>{t("setup.pageHint")}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main className="setup-main">
        {!created && <TokenField token={token} onToken={setToken} tokenFile={TOKEN_FILE} />}
        {created ? (
          <Created created={created.meeting} def={created.def} onBack={() => setCreated(null)} />
        ) : (
          <>
            <div className="setup-grid">
              <Editor text={text} onText={edit} onLoad={replace} fileName={fileNameOf(definition)} />
              <div className="setup-side">
                <QuickForm raw={rawNow} onText={replace} />
                <Summary checked={checked.result} pending={pending && text.trim() !== ""} />
              </div>
            </div>
            <div className="setup-actions" data-testid="setup-actions">
              <div className="setup-actions-text" aria-live="polite">
                <CreateMessage error={error} ready={definition !== null} hasToken={token.trim() !== ""} />
              </div>
              <button
                type="button"
                className="btn btn-primary"
                disabled={!canCreate}
                onClick={() => void create()}
                data-testid="create-meeting"
              >
                {busy ? t("setup.create.busy") : t("setup.create.button")}
              </button>
            </div>
          </>
        )}
      </main>
    </div>
  );
}

function CreateMessage({
  error,
  ready,
  hasToken,
}: {
  error: CreateMeetingError | null;
  ready: boolean;
  hasToken: boolean;
}) {
  const t = useT();
  if (error) {
    if (error.code === "UNAUTHENTICATED")
      return (
        <p className="setup-error" role="alert" data-testid="create-error">
          {t("setup.create.unauthorized", { file: TOKEN_FILE })}
        </p>
      );
    if (error.code === "INVALID_DEFINITION" && error.problems)
      return (
        <div data-testid="create-error">
          <p className="setup-error">{t("setup.create.invalid", { n: error.problems.length })}</p>
          <ProblemList problems={error.problems} testId="server-problems" />
        </div>
      );
    return (
      <p className="setup-error" role="alert" data-testid="create-error">
        {error.code === "NETWORK"
          ? t("setup.create.network")
          : t("setup.create.failed", { message: error.message })}
      </p>
    );
  }
  if (!ready) return <p className="hint">{t("setup.create.needValid")}</p>;
  if (!hasToken) return <p className="hint">{t("setup.create.needToken")}</p>;
  return <p className="setup-ok">{t("setup.create.ready")}</p>;
}
