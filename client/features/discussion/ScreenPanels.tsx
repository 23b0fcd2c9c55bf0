import type { MeetingState } from "../../../shared/protocol/meeting";
import { useT } from "../../i18n";
import type { ScreenPanelProps } from "../types";
import { Countdown } from "./Countdown";
import { PdfPage } from "./PdfPage";
import "./discussion.css";

const unit = (state: MeetingState, code: string) => state.units.find((u) => u.code === code);

/** The big screen while someone speaks: the unit (name), the kind, a large countdown then the overrun, and the next two. */
export function SpeakerScreen({ state, variant }: ScreenPanelProps) {
  const t = useT();
  const { current, queue } = state.speakers;
  const next = queue.slice(0, 2);
  return (
    <div className={`sp sp-speaker ${variant}`} data-testid="screen-speaker">
      {current ? (
        <div className="sp-speaker-now">
          <p className="sp-kicker">
            {t("speak.current")} · {t(`speak.kind.${current.kind}`)}
          </p>
          <h1 className="sp-heading" data-testid="screen-speaker-unit">
            {unit(state, current.unit)?.name ?? current.unit}
          </h1>
          {current.name && (
            <p className="sp-sub sp-speaker-name" data-testid="screen-speaker-name">
              {current.name}
            </p>
          )}
          {current.note && <p className="sp-sub">{current.note}</p>}
          <Countdown current={current} size="xl" />
        </div>
      ) : (
        <div className="sp-speaker-now">
          <h1 className="sp-heading">{t("view.speaker")}</h1>
          <p className="sp-note">{t("speak.nobody")}</p>
        </div>
      )}
      {next.length > 0 && (
        <div className="sp-speaker-next" data-testid="screen-speaker-next">
          <p className="sp-kicker">{t("speak.next")}</p>
          <ol>
            {next.map((q) => (
              <li key={q.requestId}>
                {unit(state, q.unit)?.name ?? q.unit} <span className="sub">· {t(`speak.kind.${q.kind}`)}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}

/** The big screen showing the page the presenter chose, as large as the screen allows. */
export function DocumentScreen({ state, variant, token }: ScreenPanelProps) {
  const t = useT();
  const p = state.documents.presented;
  return (
    <div className={`sp sp-document ${variant}`} data-testid="screen-document">
      {p ? (
        <>
          <p className="sp-kicker">
            {p.title} · {t("docs.page", { page: p.page, pages: p.pages })}
          </p>
          <PdfPage meetingId={state.meetingId} docId={p.docId} token={token} page={p.page} fitHeight={variant === "kiosk"} testId="screen-doc-page" />
        </>
      ) : (
        <>
          <h1 className="sp-heading">{t("view.document")}</h1>
          <p className="sp-note">{t("docs.screenNone")}</p>
        </>
      )}
    </div>
  );
}
