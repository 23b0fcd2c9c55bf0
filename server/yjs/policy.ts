import type * as Y from "yjs";
import { crossCheckerOf, type MeetingDefinition } from "../../shared/definition/schema";
import type { SessionInfo } from "../../shared/protocol/meeting";
import { isOrganiser } from "../../shared/protocol/roles";
import { SCORE_LAYERS, type DocName } from "../../shared/protocol/documents";
import { LAYER_OPEN_IN, type ScoreStage } from "../../shared/protocol/scores";
import { validateScoreValue } from "../../shared/scoring/validate";
import type { DocChange } from "./changes";
import { draftShapeProblem } from "../pledge/shape";
import { proposalKeySchema } from "../../shared/protocol/pledge";

export type Verdict = { ok: true } | { ok: false; reason: string };
const ok: Verdict = { ok: true };
const no = (reason: string): Verdict => ({ ok: false, reason });

export interface PolicyContext {
  session: SessionInfo;
  definition: MeetingDefinition;
  /** The document after the change (the server's scratch copy, not the live one). */
  doc: Y.Doc;
  /** The meta map as it was before the change: a change cannot unlock itself. */
  metaBefore: Record<string, unknown>;
}

/**
 * Who may write what, decided per change on the server (DESIGN.md, "The two Yjs documents").
 * The score table: a delegate writes its own unit's self layer and the cross layer of the units it
 * cross-checks; the chair and the secretary write the agreed layer and the notes; the big screen and
 * followers write nothing; nobody writes the structure or meta (the server does).
 */
export function scoresPolicy(ctx: PolicyContext, change: DocChange): Verdict {
  const { session, definition } = ctx;
  const meta = ctx.metaBefore;
  if (meta.stage === "locked") return no("the score table is locked");
  const [root, unit, part, ...rest] = change.path;
  if (root !== "units" || unit === undefined || part === undefined || rest.length > 0 || change.key === null)
    return no(`${change.path.join(".")} is structure the server owns`);
  if (!definition.units.some((u) => u.code === unit)) return no(`no unit ${unit}`);

  if (part === "notes") {
    if (!isOrganiser(session.role)) return no("only the chair and the secretary write notes");
    if (change.value !== undefined && (typeof change.value !== "string" || change.value.length > 1000))
      return no("a note is text of at most 1000 characters");
    return ok;
  }
  if (!(SCORE_LAYERS as readonly string[]).includes(part)) return no(`${part} is not a score layer`);
  const layer = part as (typeof SCORE_LAYERS)[number];

  if (layer === "self" && !(session.role === "delegate" && session.unit === unit))
    return no(`only ${unit}'s delegates write its self-assessment`);
  if (layer === "cross" && !(session.role === "delegate" && crossCheckerOf(definition, unit) === session.unit))
    return no(`only the unit that cross-checks ${unit} writes its cross-check`);
  if (layer === "agreed" && !isOrganiser(session.role)) return no("only the chair and the secretary write agreed scores");
  const stage = (meta.stage as ScoreStage | undefined) ?? "closed";
  if (!LAYER_OPEN_IN[layer].includes(stage)) return no(`the ${layer} layer is not open now (stage: ${stage})`);

  if (change.value === undefined) return ok; // clearing a cell
  const kind = definition.criteria.groups.some((g) => g.id === change.key)
    ? "group"
    : definition.criteria.bonus.items.some((b) => b.id === change.key)
      ? "bonus"
      : "deduction";
  const verdict = validateScoreValue(definition.criteria, kind, change.key, change.value);
  return verdict.ok ? ok : no(`${unit}.${layer}.${change.key}: ${verdict.reason}`);
}

/**
 * The pledge: the chair and the secretary edit the draft until it is frozen, keeping the structure
 * the server created; a delegate may only add or withdraw its own unit's proposals
 * ("<UNIT>:<id>" → { section, index, text }); the big screen and followers write nothing. Once
 * meta.frozen is set (by the server, at the freeze) nobody writes anything.
 */
export function pledgePolicy(ctx: PolicyContext, change: DocChange): Verdict {
  const { session } = ctx;
  if (ctx.metaBefore.frozen === true) return no("the pledge is frozen");
  const [root] = change.path;
  if (root === "draft") {
    if (!isOrganiser(session.role)) return no("only the chair and the secretary edit the draft");
    const problem = draftShapeProblem(ctx.doc);
    return problem ? no(problem) : ok;
  }
  if (root === "proposals") {
    if (
      session.role !== "delegate" ||
      change.path.length !== 1 ||
      change.key === null ||
      !change.key.startsWith(`${session.unit}:`) ||
      !proposalKeySchema.safeParse(change.key).success
    )
      return no("a delegate adds proposals under its own unit's keys only (<UNIT>:<id>)");
    if (change.value !== undefined) {
      const v = change.value as { section?: unknown; index?: unknown; text?: unknown } | null;
      const index = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) < 100;
      if (!v || typeof v !== "object" || typeof v.text !== "string" || v.text.length > 2000 || !index(v.section) || !index(v.index))
        return no("a proposal is { section, index, text } with text of at most 2000 characters");
    }
    return ok;
  }
  return no(`${change.path.join(".")} is structure the server owns`);
}

export const POLICIES: Record<DocName, (ctx: PolicyContext, change: DocChange) => Verdict> = {
  scores: scoresPolicy,
  pledge: pledgePolicy,
};
