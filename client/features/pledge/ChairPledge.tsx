import { useState } from "react";
import { pledgeVote } from "../../../shared/documents/layout";
import { EVENTS } from "../../../shared/protocol/events";
import { isOrganiser } from "../../../shared/protocol/roles";
import { Toast } from "../../components/Page";
import { useT } from "../../i18n";
import { yjsRefusalKey } from "../../realtime/useYDoc";
import { StageBadges } from "./StageBadges";
import type { FeatureContext } from "../types";
import { useDefinition } from "../scores/useDefinition";
import { plainDraft, localPledgeHash, proposalsOf, shortHash } from "./doc";
import { DraftEditor } from "./DraftEditor";
import { DraftText } from "./DraftText";
import { Downloads } from "./Downloads";
import { SignatureWall } from "./PledgeScreen";
import { ProposalCard } from "./ProposalCard";
import { StageControls } from "./StageControls";
import { useAwareness } from "./useAwareness";
import { usePledgeDoc } from "./usePledgeDoc";
import { usePledgeState } from "./usePledgeState";

/** The chair's and secretary's pledge panel: edit the draft, decide proposals, adopt, freeze, follow the signing. */
export function ChairPledge({ meeting, session }: FeatureContext) {
  const t = useT();
  const { state, send } = meeting;
  const me = session.session;
  const ydoc = usePledgeDoc(state.meetingId, session.token);
  const { state: pledge } = usePledgeState(session.token);
  const definition = useDefinition(session.token);
  const awareness = useAwareness(ydoc.provider, me.label || t(me.role === "secretary" ? "role.secretary" : "role.chair"));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const online = meeting.connection === "connected";
  const role = me.role === "secretary" ? "secretary" : "chair";

  const run = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    setBusy(true);
    const res = await p;
    setBusy(false);
    if (!res.ok) setError(t("pledge.failed", { message: res.error?.message ?? "" }));
    return res.ok;
  };
  const decide = (key: string, accept: boolean) =>
    void run(send(accept ? EVENTS.PLEDGE_PROPOSAL_ACCEPT : EVENTS.PLEDGE_PROPOSAL_REJECT, { key }));
  const unitName = (code: string) => state.units.find((u) => u.code === code)?.shortName ?? code;

  if (!ydoc.doc || !ydoc.synced || !pledge || !isOrganiser(me.role))
    return <p className="hint" data-testid="pledge-loading">{t("pledge.loading")}</p>;
  const doc = ydoc.doc;
  const proposals = proposalsOf(doc);
  const hash = localPledgeHash(doc);
  // While the adoption vote runs the server marks the document (meta.vote) and refuses draft edits.
  const voting = pledgeVote(doc) !== null;
  const drafting = pledge.stage === "drafting" && !voting;
  const draft = plainDraft(doc);

  return (
    <div className="pledge-ui pledge-chair" data-testid="pledge-chair" data-stage={pledge.stage}>
      <div className="pledge-bar">
        <StageBadges pledge={pledge} />
        <span className="pledge-hash" title={pledge.textHash ?? hash} data-testid="pledge-hash">
          {pledge.textHash ? t("pledge.frozenHash", { hash: shortHash(pledge.textHash) }) : t("pledge.draftHash", { hash: shortHash(hash) })}
        </span>
        <StageControls
          pledge={pledge}
          role={role}
          chairMayAdopt={definition?.rules.chairMayAdoptPledge ?? false}
          localHash={hash}
          send={send}
          run={run}
          busy={busy}
          online={online}
        />
      </div>
      {proposals.length > 0 && (
        <p className="pledge-pending pill pill-warn" data-testid="pledge-pending-count">
          {t("pledge.pendingProposals", { n: proposals.length })}
        </p>
      )}
      {voting && (
        <p className="pledge-vote-locked" role="status" data-testid="pledge-vote-locked">
          {t("pledge.voteLocked")}
        </p>
      )}
      <Downloads meetingId={state.meetingId} token={session.token} />
      {(pledge.stage === "frozen" || pledge.stage === "final") && (
        <div className="sp sp-pledge follow pledge-chair-wall" data-testid="pledge-chair-wall">
          <SignatureWall pledge={pledge} compact />
        </div>
      )}
      {drafting ? (
        <DraftEditor doc={doc} proposals={proposals} unitName={unitName} decide={role === "chair" ? decide : undefined} busy={busy || !online} awareness={awareness} />
      ) : (
        <DraftText
          draft={draft}
          aside={(s, i) =>
            proposals
              .filter((p) => p.section === s && p.index === i)
              .map((p) => <ProposalCard key={p.key} proposal={p} unitName={unitName(p.unit)} current={draft.sections[s]?.commitments[i] ?? null} />)
          }
        />
      )}
      {ydoc.refusal && <Toast message={t("yjs.refused", { reason: t(yjsRefusalKey(ydoc.refusal.code)) })} onClose={ydoc.clearRefusal} />}
      {ydoc.closedNotice && <Toast message={t(ydoc.closedNotice)} onClose={ydoc.clearClosed} />}
      {error && <Toast message={error} onClose={() => setError(null)} />}
    </div>
  );
}
