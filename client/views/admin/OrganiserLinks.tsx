import { useEffect, useState } from "react";
import type { MeetingSummary, OrganiserLinkView } from "../../../shared/protocol/admin";
import { useT } from "../../i18n";
import { createOrganiserLink, fetchOrganiserLinks, revokeOrganiserLink } from "./api";

/** The admin hands a cluster's secretariat a link that lists and sets up that cluster's meetings only. */
export function OrganiserLinks({ meetings, token }: { meetings: MeetingSummary[]; token: string }) {
  const t = useT();
  const [links, setLinks] = useState<OrganiserLinkView[]>([]);
  const [cluster, setCluster] = useState("");
  const [label, setLabel] = useState("");
  const [made, setMade] = useState<OrganiserLinkView | null>(null);
  const [error, setError] = useState(false);
  const clusters = [...new Map(meetings.map((m) => [m.clusterId, `${m.cluster} — ${m.province}`]))];
  const nameOf = (id: string) => clusters.find(([c]) => c === id)?.[1] ?? id;

  const reload = () => void fetchOrganiserLinks(token).then((res) => res.ok && setLinks(res.data.links));
  useEffect(reload, [token]);

  const create = async () => {
    const res = await createOrganiserLink(
      cluster,
      label.trim() || t("admin.links.defaultLabel", { cluster: nameOf(cluster) }),
      token,
    );
    setError(!res.ok);
    if (res.ok) {
      setMade(res.data.link);
      setLabel("");
      reload();
    }
  };
  const revoke = async (l: OrganiserLinkView) => {
    if (!window.confirm(t("admin.links.revokeConfirm", { label: l.label }))) return;
    await revokeOrganiserLink(l.linkId, token);
    reload();
  };

  return (
    <section className="panel admin-links" aria-labelledby="admin-links-title">
      <div className="panel-head">
        <h2 id="admin-links-title">{t("admin.links.title")}</h2>
      </div>
      <div className="panel-body">
        <p className="hint">{t("admin.links.hint")}</p>
        <div className="admin-links-form">
          <label className="field">
            <span>{t("admin.filter.cluster")}</span>
            <select value={cluster} onChange={(e) => setCluster(e.target.value)} data-testid="links-cluster">
              <option value="">{t("admin.links.pick")}</option>
              {clusters.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("admin.links.label")}</span>
            <input
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              placeholder={t("admin.links.labelHint")}
            />
          </label>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!cluster}
            onClick={() => void create()}
            data-testid="links-create"
          >
            {t("admin.links.create")}
          </button>
        </div>
        {error && (
          <p className="setup-error" role="alert">
            {t("admin.links.failed")}
          </p>
        )}
        {made?.url && (
          <div className="admin-links-made" role="status" data-testid="links-made">
            <p>{t("admin.links.made", { label: made.label })}</p>
            <code>{made.url}</code>
            <p className="hint">{t("admin.links.once")}</p>
          </div>
        )}
        {links.length > 0 && (
          <table className="admin-table">
            <thead>
              <tr>
                <th>{t("admin.links.label")}</th>
                <th>{t("admin.filter.cluster")}</th>
                <th>{t("admin.links.state")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.linkId}>
                  <td>{l.label}</td>
                  <td>{nameOf(l.clusterId)}</td>
                  <td>{l.revokedAt ? t("admin.links.revoked") : t("admin.links.active")}</td>
                  <td>
                    {!l.revokedAt && (
                      <button type="button" className="btn btn-small" onClick={() => void revoke(l)}>
                        {t("admin.links.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
