import { useCallback, useEffect, useState } from "react";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { Loading } from "../components/Page";
import { useT } from "../i18n";
import { fetchMe, type JoinLink } from "../lib/api";
import { fetchLinks } from "../lib/organiser-api";
import type { StoredSession } from "../lib/sessions";
import { journalPath, Link, viewPath } from "../router";
import { JoinCard } from "./cards/JoinCard";
import { LinkManager } from "./cards/LinkManager";
import { buildCards, qrOf, sortLinks, type Card } from "./cards/model";
import { JoinErrorPage, SessionGate } from "./gates";
import { linkLabel } from "./linkWords";

interface Sheet {
  def: MeetingDefinition;
  links: JoinLink[];
  delegates: Card[];
  others: Card[];
}

/**
 * /m/:id/cards — the join cards for the chair to print (delegates on A4, 2 × 4 a page; the big screen
 * and public follow cards on a page of their own), and, on screen only, every link with revoke / reissue.
 */
export function CardsView({ meetingId }: { meetingId: string }) {
  return (
    <SessionGate meetingId={meetingId} view="cards">
      {(s) => <CardsSheet session={s} />}
    </SessionGate>
  );
}

function CardsSheet({ session }: { session: StoredSession }) {
  const t = useT();
  const { meetingId } = session.session;
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newCard, setNewCard] = useState<Card | null>(null);
  // Printing the new card alone: the sheet's sections are hidden from print while this is set.
  const [printOne, setPrintOne] = useState(false);

  const load = useCallback(async (): Promise<Sheet | string> => {
    const [me, links] = await Promise.all([fetchMe(session.token), fetchLinks(meetingId, session.token)]);
    if (!me.ok) return me.error.code;
    if (!links.ok) return links.error.code;
    const def = me.data.definition;
    return { def, links: sortLinks(def, links.data.all), ...(await buildCards(def, links.data.all)) };
  }, [session.token, meetingId]);

  useEffect(() => {
    let cancelled = false;
    void load().then((r) => {
      if (cancelled) return;
      if (typeof r === "string") setError(r);
      else setSheet(r);
    });
    return () => {
      cancelled = true;
    };
  }, [load]);

  useEffect(() => {
    if (!printOne) return;
    window.print(); // blocks until the print dialog closes
    setPrintOne(false);
  }, [printOne]);

  const onChanged = async (reissued: JoinLink | null) => {
    const r = await load();
    if (typeof r === "string") return setError(r);
    setSheet(r);
    if (reissued) {
      const card = r.delegates.find((c) => c.link.linkId === reissued.linkId) ??
        r.others.find((c) => c.link.linkId === reissued.linkId) ?? {
          link: reissued,
          unitName: null,
          n: 1,
          total: 1,
          qr: await qrOf(reissued.url),
        };
      setNewCard(card);
    } else if (newCard && !r.links.some((l) => l.linkId === newCard.link.linkId && !l.revoked)) {
      setNewCard(null);
    }
  };

  if (error) return <JoinErrorPage code={error} />;
  if (!sheet) return <Loading />;
  const { def, delegates, others } = sheet;
  return (
    <div className={`page page-cards${printOne ? " print-one" : ""}`}>
      <div className="cards-toolbar no-print">
        <Link className="btn" href={viewPath(meetingId, "chair")}>
          {t("cards.back")}
        </Link>
        <div className="cards-toolbar-text">
          <h1>{t("cards.pageTitle")}</h1>
          <p>{t("cards.hint")}</p>
        </div>
        <Link className="btn" href={journalPath(meetingId)} data-testid="journal-link">
          {t("chair.journalLink")}
        </Link>
        <LanguageSwitch />
        <button type="button" className="btn btn-primary" onClick={() => window.print()} data-testid="print">
          {t("cards.print")}
        </button>
      </div>

      {newCard && (
        <section className="new-card" aria-labelledby="new-card-title" data-testid="new-card">
          <div className="new-card-head no-print">
            <h2 id="new-card-title">
              {t("links.newTitle", { label: linkLabel(newCard.link.linkId, def.units, t) })}
            </h2>
            <p className="hint">{t("links.newHint")}</p>
            <div className="btn-row">
              <button type="button" className="btn btn-primary" onClick={() => setPrintOne(true)}>
                {t("links.printOne")}
              </button>
              <button type="button" className="btn" onClick={() => setNewCard(null)}>
                {t("links.close")}
              </button>
            </div>
          </div>
          <JoinCard card={newCard} def={def} testId="new-card-card" />
        </section>
      )}

      <LinkManager def={def} links={sheet.links} session={session} onChanged={onChanged} />

      <section className="cards-section" aria-labelledby="cards-delegates-title">
        <h2 id="cards-delegates-title" className="cards-section-title no-print">
          {t("cards.delegatesTitle")} ({t("cards.count", { n: delegates.length })})
        </h2>
        <div className="cards-sheet" data-testid="cards-sheet">
          {delegates.map((c) => (
            <JoinCard key={c.link.linkId} card={c} def={def} />
          ))}
        </div>
      </section>

      <section className="cards-section cards-section-others" aria-labelledby="cards-others-title">
        <div className="cards-section-title no-print">
          <h2 id="cards-others-title">{t("cards.othersTitle")}</h2>
          <p className="hint">{t("cards.othersHint")}</p>
        </div>
        <div className="cards-sheet" data-testid="cards-sheet-others">
          {others.map((c) => (
            <JoinCard key={c.link.linkId} card={c} def={def} />
          ))}
        </div>
      </section>
    </div>
  );
}
