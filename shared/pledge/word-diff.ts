/**
 * What a proposed wording changes, word by word: the longest common subsequence of the two texts'
 * words, the rest marked removed (only in the current wording) or inserted (only in the proposal).
 * Words are compared after NFC normalisation, so the same Vietnamese word typed with combining marks
 * is the same word. Whitespace between words is not part of the result (a reader sees words).
 */
export type WordPart = { kind: "same" | "removed" | "inserted"; text: string };

/** Beyond this many words on either side the table would be large: the change is shown whole. */
export const MAX_DIFF_WORDS = 600;

const words = (s: string): string[] => s.normalize("NFC").split(/\s+/).filter(Boolean);

export function wordDiff(current: string, proposed: string): WordPart[] {
  const a = words(current);
  const b = words(proposed);
  if (a.length > MAX_DIFF_WORDS || b.length > MAX_DIFF_WORDS)
    return merge([...a.map((text) => ({ kind: "removed" as const, text })), ...b.map((text) => ({ kind: "inserted" as const, text }))]);
  // lcs[i][j]: the common words of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const parts: WordPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: "same", text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) parts.push({ kind: "removed", text: a[i++]! });
    else parts.push({ kind: "inserted", text: b[j++]! });
  }
  while (i < a.length) parts.push({ kind: "removed", text: a[i++]! });
  while (j < b.length) parts.push({ kind: "inserted", text: b[j++]! });
  return merge(parts);
}

/** Neighbouring words of one kind become one part ("hoàn thành xuất sắc" rather than four), removals before insertions. */
function merge(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += ` ${p.text}`;
    else out.push({ ...p });
  }
  return out;
}

/** How many words a change inserts and removes. */
export function wordDiffCounts(parts: readonly WordPart[]): { inserted: number; removed: number } {
  const count = (k: WordPart["kind"]) => parts.filter((p) => p.kind === k).reduce((n, p) => n + p.text.split(" ").length, 0);
  return { inserted: count("inserted"), removed: count("removed") };
}
