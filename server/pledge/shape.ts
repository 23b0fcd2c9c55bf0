import * as Y from "yjs";
import { DRAFT_KEYS, DRAFT_LINE_KEYS, DRAFT_TEXT_KEYS, pledgeDraft } from "../../shared/documents/layout";

/** Bounds an organiser's edit must keep (the definition schema's, with room to type). */
const LIMITS = { headerLines: 4, sections: 20, commitments: 60, legalBases: 30, textChars: 2000 };
const KEYS = new Set<string>(DRAFT_KEYS);

const tooLong = (t: Y.Text) => t.length > LIMITS.textChars;

/**
 * Why the pledge draft no longer has the structure the server created (server/yjs/structure.ts),
 * or null when it does. The Yjs policy refuses an organiser's update that breaks it, so the
 * freeze and every client can always read the draft.
 */
export function draftShapeProblem(doc: Y.Doc): string | null {
  const draft = pledgeDraft(doc);
  for (const key of draft.keys()) if (!KEYS.has(key)) return `draft.${key} is not part of the pledge`;
  for (const key of DRAFT_LINE_KEYS) {
    const lines = draft.get(key);
    if (!Array.isArray(lines) || lines.length > LIMITS.headerLines || !lines.every((l) => typeof l === "string" && l.length <= 200))
      return `draft.${key} is a list of at most ${LIMITS.headerLines} lines`;
  }
  const caption = draft.get("signatureCaption");
  if (typeof caption !== "string" || caption.length > 300) return "draft.signatureCaption is a line of text";
  for (const key of DRAFT_TEXT_KEYS) {
    const t = draft.get(key);
    if (!(t instanceof Y.Text) || tooLong(t)) return `draft.${key} is text of at most ${LIMITS.textChars} characters`;
  }
  const bases = draft.get("legalBases");
  if (!(bases instanceof Y.Array) || bases.length > LIMITS.legalBases || !bases.toArray().every((b) => b instanceof Y.Text && !tooLong(b)))
    return `draft.legalBases is a list of at most ${LIMITS.legalBases} texts`;
  const sections = draft.get("sections");
  if (!(sections instanceof Y.Array) || sections.length > LIMITS.sections) return `draft.sections is a list of at most ${LIMITS.sections} sections`;
  for (const [i, s] of sections.toArray().entries()) {
    if (!(s instanceof Y.Map)) return `section ${i + 1} is not a section`;
    for (const key of s.keys()) if (key !== "heading" && key !== "commitments") return `section ${i + 1} has an unknown part ${key}`;
    const heading = s.get("heading");
    if (!(heading instanceof Y.Text) || tooLong(heading)) return `section ${i + 1} needs a heading of at most ${LIMITS.textChars} characters`;
    const commitments = s.get("commitments");
    if (!(commitments instanceof Y.Array) || commitments.length > LIMITS.commitments)
      return `section ${i + 1} has at most ${LIMITS.commitments} commitments`;
    if (!commitments.toArray().every((c) => c instanceof Y.Text && !tooLong(c))) return `section ${i + 1}: a commitment is text of at most ${LIMITS.textChars} characters`;
  }
  return null;
}
