import * as Y from "yjs";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { SCORE_LAYERS, type DocName } from "../../shared/protocol/documents";

/**
 * The server creates each document's structure once, when the meeting is created, and stores it as
 * the document's first update. Clients never create structure: two first joiners would each create
 * their own maps and one would silently win.
 */
export function initialScoresUpdate(def: MeetingDefinition): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const units = doc.getMap<Y.Map<Y.Map<unknown>>>("units");
    for (const u of def.units) {
      const row = new Y.Map<Y.Map<unknown>>();
      units.set(u.code, row);
      const seed = def.scores.find((s) => s.unit === u.code);
      for (const layer of SCORE_LAYERS) {
        const cells = new Y.Map<unknown>();
        row.set(layer, cells);
        const values = seed?.[layer];
        if (!values) continue;
        for (const [id, v] of Object.entries(values.groups)) cells.set(id, v);
        for (const [id, v] of Object.entries(values.bonus)) cells.set(id, v);
        for (const [id, v] of Object.entries(values.deductions)) cells.set(id, v);
      }
      row.set("notes", new Y.Map<unknown>());
    }
    doc.getMap("meta").set("stage", "closed");
  });
  return Y.encodeStateAsUpdate(doc);
}

export function initialPledgeUpdate(def: MeetingDefinition): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    writePledgeDraft(doc, def);
    doc.getMap("proposals");
    doc.getMap("meta").set("frozen", false);
  });
  return Y.encodeStateAsUpdate(doc);
}

/**
 * The root types of each document. The server types them on every copy it holds (live and scratch):
 * an untyped root reads every change as "other" with no value, which a policy would take for a deletion.
 */
export const DOC_ROOTS: Record<DocName, readonly string[]> = {
  scores: ["units", "meta", "clients"],
  pledge: ["draft", "proposals", "meta", "clients"],
};

export function typeRoots(doc: Y.Doc, name: DocName): void {
  for (const root of DOC_ROOTS[name]) doc.getMap(root);
}

/** Writes the pledge draft of a definition into `draft` (at creation, and when a definition is edited before the meeting). */
export function writePledgeDraft(doc: Y.Doc, def: MeetingDefinition): void {
  const p = def.pledge;
  const text = (s: string) => {
    const t = new Y.Text();
    t.insert(0, s);
    return t;
  };
  const draft = doc.getMap<unknown>("draft");
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
  const sections = new Y.Array<Y.Map<unknown>>();
  sections.push(
    p.sections.map((s) => {
      const m = new Y.Map<unknown>();
      m.set("heading", text(s.heading));
      const commitments = new Y.Array<Y.Text>();
      commitments.push(s.commitments.map(text));
      m.set("commitments", commitments);
      return m;
    }),
  );
  draft.set("sections", sections);
}
