import * as Y from "yjs";
import type { MeetingDefinition } from "../../shared/definition/schema";
import type { SessionInfo } from "../../shared/protocol/meeting";
import { isOrganiser } from "../../shared/protocol/roles";
import type { DocName, YjsRefusalCode } from "../../shared/protocol/documents";
import type { ScoreStage } from "../../shared/protocol/scores";
import { validateScoreValue } from "../../shared/scoring/validate";
import { canWriteScoreCell } from "../../shared/scoring/can-write";
import type { DocChange } from "./changes";
import { PLEDGE_ROOTS, SCORES_ROOTS, draftSections, pledgeProposals, sectionCommitments } from "../../shared/documents/layout";
import { draftShapeProblem } from "../pledge/shape";
import { proposalKeySchema } from "../../shared/protocol/pledge";
import type { MeetingPhase } from "../../shared/discussion/phase";

/**
 * A refusal names the refused cell (`path`, sent to the client, which decides by code and path) and
 * says why in English (`reason`, for the server's log only).
 */
export type Verdict = { ok: true } | { ok: false; code: YjsRefusalCode; path: string; reason: string };
const ok: Verdict = { ok: true };
const no = (code: YjsRefusalCode, path: string, reason: string): Verdict => ({ ok: false, code, path, reason });

/** The dotted path of the key a change wrote ("units.BDT.self.G1"), or of the type it changed. */
export const changePath = (change: DocChange): string => [...change.path, ...(change.key === null ? [] : [change.key])].join(".");

const CELL_RULES: Record<"LOCKED" | "STRUCTURE" | "FORBIDDEN" | "NOT_OPEN", string> = {
  LOCKED: "the score table is locked",
  STRUCTURE: "not a unit row and layer of the definition: structure the server owns",
  FORBIDDEN: "this role or unit may not write this layer",
  NOT_OPEN: "the layer is not open in this stage",
};

/** Proposals a unit may have open at once, and in the whole document. */
export const MAX_PROPOSALS_PER_UNIT = 20;
export const MAX_PROPOSALS = 200;
export const MAX_PROPOSAL_CHARS = 2000;

export interface PolicyContext {
  session: SessionInfo;
  definition: MeetingDefinition;
  /** The document after the change (the server's scratch copy, not the live one). */
  doc: Y.Doc;
  /** The meta map as it was before the change: a change cannot unlock itself. */
  metaBefore: Record<string, unknown>;
  /** The meeting's phase now (shared/discussion/phase.ts meetingPhase, the same rule the Socket.IO gate uses). */
  phase: MeetingPhase;
}

/**
 * Who may write what, decided per change on the server (DESIGN.md, "The two Yjs documents").
 * The score table: a delegate writes its own unit's self layer and the cross layer of the units it
 * cross-checks; the chair and the secretary write the agreed layer and the notes; the big screen and
 * followers write nothing; nobody writes the structure or meta (the server does).
 */
export function scoresPolicy(ctx: PolicyContext, change: DocChange): Verdict {
  const { session, definition } = ctx;
  const path = changePath(change);
  const stage = (ctx.metaBefore.stage as ScoreStage | undefined) ?? "closed";
  const [root, unit, layer, ...rest] = change.path;
  if (stage === "locked") return no("LOCKED", path, CELL_RULES.LOCKED);
  if (root !== SCORES_ROOTS.units || unit === undefined || layer === undefined || rest.length > 0 || change.key === null)
    return no("STRUCTURE", path, "structure the server owns");
  // The same rule the tablet runs to decide what it offers for editing (shared/scoring/can-write.ts).
  const allowed = canWriteScoreCell(session, definition, stage, unit, layer);
  if (!allowed.ok) return no(allowed.code, path, `${CELL_RULES[allowed.code]} (${session.role} ${session.unit ?? ""}, stage ${stage})`);

  if (change.value === undefined) return ok; // clearing a cell
  if (layer === "notes")
    return typeof change.value === "string" && change.value.length <= 1000 ? ok : no("BAD_VALUE", path, "a note is text of at most 1000 characters");
  const kind = definition.criteria.groups.some((g) => g.id === change.key)
    ? "group"
    : definition.criteria.bonus.items.some((b) => b.id === change.key)
      ? "bonus"
      : "deduction";
  const verdict = validateScoreValue(definition.criteria, kind, change.key, change.value);
  return verdict.ok ? ok : no("BAD_VALUE", path, verdict.reason);
}

/**
 * The pledge: the chair and the secretary edit the draft until it is frozen, keeping the structure
 * the server created; a delegate may only add or withdraw its own unit's proposals
 * ("<UNIT>:<id>" → { section, index, text }); the big screen and followers write nothing. Once
 * meta.frozen is set (by the server, at the freeze) nobody writes anything. While meta.vote names a
 * poll (set by the server from the poll's opening until it is published or voided) the draft is the
 * text being voted on: nobody edits it; proposals may still be made and withdrawn. Before
 * discussion.commentsOpenFrom (phase "closed") delegates can neither make nor withdraw a proposal.
 */
export function pledgePolicy(ctx: PolicyContext, change: DocChange): Verdict {
  const { session } = ctx;
  const path = changePath(change);
  if (ctx.metaBefore.frozen === true) return no("FROZEN", path, "the pledge is frozen");
  const [root] = change.path;
  if (root === PLEDGE_ROOTS.draft) {
    if (typeof ctx.metaBefore.vote === "string")
      return no("VOTE_OPEN", path, `the draft is read-only while the adoption vote ${ctx.metaBefore.vote} runs`);
    if (!isOrganiser(session.role)) return no("FORBIDDEN", path, "only the chair and the secretary edit the draft");
    const problem = draftShapeProblem(ctx.doc);
    return problem ? no("BAD_VALUE", path, problem) : ok;
  }
  if (root === PLEDGE_ROOTS.proposals) {
    if (
      session.role !== "delegate" ||
      change.path.length !== 1 ||
      change.kind !== "map" ||
      change.key === null ||
      !change.key.startsWith(`${session.unit}:`) ||
      !proposalKeySchema.safeParse(change.key).success
    )
      return no("FORBIDDEN", path, "a delegate adds proposals under its own unit's keys only (<UNIT>:<id>)");
    if (ctx.phase === "closed") return no("NOT_YET", path, `proposals.${change.key}: the draft opens for proposals on discussion.commentsOpenFrom`);
    if (change.value === undefined) return ok; // withdrawing a proposal
    const problem = proposalProblem(ctx.doc, change.value);
    if (problem) return no("BAD_PROPOSAL", path, `proposals.${change.key}: ${problem}`);
    const keys = [...pledgeProposals(ctx.doc).keys()];
    if (keys.filter((k) => k.startsWith(`${session.unit}:`)).length > MAX_PROPOSALS_PER_UNIT)
      return no("TOO_MANY_PROPOSALS", path, `proposals.${change.key}: a unit has at most ${MAX_PROPOSALS_PER_UNIT} proposals`);
    if (keys.length > MAX_PROPOSALS) return no("TOO_MANY_PROPOSALS", path, `proposals.${change.key}: the pledge has at most ${MAX_PROPOSALS} proposals`);
    return ok;
  }
  return no("STRUCTURE", path, "structure the server owns");
}

/**
 * Why a proposal value is not exactly { section, index, text } within the draft as it is now
 * (`index` equal to the section's length proposes a new commitment at the end), or null.
 */
export function proposalProblem(doc: Y.Doc, value: unknown): string | null {
  const shape = "a proposal is { section, index, text } with text of at most 2000 characters";
  if (value === null || typeof value !== "object" || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return shape;
  const keys = Object.keys(value).sort();
  if (keys.join(",") !== "index,section,text") return shape;
  const { section, index, text } = value as { section: unknown; index: unknown; text: unknown };
  if (typeof text !== "string" || text.trim().length === 0 || text.length > MAX_PROPOSAL_CHARS) return shape;
  if (!Number.isSafeInteger(section) || !Number.isSafeInteger(index)) return shape;
  const sections = draftSections(doc);
  const count = sections?.length ?? 0;
  if ((section as number) < 0 || (section as number) >= count) return `section ${String(section)} is not a section of the draft (0..${count - 1})`;
  const length = sectionCommitments(sections!.get(section as number))?.length ?? 0;
  if ((index as number) < 0 || (index as number) > length) return `index ${String(index)} is not a commitment of section ${String(section)} (0..${length})`;
  return null;
}

export const POLICIES: Record<DocName, (ctx: PolicyContext, change: DocChange) => Verdict> = {
  scores: scoresPolicy,
  pledge: pledgePolicy,
};
