import { describe, expect, it } from "vitest";
import {
  formatYjsRefusal,
  parseYjsRefusal,
  YJS_REFUSALS,
  YJS_WHOLE_UPDATE,
  type YjsRefusalCode,
} from "../../shared/protocol/documents";
import { REFUSAL_SCOPE, refusedEdits, type PendingEdit } from "../../client/features/scores/pending";
import { droppedWhy, refusalText } from "../../client/features/scores/labels";
import { translate, type MessageKey, type Params } from "../../client/i18n";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import demo from "../../shared/definition/demo-cum8-2021.json";

const definition = meetingDefinitionSchema.parse(demo);
const t = (key: MessageKey, params?: Params) => translate("vi", key, params);
const edit = (
  unit: string,
  layer: PendingEdit["layer"],
  id: string,
  value: number | string = 1,
): PendingEdit => ({ unit, layer, id, value, client: 7, clock: 0, at: 0 });

/** A tablet's pending edits: two cells of its self layer, one cross cell, one of another unit (a stale copy). */
const PENDING = [
  edit("BDT", "self", "G1", 50),
  edit("BDT", "self", "G2"),
  edit("DUK", "cross", "G1"),
  edit("STP", "self", "G1"),
];
const keys = (edits: PendingEdit[]) => edits.map((e) => `${e.unit}.${e.layer}.${e.id}`);
const CODES = Object.keys(YJS_REFUSALS) as YjsRefusalCode[];
const PATHS = [
  "units.BDT.self.G1",
  "units.STP.self.G1",
  "units.DUK.cross.G1",
  "units.BDT.notes.G1",
  "units.EVIL",
  "meta.stage",
  "draft.title",
  "proposals.BDT:a1",
  YJS_WHOLE_UPDATE,
];

describe("which pending score edits a refusal throws away, by code and path", () => {
  // prettier-ignore
  it.each<[string, YjsRefusalCode, string, string[]]>([
    ["a bad value: that cell only",                        "BAD_VALUE",      "units.BDT.self.G1",  ["BDT.self.G1"]],
    ["a bad value of a cell with nothing pending",          "BAD_VALUE",      "units.BDT.self.G3",  []],
    ["another unit's row: every edit of that unit's layer", "FORBIDDEN",      "units.STP.self.G1",  ["STP.self.G1"]],
    ["a cross layer this unit does not check",              "FORBIDDEN",      "units.DUK.cross.G1", ["DUK.cross.G1"]],
    ["a layer closed in this stage: every edit of it",      "NOT_OPEN",       "units.BDT.self.G2",  ["BDT.self.G1", "BDT.self.G2", "STP.self.G1"]],
    ["a unit the definition no longer has",                 "STRUCTURE",      "units.STP.self.G1",  ["STP.self.G1"]],
    ["the lock: everything",                                "LOCKED",         YJS_WHOLE_UPDATE,     ["BDT.self.G1", "BDT.self.G2", "DUK.cross.G1", "STP.self.G1"]],
    ["the lock met at a cell: everything",                  "LOCKED",         "units.BDT.self.G1",  ["BDT.self.G1", "BDT.self.G2", "DUK.cross.G1", "STP.self.G1"]],
    ["an archived meeting: everything",                     "ARCHIVED",       YJS_WHOLE_UPDATE,     ["BDT.self.G1", "BDT.self.G2", "DUK.cross.G1", "STP.self.G1"]],
    ["a malformed update: everything",                      "MALFORMED",      YJS_WHOLE_UPDATE,     ["BDT.self.G1", "BDT.self.G2", "DUK.cross.G1", "STP.self.G1"]],
    ["a bad value that names no cell: everything",          "BAD_VALUE",      YJS_WHOLE_UPDATE,     ["BDT.self.G1", "BDT.self.G2", "DUK.cross.G1", "STP.self.G1"]],
    ["a server failure: nothing, they go again",            "SERVER_ERROR",   YJS_WHOLE_UPDATE,     []],
    ["missing changes: nothing",                            "MISSING_DEPS",   YJS_WHOLE_UPDATE,     []],
    ["a client id of another device (a stale copy): nothing", "FOREIGN_CLIENT", YJS_WHOLE_UPDATE,   []],
    ["a bad awareness state: nothing",                      "BAD_AWARENESS",  YJS_WHOLE_UPDATE,     []],
  ])("%s", (_name, code, path, dropped) => {
    expect(keys(refusedEdits({ code, path }, PENDING))).toEqual(dropped);
  });

  it("gives every code a scope", () => {
    expect(CODES.filter((c) => !(c in REFUSAL_SCOPE))).toEqual([]);
  });
});

describe("rewording the server's refusal messages", () => {
  /** What the tablet decides from one refusal on the wire: the edits it drops and the sentence it shows. */
  function decide(reason: string) {
    const parsed = parseYjsRefusal(reason);
    if (!parsed) return null;
    const dropped = refusedEdits(parsed, PENDING);
    return {
      code: parsed.code,
      path: parsed.path,
      dropped: keys(dropped),
      toast: droppedWhy(t, definition, parsed, dropped),
      short: refusalText(t, parsed.code),
    };
  }
  const reworded = (text: (code: YjsRefusalCode) => string) =>
    Object.fromEntries(CODES.map((c) => [c, text(c)])) as Record<YjsRefusalCode, string>;
  const REWORDINGS: [string, Record<YjsRefusalCode, string>][] = [
    ["every message 'X'", reworded(() => "X")],
    ["every message empty", reworded(() => "")],
    // Words the old English-matching client read meaning into.
    [
      "every message naming another cell, a layer and a range",
      reworded(
        () => "units.STP.cross.G2 locked; the self layer is not open now; between 0 and 99; only one decimal",
      ),
    ],
    [
      "every message another code's",
      reworded((c) => YJS_REFUSALS[CODES[(CODES.indexOf(c) + 1) % CODES.length]!]),
    ],
  ];

  it.each(REWORDINGS)("leaves every decision unchanged: %s", (_name, messages) => {
    for (const code of CODES)
      for (const path of PATHS) {
        const before = decide(formatYjsRefusal({ code, path }));
        const after = decide(formatYjsRefusal({ code, path }, messages));
        expect(after, `${code} ${path}`).toEqual(before);
        expect(before).not.toBeNull();
      }
  });

  it("words the toast from the code: a value over a group's maximum names the range", () => {
    expect(droppedWhy(t, definition, { code: "BAD_VALUE", path: "units.BDT.self.G1" }, PENDING)).toMatch(
      /^điểm phải từ 0 đến \d/,
    );
    expect(refusalText(t, "LOCKED")).toBe(t("scores.why.locked"));
    expect(refusalText(t, "SERVER_ERROR")).toBe(`${t("yjs.why.SERVER_ERROR")}.`);
  });
});
