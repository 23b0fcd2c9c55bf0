import { useState } from "react";
import { formatScore, type ScoreTableRow } from "../../../shared/scoring";
import { useLang, useT } from "../../i18n";
import { CountField, ScoreField } from "./ScoreField";
import { LAYER_KEY, LAYER_SHORT_KEY, unitShortName } from "./labels";
import type { MatrixProps } from "./ScoreMatrix";

type Section = "groups" | "bonus" | "deductions";

/** One unit opened in the matrix: every criterion's three layers, the agreed entry and the note. */
export function UnitDetail(p: MatrixProps & { row: ScoreTableRow }) {
  const t = useT();
  const { lang } = useLang();
  const { criteria } = p.definition;
  const { row } = p;
  const fmt = (v: number | undefined, count: boolean) =>
    v === undefined ? "—" : count ? `${v}×` : formatScore(v, lang);
  const name = unitShortName(p.state, row.unit);
  const lines: { id: string; label: string; section: Section; max: number }[] = [
    ...criteria.groups.map((g) => ({ id: g.id, label: g.name, section: "groups" as const, max: g.max })),
    ...criteria.bonus.items.map((b) => ({ id: b.id, label: `${t("scores.bonus")}: ${b.name}`, section: "bonus" as const, max: b.maxCount })),
    ...criteria.deductions.map((d) => ({ id: d.id, label: `${t("scores.deduction")}: ${d.name}`, section: "deductions" as const, max: d.maxCount })),
  ];

  return (
    <div className="unit-detail" data-testid={`matrix-detail-${row.unit}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("scores.criterion")}</th>
            <th scope="col" className="num">{t(LAYER_SHORT_KEY.self)}</th>
            <th scope="col" className="num">{t(LAYER_SHORT_KEY.cross)}</th>
            <th scope="col">{t(LAYER_KEY.agreed)}</th>
            <th scope="col">{t("scores.note")}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map(({ id, label, section, max }) => {
            const count = section !== "groups";
            const agreed = row.layers.agreed.values[section][id];
            const aria = `${name} ${id} — ${t(LAYER_KEY.agreed)}`;
            return (
              <tr key={id}>
                <th scope="row">
                  <span className="criterion-id">{id}</span> {label}
                </th>
                <td className="num">{fmt(row.layers.self.values[section][id], count)}</td>
                <td className="num">{fmt(row.layers.cross.values[section][id], count)}</td>
                <td>
                  {count ? (
                    <CountField
                      testId={`detail-${row.unit}-agreed-${id}`}
                      label={aria}
                      maxCount={max}
                      value={agreed}
                      editable={p.canEditAgreed}
                      onCommit={(n) => p.commit(row.unit, "agreed", id, n)}
                    />
                  ) : (
                    <ScoreField
                      testId={`detail-${row.unit}-agreed-${id}`}
                      label={aria}
                      max={max}
                      value={agreed}
                      editable={p.canEditAgreed}
                      onCommit={(v) => p.commit(row.unit, "agreed", id, v)}
                      author={p.authorOf(row.unit, "agreed", id)}
                    />
                  )}
                </td>
                <td>
                  <NoteField
                    value={row.notes[id] ?? ""}
                    editable={p.canEditNotes}
                    label={`${t("scores.note")} ${name} ${id}`}
                    author={p.authorOf(row.unit, "notes", id)}
                    onCommit={(text) => p.commit(row.unit, "notes", id, text)}
                    testId={`note-${row.unit}-${id}`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A note on a cell (why a score changed): local text while typing, saved on blur / Enter. */
function NoteField(p: {
  value: string;
  editable: boolean;
  label: string;
  author: string | null;
  onCommit: (text: string) => void;
  testId: string;
}) {
  const t = useT();
  const [draft, setDraft] = useState<{ text: string; base: string } | null>(null);
  if (!p.editable) return <span className="note-ro">{p.value}</span>;
  const save = () => {
    if (!draft) return;
    const text = draft.text.slice(0, 1000);
    setDraft(null);
    if (text !== p.value) p.onCommit(text);
  };
  return (
    <div className="note-field">
      <input
        type="text"
        value={draft ? draft.text : p.value}
        aria-label={p.label}
        maxLength={1000}
        placeholder={t("scores.notePlaceholder")}
        onChange={(e) => {
          const text = e.target.value;
          setDraft((d) => ({ text, base: d ? d.base : p.value }));
        }}
        onBlur={save}
        onKeyDown={(e) => e.key === "Enter" && save()}
        data-testid={p.testId}
      />
      {draft && draft.base !== p.value && (
        <p className="score-remote" role="status">
          {p.author ? t("scores.remoteBy", { value: p.value, who: p.author }) : t("scores.remote", { value: p.value })}
        </p>
      )}
    </div>
  );
}
