import type { FractionRule } from "../definition/schema";

/**
 * Shares such as "> 1/2 of members" or "≥ 2/3 present", decided in integers only:
 * 0.5 * 8 and friends are exact, but 2/3 * 9 in floating point is not, and a threshold
 * that flips on rounding is a threshold nobody can defend in the counting minutes.
 */

export type Locale = "vi" | "en";

function assertCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative integer (got ${n})`);
}

/** Exact integer division rounded down; both operands are non-negative safe integers. */
function floorDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** Whether `count` out of `total` meets the rule. Nothing passes when nobody can be counted (total 0). */
export function meetsShare(count: number, total: number, rule: FractionRule): boolean {
  assertCount("count", count);
  assertCount("total", total);
  if (total === 0) return false;
  // count/total > num/den  ⇔  count·den > num·total (no division, no rounding).
  const left = count * rule.denominator;
  const right = rule.numerator * total;
  return rule.comparison === "gt" ? left > right : left >= right;
}

/**
 * The smallest count that meets the rule out of `total`, so "cần N phiếu" can be shown before a vote.
 * When no count up to `total` can meet it (total 0, or "> 1/1") the answer is total + 1: unreachable,
 * which keeps `count >= requiredCount(total, rule)` ⇔ `meetsShare(count, total, rule)` for 0 ≤ count ≤ total.
 */
export function requiredCount(total: number, rule: FractionRule): number {
  assertCount("total", total);
  if (total === 0) return 1;
  const product = rule.numerator * total;
  const required =
    rule.comparison === "gt"
      ? floorDiv(product, rule.denominator) + 1 // strictly more: the next whole vote above the share
      : floorDiv(product + rule.denominator - 1, rule.denominator); // at least: the share rounded up
  return Math.min(required, total + 1);
}

/** "quá 1/2", "từ 2/3 trở lên"; a denominator of 100 reads as a percentage ("từ 80% trở lên"). */
export function describeShare(rule: FractionRule, locale: Locale): string {
  const share = rule.denominator === 100 ? `${rule.numerator}%` : `${rule.numerator}/${rule.denominator}`;
  if (locale === "vi") return rule.comparison === "gt" ? `quá ${share}` : `từ ${share} trở lên`;
  return rule.comparison === "gt" ? `more than ${share}` : `at least ${share}`;
}

export interface QuorumCheck {
  met: boolean;
  present: number;
  members: number;
  /** Units that must be checked in for the quorum. */
  required: number;
}

/** Whether enough member units are checked in for the conference to decide anything. */
export function quorumMet(presentUnits: number, memberUnits: number, rule: FractionRule): QuorumCheck {
  if (presentUnits > memberUnits)
    throw new RangeError(`${presentUnits} present units out of ${memberUnits} members`);
  return {
    met: meetsShare(presentUnits, memberUnits, rule),
    present: presentUnits,
    members: memberUnits,
    required: requiredCount(memberUnits, rule),
  };
}
