import * as Y from "yjs";
import {
  draftCaption,
  draftJson,
  draftLegalBases,
  draftLines,
  draftSections,
  draftText,
  pledgeDraft,
  pledgeFrozen,
  pledgeProposals,
  proposalKey,
  proposalUnit,
  sectionCommitments,
  sectionHeading,
  type DraftLineKey,
} from "../../../shared/documents/layout";
import { pledgeHash } from "../../../shared/pledge/canonical";
import { draftFromJson } from "../../../shared/pledge/from-json";
import type { PledgeProposal } from "../../../shared/protocol/pledge";
import { textDiff } from "./textDiff";

/** The parts of the `pledge` document's draft map (docs/protocol.md, "Yjs documents › pledge"). */
export interface DraftParts {
  headerLeft: string[];
  headerRight: string[];
  placeDate: Y.Text | null;
  title: Y.Text | null;
  subtitle: Y.Text | null;
  preamble: Y.Text | null;
  legalBases: Y.Array<Y.Text> | null;
  sections: Array<{ heading: Y.Text | null; commitments: Y.Array<Y.Text> | null }>;
  signatureCaption: string;
}

/** Reads the draft's shared types (the server created them; clients never add structure). */
export function draftParts(doc: Y.Doc): DraftParts {
  return {
    headerLeft: draftLines(doc, "headerLeft"),
    headerRight: draftLines(doc, "headerRight"),
    placeDate: draftText(doc, "placeDate"),
    title: draftText(doc, "title"),
    subtitle: draftText(doc, "subtitle"),
    preamble: draftText(doc, "preamble"),
    legalBases: draftLegalBases(doc),
    sections: (draftSections(doc)?.toArray() ?? [])
      .filter((s) => s instanceof Y.Map)
      .map((s) => ({ heading: sectionHeading(s), commitments: sectionCommitments(s) })),
    signatureCaption: draftCaption(doc),
  };
}

/** The hash of the text as this device holds it: the same function the server freezes with. */
export function localPledgeHash(doc: Y.Doc): string {
  return pledgeHash(draftFromJson(draftJson(doc)));
}

export function isFrozen(doc: Y.Doc): boolean {
  return pledgeFrozen(doc);
}

/** Applies the minimal change from the text's current content to `next` (one transaction). */
export function replaceText(t: Y.Text, next: string): void {
  const change = textDiff(t.toString(), next);
  if (!change) return;
  const apply = () => {
    if (change.remove > 0) t.delete(change.index, change.remove);
    if (change.insert) t.insert(change.index, change.insert);
  };
  if (t.doc) t.doc.transact(apply);
  else apply();
}

export function addCommitment(list: Y.Array<Y.Text>, at: number, content = ""): void {
  list.insert(at, [new Y.Text(content)]);
}

/** Yjs has no move: the commitment is re-inserted with its current wording (one transaction). */
export function moveCommitment(list: Y.Array<Y.Text>, from: number, to: number): void {
  if (to < 0 || to >= list.length || from === to) return;
  const run = () => {
    const content = list.get(from).toString();
    list.delete(from, 1);
    list.insert(to, [new Y.Text(content)]);
  };
  if (list.doc) list.doc.transact(run);
  else run();
}

/** Replaces a header column (plain string lines), dropping blank lines. */
export function setHeaderLines(doc: Y.Doc, key: DraftLineKey, value: string[]): void {
  pledgeDraft(doc).set(key, value.map((l) => l.trim()).filter(Boolean));
}

export interface ProposalEntry extends PledgeProposal {
  key: string;
  unit: string;
}

/** Every delegate proposal in the document, in key order. */
export function proposalsOf(doc: Y.Doc): ProposalEntry[] {
  const out: ProposalEntry[] = [];
  pledgeProposals(doc).forEach((value, key) => {
    const v = value as Partial<PledgeProposal> | null;
    if (!v || typeof v.text !== "string" || typeof v.section !== "number" || typeof v.index !== "number") return;
    out.push({ key, unit: proposalUnit(key), section: v.section, index: v.index, text: v.text });
  });
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/** A fresh proposal id for "<UNIT>:<id>" (the policy allows 1–40 of A-Z a-z 0-9 _ -). */
export function newProposalKey(unit: string): string {
  return proposalKey(unit, `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
}

const ids = new WeakMap<object, number>();
let nextId = 1;
/** A stable React key for a shared type (commitments move, so their index is no key). */
export function keyOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) {
    id = nextId++;
    ids.set(o, id);
  }
  return id;
}

/** "a3f9…c21e": the start and end of a hash, for people to compare by eye. */
export function shortHash(hash: string | null | undefined): string {
  if (!hash) return "—";
  return `${hash.slice(0, 8)}…${hash.slice(-6)}`;
}

/** The draft as plain strings, blank commitments kept (proposals point at these indices). */
export interface PlainDraft {
  headerLeft: string[];
  headerRight: string[];
  placeDate: string;
  title: string;
  subtitle: string;
  preamble: string;
  legalBases: string[];
  sections: Array<{ heading: string; commitments: string[] }>;
  signatureCaption: string;
}

export function plainDraft(doc: Y.Doc): PlainDraft {
  const p = draftParts(doc);
  const s = (t: Y.Text | null) => t?.toString() ?? "";
  return {
    headerLeft: p.headerLeft,
    headerRight: p.headerRight,
    placeDate: s(p.placeDate),
    title: s(p.title),
    subtitle: s(p.subtitle),
    preamble: s(p.preamble),
    legalBases: p.legalBases?.toArray().map((b) => b.toString()) ?? [],
    sections: p.sections.map((sec) => ({ heading: s(sec.heading), commitments: sec.commitments?.toArray().map((c) => c.toString()) ?? [] })),
    signatureCaption: p.signatureCaption,
  };
}
