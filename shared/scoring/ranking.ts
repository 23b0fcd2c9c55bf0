import type { CriteriaDefinition, MeetingRules, TieBreak } from "../definition/schema";
import { emptyLayer, layerTotals, layerTotalsInTenths } from "./totals";
import type { RankedUnit, ScoreLayerValues } from "./types";

/** What ranking needs from a meeting definition (a full MeetingDefinition fits). */
export interface RankingInput {
  units: ReadonlyArray<{ code: string }>;
  criteria: Pick<CriteriaDefinition, "groups" | "bonus" | "deductions">;
  rules?: Partial<Pick<MeetingRules, "tieBreak" | "coreGroupId">>;
}

const DEFAULT_TIE_BREAK: readonly TieBreak[] = ["core_group", "fewer_deductions", "more_bonus"];

interface Entry {
  unit: string;
  /** Position in the definition: only orders units that stay tied, so the list is stable. */
  index: number;
  /** [total, ...one key per tie-break], in tenths, each "higher is better". */
  keys: number[];
  complete: boolean;
  barred: boolean;
}

function firstDifference(a: Entry, b: Entry): number {
  return a.keys.findIndex((k, i) => k !== b.keys[i]);
}

function compare(a: Entry, b: Entry): number {
  const i = firstDifference(a, b);
  return i >= 0 ? b.keys[i]! - a.keys[i]! : a.index - b.index;
}

/** Sorts and splits into runs of units equal on every key (still tied: they need a ballot). */
function tieGroups(entries: Entry[]): Entry[][] {
  const groups: Entry[][] = [];
  for (const e of [...entries].sort(compare)) {
    const last = groups.at(-1);
    if (last && firstDifference(last[0]!, e) < 0) last.push(e);
    else groups.push([e]);
  }
  return groups;
}

/**
 * The barred-from-leading rule, precisely: find the first tie group (in score order) that holds a
 * unit not barred from leading; its non-barred units move to the front and share rank 1. Every
 * other unit keeps its order, so barred units that were above (or tied with) the leader follow it
 * directly, still in score order. Only the lead changes: a barred unit may still be 2nd.
 * If every unit is barred, nothing moves: nobody can lead and the cluster has to decide.
 * Applied to complete units only: an incomplete unit is never promoted to lead.
 */
function applyLeadingBar(groups: Entry[][]): { groups: Entry[][]; promoted: Set<string> } {
  const at = groups.findIndex((g) => g.some((e) => !e.barred));
  const alreadyLeads = at === 0 && groups[0]!.every((e) => !e.barred);
  if (at < 0 || alreadyLeads) return { groups, promoted: new Set() };
  const lead = groups[at]!.filter((e) => !e.barred);
  const rest = groups.map((g) => g.filter((e) => !lead.includes(e))).filter((g) => g.length > 0);
  return { groups: [lead, ...rest], promoted: new Set(lead.map((e) => e.unit)) };
}

/**
 * The last rule needed to separate a unit from every unit with the same total. A unit equal on
 * every key to one in another rank group was separated by the leading bar. `tiedWith` being
 * non-empty means undefined: nothing decided it yet.
 */
function decider(e: Entry, peers: Entry[], tieBreak: readonly TieBreak[]): RankedUnit["decidedBy"] {
  let deepest = 0;
  for (const other of peers) {
    if (other === e || other.keys[0] !== e.keys[0]) continue;
    const i = firstDifference(e, other);
    if (i < 0) return "bars_leading";
    deepest = Math.max(deepest, i);
  }
  return deepest === 0 ? "total" : tieBreak[deepest - 1];
}

/**
 * Ranks units by their agreed totals, highest first, then by the configured tie-breaks. Units whose
 * agreed layer lacks a group come after every complete unit (their total is not final yet).
 */
export function rankUnits(
  input: RankingInput,
  agreedByUnit: Readonly<Record<string, ScoreLayerValues | undefined>>,
): RankedUnit[] {
  const { criteria } = input;
  const tieBreak = input.rules?.tieBreak ?? DEFAULT_TIE_BREAK;
  const coreId = input.rules?.coreGroupId ?? criteria.groups[0]?.id ?? "";

  const layers = new Map(input.units.map((u) => [u.code, agreedByUnit[u.code] ?? emptyLayer()]));
  const entries: Entry[] = input.units.map((u, index) => {
    const t = layerTotalsInTenths(criteria, layers.get(u.code)!);
    const keys = [t.total];
    for (const rule of tieBreak) {
      // Each key is "higher is better", so one comparison serves every rule.
      if (rule === "core_group") keys.push(t.groups[coreId] ?? 0);
      else if (rule === "fewer_deductions") keys.push(-t.deduction);
      else keys.push(t.bonus);
    }
    return { unit: u.code, index, keys, complete: t.complete, barred: t.barredFromLeading };
  });

  const complete = entries.filter((e) => e.complete);
  const incomplete = entries.filter((e) => !e.complete);
  const { groups: leading, promoted } = applyLeadingBar(tieGroups(complete));
  const ordered = [...leading, ...tieGroups(incomplete)];

  const result: RankedUnit[] = [];
  for (const group of ordered) {
    const rank = result.length + 1;
    const peers = group[0]!.complete ? complete : incomplete;
    for (const e of group) {
      const totals = layerTotals(criteria, layers.get(e.unit)!);
      const tiedWith = group.filter((o) => o !== e).map((o) => o.unit);
      const decidedBy =
        tiedWith.length > 0 ? undefined : promoted.has(e.unit) ? "bars_leading" : decider(e, peers, tieBreak);
      result.push({
        unit: e.unit,
        total: totals.total,
        rank,
        tiedWith,
        barredFromLeading: e.barred,
        complete: e.complete,
        ...(decidedBy === undefined ? {} : { decidedBy }),
        totals,
      });
    }
  }
  return result;
}
