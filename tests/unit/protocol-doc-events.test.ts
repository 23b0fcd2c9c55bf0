import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BEGIN_MARKER, END_MARKER, PROTOCOL_DOC } from "../../scripts/protocol-doc";
import { EVENTS } from "../../shared/protocol/events";
import { CLIENT_EVENTS, SERVER_EVENTS } from "../../shared/protocol/table";

/**
 * docs/protocol.md names Socket.IO events in two kinds of places: the generated section ("Socket.IO: every
 * event", payloads and replies, held to the table by protocol-doc.test.ts) and the hand-written domain
 * sections after it, which say what the table cannot (refusal codes and when, retries, broadcasts, rules).
 * This test keeps the hand-written part honest: it names only events the table has, every event of the
 * table is explained there, and its event tables do not repeat payloads or replies (which would drift).
 */

/** What an event name looks like: two or three lowercase words joined by colons (`poll:cast`, `pledge:proposal:accept`). */
const EVENT_NAME = /^[a-z]+(?::[a-z]+){1,2}$/;
/** A backticked span that names an event, maybe with a field after it (`meeting:state.scores`). */
const NAMES_EVENT = /^([a-z]+(?::[a-z]+){1,2})(?:\.[A-Za-z0-9_.]+)?$/;

const TABLE_EVENTS = new Set<string>([...Object.keys(CLIENT_EVENTS), ...Object.keys(SERVER_EVENTS)]);

/**
 * The event a backticked span names, or null. Not events, by rule: templates with a `<placeholder>`
 * (the rooms `meeting:<id>:role:<role>`, proposal keys `proposals.<UNIT>:<id>`), the Yjs refusal
 * reasons `refused:<CODE>:<path>` (whatever follows `refused:`) and names under `concord:`, the prefix of
 * the Redis keys (`concord:organisers`) and of the instances' own notice, which no client sees.
 */
function eventNamedBy(span: string): string | null {
  if (/<[^>]*>/.test(span)) return null;
  if (span.startsWith("refused:") || span.startsWith("concord:")) return null;
  return NAMES_EVENT.exec(span)?.[1] ?? null;
}

/** Every backticked span of a Markdown text, one line at a time (the document has no fenced blocks). */
function spans(text: string): string[] {
  return text.split("\n").flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

function read(): { doc: string; generated: string; domain: string } {
  const doc = readFileSync(PROTOCOL_DOC, "utf8");
  const begin = doc.indexOf(BEGIN_MARKER);
  const end = doc.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error("docs/protocol.md has no generated Socket.IO section");
  const after = doc.slice(end + END_MARKER.length);
  // The domain sections: the `## ` sections after the generated one (its own closing prose excluded).
  const firstSection = after.search(/^## /m);
  return { doc, generated: doc.slice(begin, end), domain: firstSection < 0 ? "" : after.slice(firstSection) };
}

/** The hand-written tables whose first column is `event`: header cells and rows, split on unescaped pipes. */
function eventTables(text: string): { header: string[]; rows: string[][] }[] {
  const cells = (line: string) =>
    line
      .replace(/^\||\|$/g, "")
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
  const lines = text.split("\n");
  const tables: { header: string[]; rows: string[][] }[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    const header = lines[i]!.startsWith("|") ? cells(lines[i]!) : null;
    if (!header || header[0] !== "event" || !/^\|[-| ]+\|$/.test(lines[i + 1]!)) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith("|"); j++) rows.push(cells(lines[j]!));
    tables.push({ header, rows });
  }
  return tables;
}

describe("docs/protocol.md names Socket.IO events the table has, and explains each one", () => {
  it("reads every name in EVENTS as an event name (else widen EVENT_NAME)", () => {
    const off = Object.values(EVENTS).filter((name) => !EVENT_NAME.test(name));
    expect(off, "event names EVENT_NAME does not match").toEqual([]);
  });

  it.each([
    ["poll:cast", "poll:cast"],
    ["pledge:proposal:accept", "pledge:proposal:accept"],
    ["meeting:state.scores", "meeting:state"],
    ["pledge:state.textHash", "pledge:state"],
    ["meeting:<id>:role:<role>", null],
    ["meeting:<id>:unit:<UNIT>", null],
    ["meeting:<id>", null],
    ["refused:<CODE>:<path>", null],
    ["refused:<CODE>", null],
    ["refused:BAD_VALUE:units.BDT.self.G1", null],
    ["refused:locked", null],
    ["concord:organisers", null],
    ["concord:meeting", null],
    ["proposals.<UNIT>:<id>", null],
    ["DUK:p1", null],
    ["GET /api/meetings/:id/polls", null],
    ["a:b:c:d", null],
    ["10:42", null],
    ["rules.quorum", null],
  ] as const)("reads `%s` as naming %s", (span, event) => {
    expect(eventNamedBy(span)).toBe(event);
  });

  it("names in backticks no event-like name that the protocol table lacks", () => {
    const { doc } = read();
    const unknown = [...new Set(spans(doc).map(eventNamedBy))].filter((e): e is string => e !== null && !TABLE_EVENTS.has(e));
    expect(unknown, "named in docs/protocol.md but not in shared/protocol/table.ts").toEqual([]);
  });

  it("explains every event of the table in a domain section's `event | what to know` table", () => {
    const { domain } = read();
    const explained = new Map<string, number>();
    for (const { rows } of eventTables(domain))
      for (const [first, second] of rows) {
        const event = eventNamedBy(/^`([^`]+)`$/.exec(first ?? "")?.[1] ?? "");
        if (event && second) explained.set(event, (explained.get(event) ?? 0) + 1);
      }
    const missing = [...TABLE_EVENTS].filter((e) => !explained.has(e));
    expect(missing, "events of the table with no row in a domain section after the generated one").toEqual([]);
    const twice = [...explained].filter(([, n]) => n > 1).map(([e]) => e);
    expect(twice, "events explained in more than one row").toEqual([]);
  });

  it("keeps payloads and replies out of the hand-written event tables (they are the generated section's)", () => {
    const { doc, generated } = read();
    const handWritten = doc.replace(generated, "");
    const headers = eventTables(handWritten).map((t) => t.header.join(" | "));
    expect(headers.length).toBeGreaterThan(0);
    expect(headers.filter((h) => h !== "event | what to know"), "hand-written event tables with other columns").toEqual([]);
  });
});
