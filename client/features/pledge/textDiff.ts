/** One contiguous change that turns `before` into `after`: remove `remove` characters at `index`, insert `insert`. */
export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

/**
 * The minimal single-span change between two strings (common prefix and suffix kept). An input
 * event changes one span, so applying this to a Y.Text keeps concurrent edits elsewhere intact.
 */
export function textDiff(before: string, after: string): TextChange | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}
