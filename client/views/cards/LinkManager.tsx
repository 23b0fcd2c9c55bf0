import { Fragment, useState } from "react";
import type { MeetingDefinition } from "../../../shared/definition/schema";
import { mayManageLink } from "../../../shared/protocol/links";
import { Toast } from "../../components/Page";
import { useT } from "../../i18n";
import type { ApiError, JoinLink } from "../../lib/api";
import { reissueLink, revokeLink } from "../../lib/organiser-api";
import type { StoredSession } from "../../lib/sessions";
import { linkLabel, unitShortName } from "../linkWords";

type Action = "revoke" | "reissue";

/**
 * Every join link the user may manage (the server lists only those: the secretary never sees the
 * chair's link) with its state, and revoke / reissue (screen only). The lost-tablet case: revoke
 * its link (the tablet is cut off at once), then reissue it and hand the delegate the new card.
 */
export function LinkManager({
  def,
  links,
  session,
  onChanged,
}: {
  def: MeetingDefinition;
  links: readonly JoinLink[];
  session: StoredSession;
  /** After a change: the caller refetches the links; a reissued link is shown as a new card. */
  onChanged: (reissued: JoinLink | null) => Promise<void>;
}) {
  const t = useT();
  const [confirm, setConfirm] = useState<{ linkId: string; action: Action } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [toast, setToast] = useState<{ message: string; tone: "error" | "info" } | null>(null);
  const { meetingId } = session.session;
  const labelOf = (l: JoinLink) => linkLabel(l.linkId, def.units, t);

  const act = async (link: JoinLink, action: Action) => {
    setConfirm(null);
    setBusy(link.linkId);
    let reissued: JoinLink | null = null;
    let failed: ApiError | null = null;
    if (action === "revoke") {
      const res = await revokeLink(meetingId, link.linkId, session.token);
      if (!res.ok) failed = res.error;
    } else {
      const res = await reissueLink(meetingId, link.linkId, session.token);
      if (res.ok) reissued = res.data.link;
      else failed = res.error;
    }
    if (failed) setToast({ message: t("chair.failed", { message: failed.message }), tone: "error" });
    else {
      await onChanged(reissued);
      if (!reissued) setToast({ message: t("links.revokedDone", { label: labelOf(link) }), tone: "info" });
    }
    setBusy(null);
  };

  /** Revoking always asks first; reissuing asks only when a device may still be using the link. */
  const request = (link: JoinLink, action: Action) => {
    if (action === "reissue" && link.revoked) void act(link, action);
    else setConfirm({ linkId: link.linkId, action });
  };

  return (
    <section className="links-section no-print" aria-labelledby="links-title" data-testid="links-section">
      <h2 id="links-title">{t("links.title")}</h2>
      <p className="hint">{t("links.hint")}</p>
      {session.session.role === "secretary" && (
        <p className="hint" data-testid="links-chair-only">
          {t("links.chairOnly")}
        </p>
      )}
      <div className="links-table-wrap">
        <table className="links-table">
          <thead>
            <tr>
              <th scope="col">{t("links.label")}</th>
              <th scope="col">{t("links.role")}</th>
              <th scope="col">{t("links.unit")}</th>
              <th scope="col">{t("links.state")}</th>
              <th scope="col">{t("links.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {links.map((l) => {
              const own = l.linkId === session.session.linkId;
              const manageable = !own && mayManageLink(session.session.role, l.role);
              const pending = confirm?.linkId === l.linkId ? confirm : null;
              return (
                <Fragment key={l.linkId}>
                  <tr
                    className={l.revoked ? "is-revoked" : undefined}
                    data-testid={`link-row-${l.linkId}`}
                    data-revoked={l.revoked}
                  >
                    <th scope="row">{labelOf(l)}</th>
                    <td>{t(`role.${l.role}`)}</td>
                    <td>{l.unit ? unitShortName(def.units, l.unit) : "—"}</td>
                    <td>
                      <span
                        className={`pill ${l.revoked ? "pill-bad" : "pill-ok"}`}
                        data-testid={`link-state-${l.linkId}`}
                      >
                        {t(l.revoked ? "links.revoked" : "links.active")}
                      </span>
                    </td>
                    <td>
                      {own ? (
                        <span className="sub">{t("links.own")}</span>
                      ) : !manageable ? (
                        <span className="sub">—</span>
                      ) : (
                        <div className="btn-row btn-row-tight">
                          <button
                            type="button"
                            className="btn btn-sm btn-danger"
                            disabled={l.revoked || busy !== null}
                            onClick={() => request(l, "revoke")}
                            data-testid={`link-revoke-${l.linkId}`}
                          >
                            {t("links.revoke")}
                          </button>
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={busy !== null}
                            onClick={() => request(l, "reissue")}
                            data-testid={`link-reissue-${l.linkId}`}
                          >
                            {t("links.reissue")}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                  {pending && (
                    <tr className="links-confirm-row">
                      <td colSpan={5}>
                        <div
                          className="confirm-box"
                          role="alertdialog"
                          aria-label={t(`links.${pending.action}`)}
                        >
                          <p>
                            {t(pending.action === "revoke" ? "links.confirmRevoke" : "links.confirmReissue", {
                              label: labelOf(l),
                            })}
                          </p>
                          <div className="btn-row">
                            <button
                              type="button"
                              className="btn btn-danger"
                              onClick={() => void act(l, pending.action)}
                              data-testid="link-confirm"
                            >
                              {t(`links.${pending.action}`)}
                            </button>
                            <button type="button" className="btn" onClick={() => setConfirm(null)}>
                              {t("links.cancel")}
                            </button>
                          </div>
                        </div>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      {toast && <Toast message={toast.message} tone={toast.tone} onClose={() => setToast(null)} />}
    </section>
  );
}
