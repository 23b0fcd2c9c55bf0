import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import { ConnectionBudget, MAX_MESSAGE_BYTES, RATE_BUDGETS, TokenBucket } from "../../server/yjs/budget";
import { sanitizeAwareness } from "../../server/yjs/awareness";
import { proposalProblem } from "../../server/yjs/policy";
import { structClientCount } from "../../server/yjs/changes";
import { initialPledgeUpdate } from "../../server/yjs/structure";
import { formatYjsRefusal, parseYjsRefusal } from "../../shared/protocol/documents";
import type { SessionInfo } from "../../shared/protocol/meeting";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import { draftSections } from "../../shared/documents/layout";

describe("token bucket", () => {
  // prettier-ignore
  it.each<[string, number[], boolean[]]>([
    ["the burst passes at once",             [0, 0, 0],          [true, true, true]],
    ["the fourth at once is refused",        [0, 0, 0, 0],       [true, true, true, false]],
    ["one token back after a second",        [0, 0, 0, 0, 1000], [true, true, true, false, true]],
    ["never more than the burst after idle", [0, 0, 0, 60_000, 60_000, 60_000, 60_000], [true, true, true, true, true, true, false]],
  ])("%s", (_name, times, expected) => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 1 }, 0);
    expect(times.map((t) => bucket.take(t))).toEqual(expected);
  });
});

describe("connection budget", () => {
  // prettier-ignore
  it.each<[string, "syncRequest" | "update" | "awareness", number, string]>([
    ["a sync request at its limit",     "syncRequest", MAX_MESSAGE_BYTES.syncRequest,     "ok"],
    ["a sync request one byte over",    "syncRequest", MAX_MESSAGE_BYTES.syncRequest + 1, "too_large"],
    ["an update at its limit",          "update",      MAX_MESSAGE_BYTES.update,          "ok"],
    ["an awareness message over",       "awareness",   MAX_MESSAGE_BYTES.awareness + 1,   "too_large"],
  ])("%s", (_name, kind, bytes, expected) => {
    const v = new ConnectionBudget(0).admit(kind, bytes, 0);
    expect(v.ok ? "ok" : v.why).toBe(expected);
  });

  it.each(["syncRequest", "update", "awareness"] as const)("closes a flood of %s after the burst", (kind) => {
    const budget = new ConnectionBudget(0);
    const verdicts = Array.from({ length: RATE_BUDGETS[kind].burst + 1 }, () => budget.admit(kind, 4, 0));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(RATE_BUDGETS[kind].burst);
    expect(verdicts.at(-1)).toMatchObject({ ok: false, why: "over_budget" });
  });
});

const delegate: SessionInfo = { meetingId: "m", role: "delegate", unit: "DUK", linkId: "delegate-DUK-1", label: "Sở Du lịch — đại biểu 1" };
const awarenessUpdate = (entries: [number, number, string][]) =>
  encoding.encode((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const [id, clock, state] of entries) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
  });
const statesOf = (update: Uint8Array) => {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  return Array.from({ length: n }, () => [decoding.readVarUint(d), decoding.readVarUint(d), JSON.parse(decoding.readVarString(d))]);
};
const me = { name: delegate.label, role: "delegate", unit: "DUK", label: delegate.label };

describe("awareness from a client", () => {
  // prettier-ignore
  it.each<[string, string, unknown]>([
    ["a name claiming the chair",         JSON.stringify({ user: { name: "Chủ trì", role: "chair", field: "title" } }), { user: { ...me, field: "title" } }],
    ["no user at all",                    JSON.stringify({ cursor: { x: 1 } }),                                       { user: { ...me, field: null } }],
    ["a field that is not text",          JSON.stringify({ user: { field: 42 } }),                                    { user: { ...me, field: null } }],
    ["a field over 200 characters",       JSON.stringify({ user: { field: "f".repeat(201) } }),                       { user: { ...me, field: null } }],
    ["not JSON",                          "{oops",                                                                    { user: { ...me, field: null } }],
    ["a removal",                         "null",                                                                     null],
  ])("%s: who comes from the session", (_name, state, relayed) => {
    const v = sanitizeAwareness(awarenessUpdate([[7, 1, state]]), delegate, new Set(), () => false);
    expect(v.ok).toBe(true);
    if (v.ok) expect(statesOf(v.update)).toEqual([[7, 1, relayed]]);
  });

  // prettier-ignore
  it.each<[string, [number, number, string][], Set<number>, (id: number) => boolean, string]>([
    ["a state over 2 kB",            [[7, 1, JSON.stringify({ user: { field: "x".repeat(2100) } })]], new Set(),     () => false,      "too_large"],
    ["more entries than any client", Array.from({ length: 257 }, (_, i): [number, number, string] => [i, 1, "{}"]), new Set(), () => false, "bad"],
  ])("refuses %s", (_name, entries, own, taken, why) => {
    expect(sanitizeAwareness(awarenessUpdate(entries), delegate, own, taken)).toMatchObject({ ok: false, why });
  });

  // The stock provider echoes its peers' states: those entries are dropped, the rest relayed.
  // prettier-ignore
  it.each<[string, [number, number, string][], Set<number>, (id: number) => boolean, number[]]>([
    ["three ids in one message",     [[1, 1, "{}"], [2, 1, "{}"], [3, 1, "{}"]], new Set(),        () => false,      [1, 2]],
    ["a third id on one connection", [[3, 1, "{}"]],                             new Set([1, 2]),  () => false,      []],
    ["another device's id",          [[9, 2, "{}"]],                             new Set(),        (id) => id === 9, []],
    ["own state beside an echo",     [[9, 2, "{}"], [4, 3, "{}"]],               new Set([4]),     (id) => id === 9, [4]],
  ])("drops %s", (_name, entries, own, taken, relayed) => {
    const v = sanitizeAwareness(awarenessUpdate(entries), delegate, own, taken);
    expect(v.ok).toBe(true);
    if (v.ok) expect(statesOf(v.update).map(([id]) => id)).toEqual(relayed);
  });
});

describe("a proposal's value", () => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, initialPledgeUpdate(meetingDefinitionSchema.parse(demo)));
  const sections = draftSections(doc)!;
  const last = sections.length - 1;
  const lengthOf = (i: number) => (sections.get(i).get("commitments") as Y.Array<unknown>).length;

  // prettier-ignore
  it.each<[string, unknown, RegExp | null]>([
    ["a replacement",                 { section: 0, index: 0, text: "Nội dung" },                       null],
    ["an append at the end",          { section: last, index: lengthOf(last), text: "Thêm" },           null],
    ["2,000 characters",              { section: 0, index: 0, text: "a".repeat(2000) },                 null],
    ["2,001 characters",              { section: 0, index: 0, text: "a".repeat(2001) },                 /at most 2000/],
    ["section -5",                    { section: -5, index: 0, text: "x" },                             /section -5/],
    ["a section past the last",       { section: last + 1, index: 0, text: "x" },                       /not a section/],
    ["an index past the end",         { section: 0, index: lengthOf(0) + 1, text: "x" },                /not a commitment/],
    ["a negative index",              { section: 0, index: -1, text: "x" },                             /not a commitment/],
    ["a string section",              { section: "0", index: 0, text: "x" },                            /is \{ section, index, text \}/],
    ["a bare string",                 "chuỗi",                                                          /is \{ section, index, text \}/],
    ["an array",                      [0, 0, "x"],                                                      /is \{ section, index, text \}/],
    ["null",                          null,                                                             /is \{ section, index, text \}/],
    ["an extra key",                  { section: 0, index: 0, text: "x", by: "chair" },                 /is \{ section, index, text \}/],
    ["a missing key",                 { section: 0, text: "x" },                                        /is \{ section, index, text \}/],
    ["blank text",                    { section: 0, index: 0, text: "   " },                            /is \{ section, index, text \}/],
    ["a Y.Map value",                 new Y.Map(),                                                      /is \{ section, index, text \}/],
  ])("%s", (_name, value, problem) => {
    const p = proposalProblem(doc, value);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});

describe("refusal reasons", () => {
  it("round-trip code, the refused cell and the Vietnamese message", () => {
    const reason = formatYjsRefusal({ code: "LOCKED", path: "units.BDT.self.G1" });
    expect(reason).toBe("refused:LOCKED:units.BDT.self.G1\nBảng điểm đã khoá; không sửa được nữa.");
    expect(parseYjsRefusal(reason)).toEqual({ code: "LOCKED", path: "units.BDT.self.G1", message: "Bảng điểm đã khoá; không sửa được nữa." });
  });

  it("keeps a proposal key's colon in the path, and a path on one line", () => {
    expect(parseYjsRefusal(formatYjsRefusal({ code: "FORBIDDEN", path: "proposals.BDT:a1" }))?.path).toBe("proposals.BDT:a1");
    expect(parseYjsRefusal(formatYjsRefusal({ code: "BAD_VALUE", path: "units.BDT.notes.x\ny" }))?.path).toBe("units.BDT.notes.x y");
    expect(parseYjsRefusal(formatYjsRefusal({ code: "MALFORMED", path: "" }))?.path).toBe("*");
  });
  // prettier-ignore
  it.each([
    ["the old format",   "refused: the score table is locked"],
    ["an unknown code",  "refused:NOPE:x"],
    ["not a refusal",    "permission denied"],
  ])("reads %s as no refusal code", (_name, reason) => expect(parseYjsRefusal(reason)).toBeNull());
});

describe("clients in an update's header", () => {
  // prettier-ignore
  it.each<[string, Uint8Array, number | "throws"]>([
    ["an empty update",                    new Uint8Array([0, 0]),          0],
    ["a real one-client edit",             (() => { const d = new Y.Doc(); d.getMap("m").set("k", 1); return Y.encodeStateAsUpdate(d); })(), 1], // layout-literal-ok: any one-client update
    ["a count larger than the bytes",      new Uint8Array([255, 1, 2, 3]),  "throws"],
  ])("%s", (_name, update, expected) => {
    if (expected === "throws") expect(() => structClientCount(update)).toThrow();
    else expect(structClientCount(update)).toBe(expected);
  });
});
