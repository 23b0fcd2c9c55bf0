import { useT } from "../../i18n";
import { localPledgeHash } from "./doc";
import { usePledgeDoc } from "./usePledgeDoc";

/**
 * On the ballot of a vote adopting the pledge: the SHA-256 of the draft being voted on, computed on
 * this tablet from its synced copy (the same canonical text and hash the freeze will fix). The server
 * keeps the draft read-only for the whole vote, so the hash shown cannot change under the voter.
 */
export function BallotHash({ meetingId, token }: { meetingId: string; token: string }) {
  const t = useT();
  const ydoc = usePledgeDoc(meetingId, token);
  if (!ydoc.doc || !ydoc.synced) return null;
  const hash = localPledgeHash(ydoc.doc);
  return (
    <p className="ballot-hash" data-testid="ballot-pledge-hash" data-hash={hash}>
      {t("pledge.ballotHash")} <code>{hash}</code>
    </p>
  );
}
