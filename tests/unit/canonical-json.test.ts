import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../shared/util/hash";

// The journal's hashes and the frozen pledge's are taken over canonicalJson: its output may never change for a
// value, or every stored journal would stop verifying. The reference below is the first implementation, the
// one the journals on disk were hashed with; the fast one must give the same bytes for every kind of value.
function reference(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => reference(v ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(",")}}`;
}

describe("canonicalJson", () => {
  const cases: [string, unknown][] = [
    ["a ballot entry", { seq: 12, ts: 1_700_000_000_000, actor: "delegate:BDT", type: "poll.ballot_cast", data: { pollId: "p-1", unit: "BDT" } }],
    ["keys out of order, nested", { b: { z: 1, a: [3, { y: true, x: null }] }, a: "x" }],
    ["undefined fields and list items", { a: undefined, b: [undefined, 1], c: { d: undefined } }],
    ["Vietnamese keys and text", { "Đơn vị": "Sở Giáo dục và Đào tạo", ăn: "ư", a: '“trích dẫn” "quotes" \\ \n tab\t' }],
    ["keys that sort by code unit, not locale", { Z: 1, a: 2, "ä": 3, "10": 4, "9": 5, "": 6 }],
    ["numbers", { n: [0, -0, 1.5, 1e21, -3, Number.MAX_SAFE_INTEGER] }],
    ["an empty object and list", { o: {}, l: [] }],
    ["scalars", "text"],
    ["null", null],
    ["a list of objects", [{ b: 1, a: 2 }, { d: [{ f: 1, e: 0 }] }]],
  ];
  it.each(cases)("%s: the same bytes as the first implementation", (_name, value) => {
    expect(canonicalJson(value)).toBe(reference(value));
  });

  it("sorts keys at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });
});
