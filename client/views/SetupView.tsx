import { useEffect, useMemo, useState } from "react";
import demoDefinition from "../../shared/definition/demo-cum8-2021.json";
import { checkDefinitionVi } from "../../shared/definition/messages";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { useT } from "../i18n";
import type { CreatedMeeting, CreateMeetingError } from "../lib/api";
import { Link } from "../router";
import { AdminShell } from "./admin/AdminShell";
import type { AdminScope } from "../../shared/protocol/admin";
import {
  createScopedMeeting,
  fetchDefinition,
  fetchNextYear,
  fetchSession,
  saveDefinition,
} from "./admin/api";
import { takeTokenFromAddress } from "./admin/token";
import { Created } from "./setup/Created";
import { Editor } from "./setup/Editor";
import { blankDefinition } from "./setup/forms/blank";
import { DefinitionForm, FormProblems } from "./setup/forms/DefinitionForm";
import { checkText, fileNameOf, type Checked } from "./setup/model";
import { QuickForm } from "./setup/QuickForm";
import { ProblemList, Summary } from "./setup/Summary";
import { saveAdminToken, TokenField } from "./setup/TokenField";

/** Typing pauses this long before the JSON text is checked again (the schema check walks the whole text). */
const CHECK_DEBOUNCE_MS = 250;
const TOKEN_FILE = "DATA_DIR/admin-token";

/** Re-serialised the way the sample file is written (2 spaces, trailing newline). */
const stringify = (raw: unknown) => `${JSON.stringify(raw, null, 2)}\n`;

type Mode = "form" | "json";
/** Where the definition came from: a new one, an existing meeting being edited, or next year's from a meeting. */
type Origin =
  | { kind: "new" }
  | { kind: "edit"; meetingId: string; editable: boolean; reason: string | null }
  | { kind: "nextYear"; fromMeetingId: string; fromYear: number };

function originFromAddress(): { edit: string | null; from: string | null } {
  const q = new URLSearchParams(location.search);
  return { edit: q.get("edit"), from: q.get("from") };
}

/**
 * /setup — a meeting's definition as forms (units, criteria, agenda, rules, pledge template), checked live
 * by the one schema with every problem named in Vietnamese; or as JSON (import, paste, export). Creates
 * the meeting (admin or the cluster's organiser), or saves the edits of one that has not begun
 * (?edit=<id>), or starts from next year's definition of a finished meeting (?from=<id>).
 */
export function SetupView() {
  const t = useT();
  const [mode, setMode] = useState<Mode>("form");
  const [text, setText] = useState("");
  const [checked, setChecked] = useState<{ text: string; result: Checked | null }>({
    text: "",
    result: null,
  });
  const [token, setTokenState] = useState(takeTokenFromAddress);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CreateMeetingError | null>(null);
  const [saved, setSaved] = useState(false);
  const [created, setCreated] = useState<{ meeting: CreatedMeeting; def: MeetingDefinition } | null>(null);
  const [origin, setOrigin] = useState<Origin>({ kind: "new" });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [scope, setScope] = useState<AdminScope | null>(null);

  // Who the token is (the admin, or one cluster's organiser), for the bar at the top.
  useEffect(() => {
    let cancelled = false;
    if (token.trim())
      void fetchSession(token.trim()).then((res) => !cancelled && setScope(res.ok ? res.data.scope : null));
    else setScope(null);
    return () => {
      cancelled = true;
    };
  }, [token]);

  useEffect(() => {
    if (checked.text === text) return;
    const timer = setTimeout(
      () => setChecked({ text, result: text.trim() ? checkText(text) : null }),
      CHECK_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, checked.text]);

  // ?edit=<id> loads the meeting's definition; ?from=<id> asks the server for next year's.
  useEffect(() => {
    const { edit, from } = originFromAddress();
    if (!token || (!edit && !from)) return;
    let cancelled = false;
    if (edit)
      void fetchDefinition(edit, token).then((res) => {
        if (cancelled) return;
        if (!res.ok) return setLoadError(res.error.message);
        replace(stringify(res.data.definition));
        setOrigin({ kind: "edit", meetingId: edit, editable: res.data.editable, reason: res.data.reason });
      });
    else if (from)
      void fetchNextYear(from, token).then((res) => {
        if (cancelled) return;
        if (!res.ok) return setLoadError(res.error.message);
        replace(stringify(res.data.definition));
        setOrigin({ kind: "nextYear", fromMeetingId: from, fromYear: res.data.from.year });
      });
    return () => {
      cancelled = true;
    };
    // Loaded once per token.
  }, [token]);

  // The form edits the text as it is now, not as it was at the last (debounced) check.
  const rawNow = useMemo(() => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }, [text]);
  const vi = useMemo(() => (rawNow === undefined ? null : checkDefinitionVi(rawNow)), [rawNow]);

  const setToken = (next: string) => {
    setTokenState(next);
    saveAdminToken(next);
    setError(null);
  };
  const edit = (next: string) => {
    setText(next);
    setError(null);
    setSaved(false);
  };
  // A form edit or a loaded file is checked at once: nothing was typed, so there is nothing to wait for.
  const replace = (next: string) => {
    edit(next);
    setChecked({ text: next, result: next.trim() ? checkText(next) : null });
  };

  const editing = origin.kind === "edit";
  const locked = origin.kind === "edit" && !origin.editable;
  const valid = vi?.ok === true;
  const canSubmit = valid && token.trim() !== "" && !busy && !locked;

  const submit = async () => {
    if (!vi?.ok || rawNow === undefined) return;
    setBusy(true);
    setError(null);
    if (origin.kind === "edit") {
      const res = await saveDefinition(origin.meetingId, rawNow, token.trim());
      setBusy(false);
      if (res.ok) setSaved(true);
      else {
        setError(res.error);
        if (res.error.code === "MEETING_STARTED")
          setOrigin({ ...origin, editable: false, reason: res.error.message });
      }
      return;
    }
    const res = await createScopedMeeting(rawNow, token.trim());
    setBusy(false);
    if (res.ok) {
      setCreated({ meeting: res.data, def: vi.definition });
      window.scrollTo(0, 0); // the links replace the editor: start reading them from the top
    } else setError(res.error);
  };

  const pending = checked.text !== text;
  const actions = (
    <div className="setup-actions" data-testid="setup-actions">
      <div className="setup-actions-text" aria-live="polite">
        {saved ? (
          <p className="setup-ok" data-testid="setup-saved">
            {t("setup.f.saved")} <Link href="/admin">{t("setup.f.backToList")}</Link>
          </p>
        ) : (
          <CreateMessage error={error} ready={valid} hasToken={token.trim() !== ""} />
        )}
      </div>
      <button
        type="button"
        className="btn btn-primary"
        disabled={!canSubmit}
        onClick={() => void submit()}
        data-testid="create-meeting"
      >
        {busy ? t("setup.create.busy") : editing ? t("setup.f.save") : t("setup.create.button")}
      </button>
    </div>
  );
  return (
    <AdminShell active="setup" scope={scope}>
      <div className="page-setup">
        <div className="admin-head">
          <div>
            <h1>{editing ? t("setup.f.editTitle") : t("setup.pageTitle")}</h1>
            <p className="hint">{t("setup.pageHint")}</p>
          </div>
          {!created && (
            <div className="segmented setup-modes" role="tablist" aria-label={t("setup.f.mode")}>
              <button
                type="button"
                role="tab"
                aria-selected={mode === "form"}
                className={mode === "form" ? "active" : undefined}
                onClick={() => setMode("form")}
                data-testid="mode-form"
              >
                {t("setup.f.modeForm")}
              </button>
              <button
                type="button"
                role="tab"
                aria-selected={mode === "json"}
                className={mode === "json" ? "active" : undefined}
                onClick={() => setMode("json")}
                data-testid="mode-json"
              >
                {t("setup.f.modeJson")}
              </button>
            </div>
          )}
        </div>
        <div className="setup-main">
          {!created && <TokenField token={token} onToken={setToken} tokenFile={TOKEN_FILE} />}
          {loadError && (
            <p className="setup-error" role="alert" data-testid="setup-load-error">
              {loadError}
            </p>
          )}
          {origin.kind === "nextYear" && (
            <p className="setup-banner" role="status" data-testid="next-year-banner">
              {t("setup.f.nextYearBanner", {
                from: String(origin.fromYear),
                year: String(origin.fromYear + 1),
              })}
            </p>
          )}
          {origin.kind === "edit" && (
            <p
              className={`setup-banner${locked ? " is-locked" : ""}`}
              role="status"
              data-testid="edit-banner"
            >
              {locked ? t("setup.f.editLocked", { reason: origin.reason ?? "" }) : t("setup.f.editOpen")}
            </p>
          )}
          {created ? (
            <Created created={created.meeting} def={created.def} onBack={() => setCreated(null)} />
          ) : mode === "form" ? (
            rawNow === undefined ? (
              text.trim() === "" ? (
                <section className="panel setup-start" data-testid="setup-start">
                  <div className="panel-body">
                    <p>{t("setup.f.startHint")}</p>
                    <div className="btn-row">
                      <button
                        type="button"
                        className="btn btn-primary"
                        onClick={() =>
                          replace(
                            stringify(
                              blankDefinition(
                                new Date().getFullYear() - 1,
                                scope?.kind === "cluster" ? scope.clusterId : undefined,
                              ),
                            ),
                          )
                        }
                        data-testid="start-blank"
                      >
                        {t("setup.f.startBlank")}
                      </button>
                      <button
                        type="button"
                        className="btn"
                        onClick={() => replace(stringify(demoDefinition))}
                        data-testid="start-sample"
                      >
                        {t("setup.source.sample")}
                      </button>
                      <button type="button" className="btn" onClick={() => setMode("json")}>
                        {t("setup.f.startJson")}
                      </button>
                    </div>
                  </div>
                </section>
              ) : (
                <p className="setup-error" role="alert">
                  {t("setup.f.notJson")}
                </p>
              )
            ) : (
              <div className="setup-form-grid-layout">
                <DefinitionForm
                  value={rawNow}
                  onChange={(next) => replace(stringify(next))}
                  problems={vi && !vi.ok ? vi.problems : []}
                  disabled={locked}
                />
                <aside className="setup-form-side">
                  <FormProblems problems={vi && !vi.ok ? vi.problems : []} />
                  {actions}
                </aside>
              </div>
            )
          ) : (
            <>
              <div className="setup-grid">
                <Editor
                  text={text}
                  onText={edit}
                  onLoad={replace}
                  fileName={fileNameOf(vi?.ok ? vi.definition : null)}
                />
                <div className="setup-side">
                  <QuickForm raw={rawNow} onText={replace} />
                  <Summary checked={checked.result} pending={pending && text.trim() !== ""} />
                </div>
              </div>
              {actions}
            </>
          )}
        </div>
      </div>
    </AdminShell>
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
