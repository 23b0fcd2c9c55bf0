import { describe, expect, it } from "vitest";
import { chainEntry, GENESIS_HASH, verifyJournal, type JournalEntry } from "../../shared/journal/chain";

function journal(n: number): JournalEntry[] {
  const out: JournalEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = chainEntry(prev, { seq: i, ts: 1_642_000_000_000 + i, actor: i % 2 ? "chair" : "delegate:BDT", type: "agenda.moved", data: { index: i, title: "Bầu Trưởng cụm" } });
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe("the journal chain", () => {
  it("verifies an intact journal and reports its head", () => {
    const j = journal(6);
    expect(verifyJournal(j)).toEqual({ ok: true, count: 6, head: j[5]!.hash });
  });

  it("verifies an empty journal", () => {
    expect(verifyJournal([])).toEqual({ ok: true, count: 0, head: GENESIS_HASH });
  });

  // prettier-ignore
  it.each<[string, (j: JournalEntry[]) => void, number, RegExp]>([
    ["changed data",           (j) => { (j[2]!.data as { index: number }).index = 99; },  2, /content/],
    ["changed actor",          (j) => { j[3]!.actor = "delegate:STP"; },                  3, /content/],
    ["changed time",           (j) => { j[1]!.ts += 1; },                                 1, /content/],
    ["a recomputed hash",      (j) => { j[2]!.type = "x"; j[2]!.hash = chainEntry(j[2]!.prevHash, j[2]!).hash; }, 3, /prevHash/],
    ["a removed entry",        (j) => { j.splice(2, 1); },                                2, /seq/],
    ["swapped entries",        (j) => { const a = j[1]!; j[1] = j[2]!; j[2] = a; },       1, /seq/],
    ["a broken prevHash",      (j) => { j[4]!.prevHash = "f".repeat(64); },               4, /prevHash/],
    ["a non-entry",            (j) => { (j as unknown[])[0] = { hello: "world" }; },      0, /not a journal entry/],
  ])("finds %s and names the first broken entry", (_name, tamper, index, reason) => {
    const j = journal(6);
    tamper(j);
    const r = verifyJournal(j);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.index).toBe(index);
    expect(r.reason).toMatch(reason);
  });

  it("hashes the same entry the same way whatever the key order of its data", () => {
    const a = chainEntry(GENESIS_HASH, { seq: 1, ts: 1, actor: "chair", type: "t", data: { a: 1, b: [1, 2] } });
    const b = chainEntry(GENESIS_HASH, { seq: 1, ts: 1, actor: "chair", type: "t", data: { b: [1, 2], a: 1 } });
    expect(a.hash).toBe(b.hash);
  });
});
