import { useState } from "react";
import type { PledgeSign, Strokes } from "../../../shared/protocol/pledge";
import { useT } from "../../i18n";
import { shortHash } from "./doc";
import { printedTitle } from "./labels";
import { newOpId } from "./pendingSign";
import { SignaturePad } from "./SignaturePad";
import { SignatureSvg } from "./SignatureSvg";

export interface SignFlowProps {
  /** The frozen hash the server holds, and the one this tablet computes from the text it shows. */
  serverHash: string;
  localHash: string;
  headTitle: string;
  unitName: string;
  disabled: boolean;
  onSign: (payload: PledgeSign) => void;
  /** What the signer entered last time, when the server refused it (e.g. the text changed): not typed or drawn again. */
  initial?: PledgeSign | null;
}

/** Name, title, on-behalf mark, a drawn signature, then a confirm step; the frozen text is read above. */
export function SignFlow({ serverHash, localHash, headTitle, unitName, disabled, onSign, initial }: SignFlowProps) {
  const t = useT();
  const [name, setName] = useState(initial?.signerName ?? "");
  const [title, setTitle] = useState(initial?.signerTitle ?? headTitle);
  const [onBehalf, setOnBehalf] = useState(!!initial?.onBehalf);
  const [represented, setRepresented] = useState(initial?.onBehalf?.representedTitle ?? headTitle);
  const [strokes, setStrokes] = useState<Strokes>(initial?.strokes ?? []);
  const [confirming, setConfirming] = useState(false);
  const matches = serverHash === localHash;
  const ready = matches && name.trim() !== "" && title.trim() !== "" && strokes.length > 0 && (!onBehalf || represented.trim() !== "");

  const toggleBehalf = (on: boolean) => {
    setOnBehalf(on);
    if (on && title === headTitle) setTitle(`Phó ${headTitle}`);
    if (!on && title === `Phó ${headTitle}`) setTitle(headTitle);
  };
  const submit = () =>
    onSign({
      hash: serverHash,
      signerName: name.trim(),
      signerTitle: title.trim(),
      ...(onBehalf ? { onBehalf: { representedTitle: represented.trim() } } : {}),
      strokes,
      opId: newOpId(),
    });

  const hashLine = (
    <p className={`pledge-hashcheck ${matches ? "ok" : "bad"}`} data-testid="pledge-hashcheck" data-match={matches}>
      {t("pledge.textCode", { hash: shortHash(serverHash) })} ·{" "}
      {t(matches ? "pledge.hashMatches" : "pledge.hashDiffers")}
    </p>
  );

  if (confirming)
    return (
      <div className="pledge-signflow confirm" data-testid="pledge-sign-confirm">
        <h3>{t("pledge.confirmTitle")}</h3>
        <div className="pledge-sigcard">
          <p className="pledge-sig-unit">{unitName.toLocaleUpperCase("vi-VN")}</p>
          {printedTitle(title, onBehalf ? { representedTitle: represented } : null).map((l) => (
            <p key={l} className="pledge-sig-title">
              {l}
            </p>
          ))}
          <SignatureSvg strokes={strokes} className="pledge-sig-svg" />
          <p className="pledge-sig-name">{name}</p>
        </div>
        {hashLine}
        <p>{t("pledge.confirmText")}</p>
        <div className="btn-row">
          <button type="button" className="btn btn-primary btn-lg" disabled={disabled || !ready} onClick={submit} data-testid="pledge-sign-submit">
            {t("pledge.signNow")}
          </button>
          <button type="button" className="btn btn-lg" onClick={() => setConfirming(false)}>
            {t("pledge.back")}
          </button>
        </div>
      </div>
    );

  return (
    <div className="pledge-signflow" data-testid="pledge-sign-form">
      <h3>{t("pledge.signFor", { unit: unitName })}</h3>
      {hashLine}
      <label className="field">
        <span>{t("pledge.signerName")}</span>
        <input type="text" value={name} maxLength={120} autoComplete="name" onChange={(e) => setName(e.target.value)} data-testid="pledge-signer-name" />
      </label>
      <label className="field">
        <span>{t("pledge.signerTitle")}</span>
        <input type="text" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} data-testid="pledge-signer-title" />
      </label>
      <label className="check">
        <input type="checkbox" checked={onBehalf} onChange={(e) => toggleBehalf(e.target.checked)} data-testid="pledge-onbehalf" />
        <span>{t("pledge.onBehalf")}</span>
      </label>
      {onBehalf && (
        <label className="field">
          <span>{t("pledge.representedTitle")}</span>
          <input type="text" value={represented} maxLength={120} onChange={(e) => setRepresented(e.target.value)} data-testid="pledge-represented" />
        </label>
      )}
      <SignaturePad strokes={strokes} onChange={setStrokes} />
      <button type="button" className="btn btn-primary btn-lg" disabled={!ready} onClick={() => setConfirming(true)} data-testid="pledge-sign-next">
        {t("pledge.next")}
      </button>
    </div>
  );
}
