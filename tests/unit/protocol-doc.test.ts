import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BEGIN_MARKER,
  END_MARKER,
  PROTOCOL_DOC,
  describeSchema,
  renderSocketEvents,
  withSocketEvents,
} from "../../scripts/protocol-doc";
import { CLIENT_EVENTS, SERVER_EVENTS } from "../../shared/protocol/table";
import { EVENTS } from "../../shared/protocol/events";
import { castBallotSchema } from "../../shared/protocol/polls";

describe("docs/protocol.md and the protocol table", () => {
  it("lists every Socket.IO event exactly as shared/protocol/table.ts defines it", () => {
    const doc = readFileSync(PROTOCOL_DOC, "utf8");
    const regenerated = withSocketEvents(doc);
    // On failure: run `npm run docs:protocol` and commit docs/protocol.md with the table change.
    expect(
      doc === regenerated,
      "docs/protocol.md differs from shared/protocol/table.ts: run `npm run docs:protocol`",
    ).toBe(true);
  });

  it("has one row per event of the table, in both directions", () => {
    const section = renderSocketEvents();
    const rows = section.split("\n").filter((l) => l.startsWith("| `"));
    const names = rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1]);
    expect(names).toEqual([...Object.keys(CLIENT_EVENTS), ...Object.keys(SERVER_EVENTS)]);
    expect(new Set(names)).toEqual(new Set(Object.values(EVENTS)));
  });

  it("keeps the prose around the generated section and only replaces what is between the markers", () => {
    const doc = `# Protocol\nprose before\n\n${BEGIN_MARKER}\nstale rows\n${END_MARKER}\n\nprose after\n`;
    const out = withSocketEvents(doc, `${BEGIN_MARKER}\nnew rows\n${END_MARKER}`);
    expect(out).toBe(`# Protocol\nprose before\n\n${BEGIN_MARKER}\nnew rows\n${END_MARKER}\n\nprose after\n`);
  });

  it("refuses a document without the markers instead of appending somewhere", () => {
    expect(() => withSocketEvents("# Protocol\nno markers\n")).toThrow(/no generated section/);
  });

  it("describes a ballot as the three kinds' shapes, with the unit code's pattern", () => {
    const unit = "string /^[A-Z][A-Z0-9_]{1,15}$/";
    expect(describeSchema(castBallotSchema)).toBe(
      `{ choices: { [${unit}]: "for" \\| "against" \\| "abstain" } } \\| { choice: ${unit} \\| "abstain" } \\| { choice: "for" \\| "against" \\| "abstain" }`,
    );
  });

  it("shows the bounds of strings, numbers and lists", () => {
    expect(describeSchema(z.string().trim().min(5).max(500))).toBe("string 5–500");
    expect(describeSchema(z.number().int().min(0))).toBe("integer ≥ 0");
    expect(describeSchema(z.array(z.array(z.tuple([z.number(), z.number()])).min(1)).max(200))).toBe("([number, number][] ≥ 1)[] ≤ 200");
    expect(describeSchema(z.object({ a: z.string().optional(), b: z.boolean().default(false) }))).toBe("{ a?: string; b?: boolean = false }");
  });
});
