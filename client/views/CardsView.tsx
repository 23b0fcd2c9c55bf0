import { useEffect, useState } from "react";
import QRCode from "qrcode";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { Loading } from "../components/Page";
import { formatDate, useLang, useT } from "../i18n";
import { fetchLinks, fetchMe, type JoinLink } from "../lib/api";
import type { StoredSession } from "../lib/sessions";
import { Link, viewPath } from "../router";
import { JoinErrorPage, SessionGate } from "./gates";

interface Card {
  link: JoinLink;
  unitName: string;
  n: number;
  total: number;
  qr: string;
}

/** /m/:id/cards — an A4 sheet of join cards, one per delegate link, for the chair to print. */
export function CardsView({ meetingId }: { meetingId: string }) {
  return (
    <SessionGate meetingId={meetingId} view="cards">
      {(s) => <CardsSheet session={s} />}
    </SessionGate>
  );
}

async function buildCards(def: MeetingDefinition, all: JoinLink[]): Promise<Card[]> {
  const delegates = all.filter((l) => l.role === "delegate" && !l.revoked && l.unit);
  const order = new Map(def.units.map((u, i) => [u.code, i]));
  delegates.sort(
    (a, b) => (order.get(a.unit!) ?? 0) - (order.get(b.unit!) ?? 0) || a.linkId.localeCompare(b.linkId),
  );
  const perUnit = new Map<string, number>();
  return Promise.all(
    delegates.map(async (link) => {
      const n = (perUnit.get(link.unit!) ?? 0) + 1;
      perUnit.set(link.unit!, n);
      const total = delegates.filter((d) => d.unit === link.unit).length;
      const qr = await QRCode.toDataURL(link.url, { errorCorrectionLevel: "M", margin: 1, width: 360 });
      return {
        link,
        unitName: def.units.find((u) => u.code === link.unit)?.name ?? link.unit!,
        n,
        total,
        qr,
      };
    }),
  );
}

function CardsSheet({ session }: { session: StoredSession }) {
  const t = useT();
  const { lang } = useLang();
  const [data, setData] = useState<{ def: MeetingDefinition; cards: Card[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const [me, links] = await Promise.all([
        fetchMe(session.token),
        fetchLinks(session.session.meetingId, session.token),
      ]);
      if (cancelled) return;
      if (!me.ok) return setError(me.error.code);
      if (!links.ok) return setError(links.error.code);
      const cards = await buildCards(me.data.definition, links.data.all);
      if (!cancelled) setData({ def: me.data.definition, cards });
    })();
    return () => {
      cancelled = true;
    };
  }, [session]);

  if (error) return <JoinErrorPage code={error} />;
  if (!data) return <Loading />;
  const { def, cards } = data;
  return (
    <div className="page page-cards">
      <div className="cards-toolbar no-print">
        <Link className="btn" href={viewPath(session.session.meetingId, "chair")}>
          {t("cards.back")}
        </Link>
        <div className="cards-toolbar-text">
          <h1>{t("cards.title")}</h1>
          <p>
            {t("cards.hint")} ({t("cards.count", { n: cards.length })})
          </p>
        </div>
        <LanguageSwitch />
        <button type="button" className="btn btn-primary" onClick={() => window.print()} data-testid="print">
          {t("cards.print")}
        </button>
      </div>
      <div className="cards-sheet" data-testid="cards-sheet">
        {cards.map((c) => (
          <article className="join-card" key={c.link.linkId} data-testid={`card-${c.link.linkId}`}>
            <div className="join-card-text">
              <p className="join-card-cluster">
                {def.cluster.name} · {formatDate(def.conference.date, lang)}
              </p>
              <h2 className="join-card-unit">{c.unitName}</h2>
              <p className="join-card-role">{t("cards.delegateN", { n: c.n, total: c.total })}</p>
              <p className="join-card-scan">{t("cards.scan")}</p>
              <p className="join-card-url">{c.link.url}</p>
            </div>
            <img className="join-card-qr" src={c.qr} alt={c.link.url} width={180} height={180} />
          </article>
        ))}
      </div>
    </div>
  );
}
