import type { MeetingDefinition } from "../../../shared/definition/schema";
import { formatDate, useLang, useT } from "../../i18n";
import type { Card } from "./model";

/** One cut-out card: who it is for, "scan to join", the QR code and the URL written out. */
export function JoinCard({ card, def, testId }: { card: Card; def: MeetingDefinition; testId?: string }) {
  const t = useT();
  const { lang } = useLang();
  const { link } = card;
  const isDelegate = link.role === "delegate";
  return (
    <article className={`join-card join-card-${link.role}`} data-testid={testId ?? `card-${link.linkId}`}>
      <div className="join-card-text">
        <p className="join-card-cluster">
          {def.cluster.name} · {formatDate(def.conference.date, lang)}
        </p>
        <h2 className="join-card-unit">{isDelegate ? card.unitName : t(`role.${link.role}`)}</h2>
        {isDelegate ? (
          <p className="join-card-role">{t("cards.delegateN", { n: card.n, total: card.total })}</p>
        ) : (
          <p className="join-card-note">
            {t(link.role === "screen" ? "cards.screenNote" : "cards.publicNote")}
          </p>
        )}
        <p className="join-card-scan">{t("cards.scan")}</p>
        <p className="join-card-url">{link.url}</p>
      </div>
      <img className="join-card-qr" src={card.qr} alt={link.url} width={180} height={180} />
    </article>
  );
}
