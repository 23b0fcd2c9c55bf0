import * as Y from "yjs";
import type { PledgeProposal } from "../protocol/pledge";
import type { DocName } from "../protocol/documents";
import type { Role } from "../protocol/roles";
import type { ScoreStage } from "../protocol/scores";
import type { ScoresDocJson } from "../scoring/table";
import { SCORE_LAYERS, type ScoreLayerName } from "../scoring/types";

/**
 * The layouts of the two Yjs documents (docs/protocol.md, "Yjs documents"): the root names and typed
 * accessors for every level. This is the only file that names a root; everything else reads and writes
 * through these functions (tests/unit/doc-layout-literals.test.ts holds the rest of the code to that).
 * It imports yjs and types only: the tablet's first load carries it.
 */

/** `scores`: unit rows, the workflow stage, who each Yjs client id is. */
export const SCORES_ROOTS = { units: "units", meta: "meta", clients: "clients" } as const;
/** `pledge`: the draft being edited, delegates' proposals, the freeze and vote flags, client ids. */
export const PLEDGE_ROOTS = { draft: "draft", proposals: "proposals", meta: "meta", clients: "clients" } as const;

/**
 * The root types of each document, all maps. The server types them on every copy it holds (live and
 * scratch): an untyped root reads every change as "other" with no value, which a policy would take for
 * a deletion.
 */
export const DOC_ROOTS: { readonly [N in DocName]: readonly string[] } = {
  scores: Object.values(SCORES_ROOTS),
  pledge: Object.values(PLEDGE_ROOTS),
};

export function typeRoots(doc: Y.Doc, name: DocName): void {
  for (const root of DOC_ROOTS[name]) doc.getMap(root);
}

// ---------------------------------------------------------------------------------------------------
// Both documents

/** `clients.<clientId>`: who a Yjs client id is (written by the server when the id first writes). */
export interface ClientLabel {
  linkId: string;
  role: Role;
  unit: string | null;
  label: string;
}

export const docClients = (doc: Y.Doc): Y.Map<ClientLabel> => doc.getMap<ClientLabel>(SCORES_ROOTS.clients);

/** The label of a client id, or null when the server has not named it (or the entry is not a label). */
export function clientLabel(doc: Y.Doc, clientId: number): ClientLabel | null {
  const who: unknown = docClients(doc).get(String(clientId));
  if (!who || typeof who !== "object") return null;
  const w = who as Partial<ClientLabel>;
  if (typeof w.role !== "string") return null;
  return { linkId: typeof w.linkId === "string" ? w.linkId : "", role: w.role, unit: w.unit ?? null, label: w.label ?? "" };
}

// ---------------------------------------------------------------------------------------------------
// scores: units.<CODE>.<layer | notes>.<criterion id>, meta.stage, clients.<id>

/** The note layer of a unit row, beside the three score layers. */
export const NOTES = "notes";
export type CellLayer = ScoreLayerName | typeof NOTES;
/** Every map of a unit row, in the order the server creates them. */
export const UNIT_ROW_LAYERS: readonly CellLayer[] = [...SCORE_LAYERS, NOTES];

/** `units.<CODE>.<layer>`: criterion id → group points (one decimal) or a bonus / deduction count. */
export type ScoreCells = Y.Map<number>;
/** `units.<CODE>.notes`: criterion id → the organisers' note (≤ 1000 characters). */
export type NoteCells = Y.Map<string>;
/** `units.<CODE>`: layer name → its cells. */
export type UnitRow = Y.Map<ScoreCells | NoteCells>;

export const scoresUnits = (doc: Y.Doc): Y.Map<UnitRow> => doc.getMap<UnitRow>(SCORES_ROOTS.units);
/** `meta.stage` and `meta.epoch` (scoresEpoch); the server alone writes them. */
export const scoresMeta = (doc: Y.Doc): Y.Map<ScoreStage> => doc.getMap<ScoreStage>(SCORES_ROOTS.meta);

export function unitRow(doc: Y.Doc, code: string): UnitRow | null {
  const row: unknown = scoresUnits(doc).get(code);
  return row instanceof Y.Map ? (row as UnitRow) : null;
}

/**
 * One map of a unit row (a score layer or the notes), or null when the row or map is missing. Its
 * values are typed by the layer: `scoreLayer` and `unitNotes` say which.
 */
export function unitCells(doc: Y.Doc, code: string, layer: CellLayer): Y.Map<unknown> | null {
  const map: unknown = unitRow(doc, code)?.get(layer);
  return map instanceof Y.Map ? (map as Y.Map<unknown>) : null;
}

export const scoreLayer = (doc: Y.Doc, code: string, layer: ScoreLayerName): ScoreCells | null =>
  unitCells(doc, code, layer) as ScoreCells | null;

export const unitNotes = (doc: Y.Doc, code: string): NoteCells | null => unitCells(doc, code, NOTES) as NoteCells | null;

/** Every unit row as plain JSON (what shared/scoring reads). */
export const scoresJson = (doc: Y.Doc): ScoresDocJson => scoresUnits(doc).toJSON() as ScoresDocJson;

export function scoresStage(doc: Y.Doc): ScoreStage | undefined {
  return scoresMeta(doc).get("stage");
}

export function setScoresStage(doc: Y.Doc, stage: ScoreStage): void {
  scoresMeta(doc).set("stage", stage);
}

/**
 * `meta.epoch`: which renewal of the document this is (server/yjs/renew.ts), a random string the server
 * alone writes when it rebuilds the document without its tombstones; absent until the first renewal. A
 * copy of another epoch must never be merged into this one: a client says which epoch its copy is
 * (`docEpochParam`) when it connects, and the server closes it with CLOSE_CODES.DOC_RENEWED if it differs.
 */
export const EPOCH_KEY = "epoch";
/** What a copy with content but no `meta.epoch` is (the document before its first renewal). */
export const NO_EPOCH = "0";

export function scoresEpoch(doc: Y.Doc): string | null {
  const e: unknown = doc.getMap<unknown>(SCORES_ROOTS.meta).get(EPOCH_KEY);
  return typeof e === "string" ? e : null;
}

export function setScoresEpoch(doc: Y.Doc, epoch: string): void {
  doc.getMap<unknown>(SCORES_ROOTS.meta).set(EPOCH_KEY, epoch);
}

/** The epoch of a document as the server compares it: `meta.epoch`, or NO_EPOCH (the pledge is never renewed). */
export const docEpoch = (doc: Y.Doc, name: DocName): string => (name === "scores" ? scoresEpoch(doc) : null) ?? NO_EPOCH;

/**
 * The `epoch` a client sends with its copy (the socket's `epoch` parameter): null while the copy is
 * still empty (a fresh copy takes whatever the server has), else its epoch or NO_EPOCH.
 */
export const docEpochParam = (doc: Y.Doc, name: DocName): string | null => (doc.store.clients.size === 0 ? null : docEpoch(doc, name));

/** Cell values of one layer of a unit, as a definition's seed scores give them. */
export type LayerSeed = Readonly<Record<string, number>>;

/** A new unit row: the three score layers (seeded when given) and empty notes. */
export function newUnitRow(seed: Partial<Record<ScoreLayerName, LayerSeed>> = {}): UnitRow {
  const row: UnitRow = new Y.Map();
  for (const layer of SCORE_LAYERS) {
    const cells: ScoreCells = new Y.Map();
    for (const [id, v] of Object.entries(seed[layer] ?? {})) cells.set(id, v);
    row.set(layer, cells);
  }
  row.set(NOTES, new Y.Map<string>());
  return row;
}

// ---------------------------------------------------------------------------------------------------
// pledge: draft.*, proposals.<UNIT>:<id>, meta.{frozen, hash, vote}, clients.<id>

/** `draft.<key>` holding a Y.Text. */
export const DRAFT_TEXT_KEYS = ["placeDate", "title", "subtitle", "preamble"] as const;
export type DraftTextKey = (typeof DRAFT_TEXT_KEYS)[number];
/** `draft.<key>` holding a plain array of strings (the header columns). */
export const DRAFT_LINE_KEYS = ["headerLeft", "headerRight"] as const;
export type DraftLineKey = (typeof DRAFT_LINE_KEYS)[number];
/** Every key of the draft map; the server refuses any other. */
export const DRAFT_KEYS = [...DRAFT_LINE_KEYS, ...DRAFT_TEXT_KEYS, "legalBases", "sections", "signatureCaption"] as const;
export type DraftKey = (typeof DRAFT_KEYS)[number];

/** `draft.sections[i]`: `heading` (Y.Text) and `commitments` (Y.Array<Y.Text>). */
export type DraftSection = Y.Map<Y.Text | Y.Array<Y.Text>>;
/** What a draft key holds (see DRAFT_KEYS and docs/protocol.md). */
export type DraftValue = string | string[] | Y.Text | Y.Array<Y.Text> | Y.Array<DraftSection>;

export const pledgeDraft = (doc: Y.Doc): Y.Map<DraftValue> => doc.getMap<DraftValue>(PLEDGE_ROOTS.draft);
/** `proposals.<UNIT>:<id>` → `{ section, index, text }`. */
export const pledgeProposals = (doc: Y.Doc): Y.Map<PledgeProposal> => doc.getMap<PledgeProposal>(PLEDGE_ROOTS.proposals);
/** `meta.frozen` (boolean), `meta.hash` (hex), `meta.vote` (poll id): the server alone writes them. */
export const pledgeMeta = (doc: Y.Doc): Y.Map<boolean | string> => doc.getMap<boolean | string>(PLEDGE_ROOTS.meta);

/** The draft as plain JSON (give it to shared/pledge/from-json.ts `draftFromJson`). */
export const draftJson = (doc: Y.Doc): Record<string, unknown> => pledgeDraft(doc).toJSON();

export function draftText(doc: Y.Doc, key: DraftTextKey): Y.Text | null {
  const t = pledgeDraft(doc).get(key);
  return t instanceof Y.Text ? t : null;
}

export function draftLines(doc: Y.Doc, key: DraftLineKey): string[] {
  const v = pledgeDraft(doc).get(key);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function draftLegalBases(doc: Y.Doc): Y.Array<Y.Text> | null {
  const v = pledgeDraft(doc).get("legalBases");
  return v instanceof Y.Array ? (v as Y.Array<Y.Text>) : null;
}

export function draftSections(doc: Y.Doc): Y.Array<DraftSection> | null {
  const v = pledgeDraft(doc).get("sections");
  return v instanceof Y.Array ? (v as Y.Array<DraftSection>) : null;
}

export function draftCaption(doc: Y.Doc): string {
  const v = pledgeDraft(doc).get("signatureCaption");
  return typeof v === "string" ? v : "";
}

export function sectionHeading(section: unknown): Y.Text | null {
  const t = section instanceof Y.Map ? section.get("heading") : null;
  return t instanceof Y.Text ? t : null;
}

export function sectionCommitments(section: unknown): Y.Array<Y.Text> | null {
  const list = section instanceof Y.Map ? section.get("commitments") : null;
  return list instanceof Y.Array ? (list as Y.Array<Y.Text>) : null;
}

/** Commitment `index` of section `section` (0-based), or null. */
export function draftCommitment(doc: Y.Doc, section: number, index: number): Y.Text | null {
  const sections = draftSections(doc);
  const list = sections && section >= 0 && section < sections.length ? sectionCommitments(sections.get(section)) : null;
  const t = list && index >= 0 && index < list.length ? list.get(index) : null;
  return t instanceof Y.Text ? t : null;
}

/** A new section map: its heading and commitments as Y types. */
export function newDraftSection(heading: string, commitments: readonly string[]): DraftSection {
  const section: DraftSection = new Y.Map();
  section.set("heading", new Y.Text(heading));
  const list = new Y.Array<Y.Text>();
  list.push(commitments.map((c) => new Y.Text(c)));
  section.set("commitments", list);
  return section;
}

/** `<UNIT>:<id>`: the unit a proposal key belongs to. */
export const proposalKey = (unit: string, id: string): string => `${unit}:${id}`;
export const proposalUnit = (key: string): string => key.split(":")[0] ?? "";

export function pledgeFrozen(doc: Y.Doc): boolean {
  return pledgeMeta(doc).get("frozen") === true;
}

/** The hash the server froze (null before the freeze). */
export function frozenHash(doc: Y.Doc): string | null {
  const h = pledgeMeta(doc).get("hash");
  return typeof h === "string" ? h : null;
}

/** The running adoption vote's poll id (null when none runs). */
export function pledgeVote(doc: Y.Doc): string | null {
  const v = pledgeMeta(doc).get("vote");
  return typeof v === "string" ? v : null;
}

/** Sets or clears the freeze: `meta.frozen`, with `meta.hash` only while frozen. */
export function setPledgeFrozen(doc: Y.Doc, frozen: boolean, hash: string | null): void {
  const meta = pledgeMeta(doc);
  meta.set("frozen", frozen);
  if (frozen && hash) meta.set("hash", hash);
  else if (meta.has("hash")) meta.delete("hash");
}

/** Sets `meta.vote` to a poll id, or clears it (null); writes nothing when it already says so. */
export function setPledgeVote(doc: Y.Doc, pollId: string | null): void {
  const meta = pledgeMeta(doc);
  if (pollId === null) {
    if (meta.has("vote")) meta.delete("vote");
  } else if (meta.get("vote") !== pollId) meta.set("vote", pollId);
}
