import { useState } from "react";
import { Toast } from "../../components/Page";
import { useLang, useT } from "../../i18n";
import { yjsRefusalKey } from "../../realtime/useYDoc";
import type { PledgeSign } from "../../../shared/protocol/pledge";
import type { FeatureContext } from "../types";
import { isFrozen, localPledgeHash, plainDraft, proposalsOf } from "./doc";
import { DraftText } from "./DraftText";
import { formatClock } from "./labels";
import { ProposeBox } from "./ProposeBox";
import { SignatureSvg } from "./SignatureSvg";
import { SignFlow } from "./SignFlow";
import { StageBadges } from "./StageBadges";
import { usePledgeDoc } from "./usePledgeDoc";
import { usePledgeState } from "./usePledgeState";
import { useSigning, type SignRefusal } from "./useSigning";

/** The delegate tablet: read the draft live, propose changes, then sign the frozen text for the unit. */
export function DelegatePledge({ meeting, session }: FeatureContext) {
  const t = useT();
  const { lang } = useLang();
  const { state } = meeting;
  const unit = session.session.unit ?? "";
  const unitInfo = state.units.find((u) => u.code === unit);
  const ydoc = usePledgeDoc(state.meetingId, session.token);
  const { state: pledge, refresh } = usePledgeState(session.token);
  const signing = useSigning({ meetingId: state.meetingId, unit, send: meeting.send, connection: meeting.connection, refresh });
  const [open, setOpen] = useState<string | null>(null);
  const [signingOpen, setSigningOpen] = useState(false);
  // Kept so a refused signature (text changed, not yet our turn) need not be typed and drawn again.
  const [lastSigned, setLastSigned] = useState<PledgeSign | null>(null);

  if (!ydoc.doc || !ydoc.synced || !pledge) return <p className="hint" data-testid="pledge-loading">{t("pledge.loading")}</p>;
  const doc = ydoc.doc;
  const draft = plainDraft(doc);
  const mine = proposalsOf(doc).filter((p) => p.unit === unit);
  const own = pledge.units.find((u) => u.unit === unit);
  const signature = own?.signature ?? signing.signed;
  const canPropose = pledge.stage === "drafting" && !isFrozen(doc) && meeting.connection === "connected";
  const signable = pledge.stage === "frozen" && pledge.textHash !== null;

  return (
    <div className="pledge-ui pledge-delegate" data-testid="pledge-delegate" data-stage={pledge.stage}>
      <div className="pledge-bar">
        <StageBadges pledge={pledge} />
      </div>

      {signature ? (
        <div className="pledge-signed" data-testid="pledge-signed">
          <p className="pledge-signed-at">{t("pledge.signedAt", { time: formatClock(signature.signedAt, lang) })}</p>
          <SignatureSvg strokes={signature.strokes} className="pledge-sig-svg" />
          <p>
            {signature.signerName} · {signature.signerTitle}
          </p>
        </div>
      ) : signing.pending ? (
        <p className="pledge-sending" role="status" data-testid="pledge-sending">
          {t(meeting.connection === "connected" ? "pledge.sending" : "pledge.sendingOffline")}
        </p>
      ) : signable ? (
        <p className="pledge-readfirst">
          {t("pledge.readThenSign")}{" "}
          <a href="#pledge-sign-area" className="link-btn">
            {t("pledge.toSignArea")}
          </a>
        </p>
      ) : null}

      {pledge.stage === "drafting" && <p className="hint">{t("pledge.delegateDrafting")}</p>}
      {pledge.stage === "adopted" && <p className="hint">{t("pledge.delegateAdopted")}</p>}

      <DraftText
        draft={draft}
        aside={
          pledge.stage === "drafting"
            ? (section, index) => {
                const k = `${section}:${index}`;
                const current = draft.sections[section]?.commitments[index] ?? null;
                return (
                  <ProposeBox
                    key={k}
                    doc={doc}
                    unit={unit}
                    target={{ section, index, current }}
                    mine={mine.filter((p) => p.section === section && p.index === index)}
                    open={open === k}
                    onOpen={(o) => setOpen(o ? k : null)}
                    disabled={!canPropose}
                  />
                );
              }
            : undefined
        }
      />

      <div id="pledge-sign-area" />
      {signable && !signingOpen && !signature && !signing.pending && (
        <button type="button" className="btn btn-primary btn-lg pledge-sign-start" onClick={() => setSigningOpen(true)} data-testid="pledge-sign-start">
          {t("pledge.sign")}
        </button>
      )}
      {signable && signingOpen && !signature && !signing.pending && (
        <SignFlow
          serverHash={pledge.textHash!}
          localHash={localPledgeHash(doc)}
          headTitle={unitInfo?.headTitle ?? ""}
          unitName={unitInfo?.name ?? unit}
          disabled={meeting.connection !== "connected"}
          onSign={(payload) => {
            setLastSigned(payload);
            signing.sign(payload);
          }}
          initial={lastSigned}
        />
      )}
      {signing.refusal && <Toast message={refusalText(t, signing.refusal)} onClose={signing.dismiss} />}
      {ydoc.refusal && <Toast message={t("yjs.refused", { reason: t(yjsRefusalKey(ydoc.refusal.code)) })} onClose={ydoc.clearRefusal} />}
      {ydoc.closedNotice && <Toast message={t(ydoc.closedNotice)} onClose={ydoc.clearClosed} />}
    </div>
  );
}

function refusalText(t: ReturnType<typeof useT>, r: SignRefusal): string {
  switch (r.reason) {
    case "stale":
      return t("pledge.refused.stale");
    case "head_first":
      return t("pledge.refused.headFirst", { head: r.head });
    case "signed":
      return t("pledge.refused.signed");
    case "other":
      return t("pledge.failed", { message: r.message });
  }
}
