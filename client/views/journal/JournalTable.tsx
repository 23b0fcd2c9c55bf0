import { useMemo } from "react";
import type { JournalEntry } from "../../../shared/journal/chain";
import { useLang, useT, type Lang, type Translate } from "../../i18n";
import { actorLabel, type UnitNames } from "../linkWords";
import { describeEntry, pollTitlesOf } from "./describe";
import { rehearsalMarks } from "../../../shared/protocol/rehearsal";

/** "09:05:12" and "14/01/2022" in the browser's time zone (the room's). */
function timeParts(ts: number, lang: Lang): { time: string; date: string } {
  const locale = lang === "vi" ? "vi-VN" : "en-GB";
  const d = new Date(ts);
  return {
    time: new Intl.DateTimeFormat(locale, {
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hour12: false,
    }).format(d),
    date: new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric" }).format(d),
  };
}

/** The journal, newest first; `brokenSeq` marks the first entry whose hash does not check. */
export function JournalTable({
  entries,
  units,
  brokenSeq,
}: {
  entries: readonly JournalEntry[];
  units: readonly UnitNames[];
  brokenSeq: number | null;
}) {
  const t = useT();
  const { lang } = useLang();
  const rows = useMemo(() => {
    const ctx = { t, units, pollTitles: pollTitlesOf(entries) };
    // Entries made during a rehearsal stay in the chain, marked.
    const marks = rehearsalMarks(entries);
    return entries
      .map((e, i) => ({ e, rehearsal: marks[i]!, sentence: describeEntry(e, ctx), actor: journalActor(e.actor, ctx), ...timeParts(e.ts, lang) }))
      .reverse();
  }, [entries, units, t, lang]);

  return (
    <div className="journal-table-wrap">
      <table className="journal-table" data-testid="journal-table">
        <thead>
          <tr>
            <th scope="col" className="journal-seq">
              {t("journal.seq")}
            </th>
            <th scope="col">{t("journal.time")}</th>
            <th scope="col">{t("journal.actor")}</th>
            <th scope="col">{t("journal.event")}</th>
            <th scope="col">{t("journal.hash")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ e, rehearsal, sentence, actor, time, date }) => (
            <tr
              key={e.seq}
              className={e.seq === brokenSeq ? "is-broken" : undefined}
              data-testid={`journal-entry-${e.seq}`}
              data-type={e.type}
            >
              <td className="journal-seq">#{e.seq}</td>
              <td className="journal-time">
                <time dateTime={new Date(e.ts).toISOString()}>
                  <span className="journal-clock">{time}</span>
                  <span className="sub">{date}</span>
                </time>
              </td>
              <td className="journal-actor">{actor}</td>
              <td className="journal-what">
                {rehearsal && (
                  <span className="journal-rehearsal" data-testid="journal-rehearsal">
                    {t("journal.rehearsal")}
                  </span>
                )}
                {sentence ?? (
                  <details>
                    <summary className="journal-type">{t("room.journal.other")}</summary>
                    <code className="journal-json">{JSON.stringify(e.data)}</code>
                  </details>
                )}
              </td>
              <td className="journal-hash">
                <code title={e.hash}>{e.hash.slice(0, 10)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Who acted, in words: an automatic step of a vote ("poll:pledge-1") is named by the vote's title. */
function journalActor(actor: string, ctx: { t: Translate; units: readonly UnitNames[]; pollTitles: Map<string, string> }): string {
  if (actor.startsWith("poll:")) {
    const title = ctx.pollTitles.get(actor.slice("poll:".length));
    return title ? ctx.t("room.actor.poll", { title }) : ctx.t("room.actor.pollUnnamed");
  }
  return actorLabel(actor, ctx.units, ctx.t);
}
