import { useEffect, useState } from "react";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import { useT } from "../../i18n";
import type { CreatedMeeting, JoinLink } from "../../lib/api";
import { qrOf, sortLinks } from "../cards/model";
import { linkLabel } from "../linkWords";

/** The new meeting: its id and every join link with a QR code, and the way to the chair's console. */
export function Created({
  created,
  def,
  onBack,
}: {
  created: CreatedMeeting;
  def: MeetingDefinition;
  onBack: () => void;
}) {
  const t = useT();
  const links = sortLinks(def, created.all);
  const organisers = links.filter((l) => l.role !== "delegate");
  const delegates = links.filter((l) => l.role === "delegate");
  const [qr, setQr] = useState<Record<string, string>>({});

  useEffect(() => {
    let cancelled = false;
    void Promise.all(created.all.map(async (l) => [l.linkId, await qrOf(l.url)] as const)).then((pairs) => {
      if (!cancelled) setQr(Object.fromEntries(pairs));
    });
    return () => {
      cancelled = true;
    };
  }, [created]);

  return (
    <section
      className="panel setup-created"
      aria-labelledby="setup-created-title"
      data-testid="setup-created"
    >
      <div className="panel-head">
        <h2 id="setup-created-title">{t("setup.done.title")}</h2>
        <button type="button" className="btn" onClick={onBack} data-testid="setup-back">
          {t("setup.done.back")}
        </button>
      </div>
      <div className="panel-body">
        <div className="setup-created-head">
          <p>
            {t("setup.done.id")}: <code data-testid="created-meeting-id">{created.meetingId}</code>
          </p>
          <a
            className="btn btn-primary"
            href={created.links.chair}
            target="_blank"
            rel="noopener"
            data-testid="open-chair"
          >
            {t("setup.done.openChair")}
          </a>
        </div>
        <p className="hint">{t("setup.done.cardsHint")}</p>
        <p className="hint">{t("setup.done.keepHint")}</p>

        <h3>{t("setup.done.organisers")}</h3>
        <LinkGrid links={organisers} qr={qr} def={def} />
        <h3>{t("setup.done.delegates")}</h3>
        <LinkGrid links={delegates} qr={qr} def={def} />
      </div>
    </section>
  );
}

function LinkGrid({
  links,
  qr,
  def,
}: {
  links: JoinLink[];
  qr: Record<string, string>;
  def: MeetingDefinition;
}) {
  const t = useT();
  return (
    <ul className="setup-links" data-testid="created-links">
      {links.map((l) => (
        <li key={l.linkId} className="setup-link" data-testid={`created-link-${l.linkId}`}>
          {qr[l.linkId] ? (
            <img src={qr[l.linkId]} alt="" width={104} height={104} />
          ) : (
            <span className="setup-link-qr-placeholder" aria-hidden="true" />
          )}
          <div className="setup-link-text">
            <strong>{linkLabel(l.linkId, def.units, t)}</strong>
            <a href={l.url} target="_blank" rel="noopener" className="setup-link-url">
              {l.url}
            </a>
          </div>
        </li>
      ))}
    </ul>
  );
}
