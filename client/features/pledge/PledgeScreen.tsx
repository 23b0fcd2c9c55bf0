import type { PledgeState } from "../../../shared/protocol/pledge";
import { useT } from "../../i18n";
import type { ScreenPanelProps } from "../types";
import { PageIndicator, usePaged } from "../screen/paging";
import { plainDraft, type PlainDraft } from "./doc";
import { printedTitle } from "./labels";
import { SignatureSvg } from "./SignatureSvg";
import { useArrivals } from "./useArrivals";
import { usePledgeDoc } from "./usePledgeDoc";
import { usePledgeState } from "./usePledgeState";

/** The most cards a page of the wall holds on the projector (5 × 3): 20 units make 2 pages of 10. */
const WALL_PAGE_MAX = 15;

/** The most commitments a page of the draft holds on the projector (two columns of six). */
const DRAFT_PAGE_MAX = 12;

/** Columns of the wall: 8 units in 4 × 2, more units in more columns. */
function wallColumns(units: number): number {
  if (units <= 4) return units;
  if (units <= 8) return 4;
  if (units <= 15) return 5;
  return Math.ceil(units / 4);
}

/**
 * The pledge on the big screen (and followers' phones): the draft while it is discussed, then the
 * signature wall, units in grid order (new head, deputy, others) filling as each signs.
 */
export function PledgeScreen({ state, variant, token }: ScreenPanelProps) {
  const t = useT();
  const { state: pledge } = usePledgeState(token);
  const ydoc = usePledgeDoc(state.meetingId, token);
  if (!pledge) return <p className="sp-note">{t("pledge.loading")}</p>;
  const wall = pledge.stage === "frozen" || pledge.stage === "final";
  return (
    <div className={`sp sp-pledge ${variant}`} data-testid="screen-pledge" data-stage={pledge.stage}>
      {wall ? (
        <SignatureWall pledge={pledge} maxPerPage={variant === "kiosk" ? WALL_PAGE_MAX : undefined} />
      ) : ydoc.doc && ydoc.synced ? (
        <DraftOnScreen draft={plainDraft(ydoc.doc)} adopted={pledge.stage === "adopted"} paged={variant === "kiosk"} />
      ) : (
        <p className="sp-note">{t("pledge.loading")}</p>
      )}
    </div>
  );
}

function DraftOnScreen({ draft, adopted, paged }: { draft: PlainDraft; adopted: boolean; paged: boolean }) {
  const t = useT();
  const commitments = draft.sections.flatMap((s) => s.commitments.filter((c) => c.trim()));
  const page = usePaged(commitments, paged ? DRAFT_PAGE_MAX : Number.MAX_SAFE_INTEGER);
  const first = commitments.indexOf(page.items[0]!) + 1;
  const dense = page.items.length > 6 ? " dense" : "";
  return (
    <>
      <div className="sp-wall-head">
        <p className="sp-kicker">{t(adopted ? "pledge.screen.adopted" : "pledge.screen.drafting")}</p>
        <PageIndicator page={page.page} pages={page.pages} />
      </div>
      <h1 className="sp-heading sp-pledge-title" data-testid="screen-pledge-title">
        {draft.title}
      </h1>
      <ol className={`sp-pledge-list${dense}`} start={first > 0 ? first : 1}>
        {page.items.map((c, i) => (
          <li key={first + i}>{c}</li>
        ))}
      </ol>
    </>
  );
}

/** The grid of units and their signatures; `compact` (the chair's console) leaves out the big heading. */
export function SignatureWall({ pledge, compact = false, maxPerPage }: { pledge: PledgeState; compact?: boolean; maxPerPage?: number }) {
  const t = useT();
  const arrivals = useArrivals(pledge);
  const paged = usePaged(pledge.units, maxPerPage ?? Number.MAX_SAFE_INTEGER);
  const done = pledge.stage === "final";
  return (
    <>
      <div className="sp-wall-head">
        {!compact && <h1 className="sp-heading">{t("pledge.screen.wallTitle")}</h1>}
        <p className={`sp-wall-count${done ? " done" : ""}`} data-testid="screen-pledge-count">
          {done
            ? t("pledge.screen.complete", { n: pledge.signedCount, total: pledge.unitCount })
            : t("pledge.screen.count", { n: pledge.signedCount, total: pledge.unitCount })}
        </p>
        <PageIndicator page={paged.page} pages={paged.pages} />
      </div>
      <ol
        className={`sp-wall${paged.items.length > 8 ? " dense" : ""}`}
        style={{ ["--cols" as string]: wallColumns(paged.items.length), ["--rows" as string]: Math.ceil(paged.items.length / wallColumns(paged.items.length)) }}
      >
        {paged.items.map((u) => {
          const s = u.signature;
          return (
            <li
              key={u.unit}
              className={`${s ? "is-signed" : "is-waiting"}${arrivals.has(u.unit) ? " arrived" : ""}`}
              data-testid={`wall-unit-${u.unit}`}
              data-signed={u.signed}
            >
              <p className="sp-wall-unit">{u.name}</p>
              {s ? (
                <>
                  <div className="sp-wall-title">
                    {printedTitle(s.signerTitle, s.onBehalf).map((l) => (
                      <span key={l}>{l}</span>
                    ))}
                  </div>
                  <SignatureSvg strokes={s.strokes} className="sp-wall-sig" testId={`wall-signature-${u.unit}`} />
                  <p className="sp-wall-name" data-testid={`wall-signer-${u.unit}`}>
                    {s.signerName}
                  </p>
                </>
              ) : (
                <p className="sp-wall-waiting">{t("pledge.screen.waiting")}</p>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
