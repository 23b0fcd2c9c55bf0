import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JOURNAL_BEGIN, JOURNAL_END, renderJournalTypes, withJournalTypes } from "../../scripts/journal-doc";
import { PROTOCOL_DOC } from "../../scripts/protocol-doc";
import { JOURNAL_TYPE_NAMES } from "../../shared/journal/entries";

describe("docs/protocol.md and the journal entry table", () => {
  it("lists every journal entry type and its data exactly as shared/journal/entries.ts defines them", () => {
    const doc = readFileSync(PROTOCOL_DOC, "utf8");
    // On failure: run `npx tsx scripts/journal-doc.ts` and commit docs/protocol.md with the table change.
    expect(doc === withJournalTypes(doc), "docs/protocol.md differs from shared/journal/entries.ts: run `npx tsx scripts/journal-doc.ts`").toBe(true);
  });

  it("has one row per type of the table, in its order", () => {
    const rows = renderJournalTypes().split("\n").filter((l) => l.startsWith("| `"));
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1])).toEqual(JOURNAL_TYPE_NAMES);
    // Every row has three cells: a | inside a type is escaped.
    for (const r of rows) expect(r.replace(/\\\|/g, "").split("|").length, r).toBe(5);
  });

  it("replaces only what is between its markers and refuses a document without them", () => {
    const doc = `before\n${JOURNAL_BEGIN}\nstale\n${JOURNAL_END}\nafter\n`;
    expect(withJournalTypes(doc, `${JOURNAL_BEGIN}\nnew\n${JOURNAL_END}`)).toBe(`before\n${JOURNAL_BEGIN}\nnew\n${JOURNAL_END}\nafter\n`);
    expect(() => withJournalTypes("# Protocol\n")).toThrow(/no journal section/);
  });
});
