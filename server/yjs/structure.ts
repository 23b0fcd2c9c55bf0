import * as Y from "yjs";
import type { MeetingDefinition } from "../../shared/definition/schema";
import {
  DOC_ROOTS,
  newDraftSection,
  newUnitRow,
  pledgeDraft,
  scoresUnits,
  setPledgeFrozen,
  setScoresStage,
  typeRoots,
  type DraftSection,
  type LayerSeed,
} from "../../shared/documents/layout";
import { SCORE_LAYERS, type ScoreLayer as ScoreLayerName } from "../../shared/protocol/documents";

/**
 * The server creates each document's structure once, when the meeting is created, and stores it as
 * the document's first update. Clients never create structure: two first joiners would each create
 * their own maps and one would silently win.
 */
export function initialScoresUpdate(def: MeetingDefinition): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const units = scoresUnits(doc);
    for (const u of def.units) units.set(u.code, newUnitRow(unitSeed(def, u.code)));
    setScoresStage(doc, "closed");
  });
  return Y.encodeStateAsUpdate(doc);
}

/** A unit's seed scores from the definition, one map of cells per layer. */
export function unitSeed(def: MeetingDefinition, code: string): Partial<Record<ScoreLayerName, LayerSeed>> {
  const seed = def.scores.find((s) => s.unit === code);
  const out: Partial<Record<ScoreLayerName, LayerSeed>> = {};
  for (const layer of SCORE_LAYERS) {
    const values = seed?.[layer];
    if (values) out[layer] = { ...values.groups, ...values.bonus, ...values.deductions };
  }
  return out;
}

export function initialPledgeUpdate(def: MeetingDefinition): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    writePledgeDraft(doc, def);
    typeRoots(doc, "pledge");
    setPledgeFrozen(doc, false, null);
  });
  return Y.encodeStateAsUpdate(doc);
}

// The root names and typeRoots live with the layouts; re-exported for the document rooms.
export { DOC_ROOTS, typeRoots };

/** Writes the pledge draft of a definition into `draft` (at creation, and when a definition is edited before the meeting). */
export function writePledgeDraft(doc: Y.Doc, def: MeetingDefinition): void {
  const p = def.pledge;
  const text = (s: string) => {
    const t = new Y.Text();
    t.insert(0, s);
    return t;
  };
  const draft = pledgeDraft(doc);
  draft.set("headerLeft", p.header.left);
  draft.set("headerRight", p.header.right);
  draft.set("placeDate", text(p.header.placeDate));
  draft.set("title", text(p.header.title));
  draft.set("subtitle", text(p.header.subtitle ?? ""));
  draft.set("preamble", text(p.preamble));
  draft.set("signatureCaption", p.signatureCaption);
  const bases = new Y.Array<Y.Text>();
  bases.push(p.legalBases.map(text));
  draft.set("legalBases", bases);
  const sections = new Y.Array<DraftSection>();
  sections.push(p.sections.map((s) => newDraftSection(s.heading, s.commitments)));
  draft.set("sections", sections);
}
