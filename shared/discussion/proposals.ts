/**
 * The secretary's view of the comments before the day (issue 15): every delegate proposal on the pledge
 * draft grouped by the unit that made it, units in the definition's order, each with its count — units
 * that proposed nothing are listed too, so the secretary sees who has not commented yet.
 */
export interface UnitProposal {
  /** "<UNIT>:<id>", the key in the pledge document's `proposals` map. */
  key: string;
  section: number;
  index: number;
  text: string;
}

export interface UnitProposals<P extends UnitProposal = UnitProposal> {
  unit: string;
  count: number;
  proposals: P[];
}

/** The unit a proposal key belongs to ("BDT:p1" → "BDT"). */
export const proposalUnit = (key: string): string => key.slice(0, Math.max(0, key.indexOf(":")));

/**
 * Proposals grouped by unit, in `units` order, each group in draft order (section, then index, then key).
 * A key naming no unit of the meeting is left out (the write policy never lets one in).
 */
export function proposalsByUnit<P extends UnitProposal>(units: readonly string[], proposals: readonly P[]): UnitProposals<P>[] {
  const groups = new Map<string, P[]>(units.map((u) => [u, []]));
  for (const p of proposals) groups.get(proposalUnit(p.key))?.push(p);
  return units.map((unit) => {
    const list = groups.get(unit)!.sort((a, b) => a.section - b.section || a.index - b.index || a.key.localeCompare(b.key));
    return { unit, count: list.length, proposals: list };
  });
}
