import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import demo from "../../shared/definition/demo-cum8-2021.json";
import { meetingDefinitionSchema } from "../../shared/definition/schema";
import {
  DOC_ROOTS,
  DRAFT_KEYS,
  PLEDGE_ROOTS,
  SCORES_ROOTS,
  UNIT_ROW_LAYERS,
  clientLabel,
  docClients,
  draftCaption,
  draftCommitment,
  draftJson,
  draftLegalBases,
  draftLines,
  draftSections,
  draftText,
  frozenHash,
  newUnitRow,
  pledgeDraft,
  pledgeFrozen,
  pledgeProposals,
  pledgeVote,
  proposalKey,
  proposalUnit,
  scoreLayer,
  scoresJson,
  scoresStage,
  scoresUnits,
  sectionCommitments,
  sectionHeading,
  setPledgeFrozen,
  setPledgeVote,
  setScoresStage,
  typeRoots,
  unitCells,
  unitNotes,
  unitRow,
} from "../../shared/documents/layout";
import { lastWriter, nextItemId } from "../../shared/documents/writers";
import { pledgeHash } from "../../shared/pledge/canonical";
import { draftFromJson } from "../../shared/pledge/from-json";
import { initialPledgeUpdate, initialScoresUpdate } from "../../server/yjs/structure";
import { cellAuthor, writeCell } from "../../client/features/scores/doc";

const def = meetingDefinitionSchema.parse(demo);
const p = def.pledge;

/** A document as every client first receives it: the server's structure update, applied. */
function docFrom(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}
// Made once, like the server does at meeting creation: every copy below starts from the same structure.
const SCORES_UPDATE = initialScoresUpdate(def);
const PLEDGE_UPDATE = initialPledgeUpdate(def);
const scoresDoc = () => docFrom(SCORES_UPDATE);
const pledgeDoc = () => docFrom(PLEDGE_UPDATE);
/** Every root of a document as plain JSON (after typing the roots, as the server's copies do). */
function roots(doc: Y.Doc, name: "scores" | "pledge"): Record<string, unknown> {
  typeRoots(doc, name);
  return doc.toJSON() as Record<string, unknown>;
}
/** The root names an update writes under, read from its bytes (not through the layout). */
function rootNamesIn(update: Uint8Array): string[] {
  const names = Y.decodeUpdate(update).structs.flatMap((s) => (s instanceof Y.Item && typeof s.parent === "string" ? [s.parent] : []));
  return [...new Set(names)].sort();
}
const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

describe("the scores layout", () => {
  // prettier-ignore
  it.each<[string, (d: Y.Doc) => unknown, unknown]>([
    ["the unit rows are the definition's units",  (d) => [...scoresUnits(d).keys()].sort(),                   def.units.map((u) => u.code).sort()],
    ["a row holds three layers and the notes",    (d) => [...unitRow(d, "BDT")!.keys()].sort(),              [...UNIT_ROW_LAYERS].sort()],
    ["an unknown unit has no row",                (d) => unitRow(d, "NOPE"),                                  null],
    ["a seeded self layer",                       (d) => scoreLayer(d, "BDT", "self")!.get("G1"),            39],
    ["a seeded bonus count",                      (d) => scoreLayer(d, "BDT", "cross")!.get("B2"),           2],
    ["an unseeded agreed layer is empty",         (d) => scoreLayer(d, "BDT", "agreed")!.size,               0],
    ["a layer the seed leaves out is empty",      (d) => scoreLayer(d, "SNGV", "agreed")!.size,              0],
    ["the notes start empty",                     (d) => unitNotes(d, "BDT")!.size,                           0],
    ["no layer of an unknown unit",               (d) => scoreLayer(d, "NOPE", "self"),                       null],
    ["unitCells is the same map as scoreLayer",   (d) => unitCells(d, "STP", "cross") === scoreLayer(d, "STP", "cross"), true],
    ["the stage starts closed",                   (d) => scoresStage(d),                                      "closed"],
    ["scoresJson is the units root",              (d) => scoresJson(d),                                       roots(scoresDoc(), "scores")[SCORES_ROOTS.units]],
    ["the meta root holds the stage",             (d) => roots(d, "scores")[SCORES_ROOTS.meta],               { stage: "closed" }],
    ["the clients root starts empty",             (d) => roots(d, "scores")[SCORES_ROOTS.clients],            {}],
    ["no client is named yet",                    (d) => docClients(d).size,                                  0],
  ])("%s", (_name, read, expected) => {
    expect(read(scoresDoc())).toEqual(expected);
  });

  it("writes through the accessors reach another copy", () => {
    const a = scoresDoc();
    const b = scoresDoc();
    setScoresStage(a, "self");
    scoreLayer(a, "BDT", "self")!.set("G2", 18.5);
    unitNotes(a, "BDT")!.set("G2", "trừ 1 điểm");
    sync(a, b);
    expect([scoresStage(b), scoreLayer(b, "BDT", "self")!.get("G2"), unitNotes(b, "BDT")!.get("G2")]).toEqual(["self", 18.5, "trừ 1 điểm"]);
  });

  it("a new unit row has the layers of the ones the server created, seeded as given", () => {
    const doc = new Y.Doc();
    scoresUnits(doc).set("NEW", newUnitRow({ agreed: { G1: 40, B1: 1 } }));
    expect(scoresJson(doc).NEW).toEqual({ self: {}, cross: {}, agreed: { G1: 40, B1: 1 }, notes: {} });
  });

  // prettier-ignore
  it.each<[string, unknown, ReturnType<typeof clientLabel>]>([
    ["a label the server wrote",     { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT", label: "Ban Dân tộc" }, { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT", label: "Ban Dân tộc" }],
    ["an organiser without a unit",  { linkId: "chair", role: "chair", label: "Chủ trì" },                              { linkId: "chair", role: "chair", unit: null, label: "Chủ trì" }],
    ["something that is no label",   "delegate",                                                                        null],
    ["a label without a role",       { linkId: "x", label: "?" },                                                       null],
  ])("clientLabel reads %s", (_name, value, expected) => {
    const doc = scoresDoc();
    (docClients(doc) as Y.Map<unknown>).set("4242", value);
    expect(clientLabel(doc, 4242)).toEqual(expected);
    expect(clientLabel(doc, 1)).toBeNull();
  });
});

describe("the pledge layout", () => {
  // prettier-ignore
  it.each<[string, (d: Y.Doc) => unknown, unknown]>([
    ["the draft has exactly its keys",           (d) => [...pledgeDraft(d).keys()].sort(),                   [...DRAFT_KEYS].sort()],
    ["the title",                                (d) => draftText(d, "title")!.toString(),                   p.header.title],
    ["the place and date",                       (d) => draftText(d, "placeDate")!.toString(),               p.header.placeDate],
    ["the subtitle",                             (d) => draftText(d, "subtitle")!.toString(),                p.header.subtitle],
    ["the preamble",                             (d) => draftText(d, "preamble")!.toString(),                p.preamble],
    ["the left header column",                   (d) => draftLines(d, "headerLeft"),                         p.header.left],
    ["the right header column",                  (d) => draftLines(d, "headerRight"),                        p.header.right],
    ["the legal bases",                          (d) => draftLegalBases(d)!.toArray().map(String),           p.legalBases],
    ["the signature caption",                    (d) => draftCaption(d),                                     p.signatureCaption],
    ["the section headings",                     (d) => draftSections(d)!.toArray().map((s) => sectionHeading(s)!.toString()), p.sections.map((s) => s.heading)],
    ["the commitments of section 2",             (d) => sectionCommitments(draftSections(d)!.get(1))!.toArray().map(String), p.sections[1]!.commitments],
    ["commitment 1 of section 2",                (d) => draftCommitment(d, 1, 0)!.toString(),                p.sections[1]!.commitments[0]],
    ["no commitment past a section's end",       (d) => draftCommitment(d, 1, p.sections[1]!.commitments.length), null],
    ["no commitment in a missing section",       (d) => draftCommitment(d, 99, 0),                           null],
    ["no commitment at a negative index",        (d) => draftCommitment(d, 0, -1),                           null],
    ["draftJson is the draft root",              (d) => draftJson(d),                                        roots(pledgeDoc(), "pledge")[PLEDGE_ROOTS.draft]],
    ["the hash of the draft is the definition's", (d) => pledgeHash(draftFromJson(draftJson(d))),            pledgeHash(p)],
    ["not frozen",                               (d) => pledgeFrozen(d),                                     false],
    ["no frozen hash",                           (d) => frozenHash(d),                                       null],
    ["no vote running",                          (d) => pledgeVote(d),                                       null],
    ["the meta root holds frozen: false",        (d) => roots(d, "pledge")[PLEDGE_ROOTS.meta],               { frozen: false }],
    ["the proposals root starts empty",          (d) => roots(d, "pledge")[PLEDGE_ROOTS.proposals],          {}],
    ["no proposals",                             (d) => pledgeProposals(d).size,                             0],
  ])("%s", (_name, read, expected) => {
    expect(read(pledgeDoc())).toEqual(expected);
  });

  // prettier-ignore
  it.each<[string, (d: Y.Doc) => void, { frozen: boolean; hash: string | null; vote: string | null }]>([
    ["a freeze sets the flag and the hash",        (d) => setPledgeFrozen(d, true, "ab".repeat(32)),                                       { frozen: true, hash: "ab".repeat(32), vote: null }],
    ["an unfreeze clears the hash",                (d) => { setPledgeFrozen(d, true, "ab".repeat(32)); setPledgeFrozen(d, false, "ab".repeat(32)); }, { frozen: false, hash: null, vote: null }],
    ["a vote names its poll",                      (d) => setPledgeVote(d, "poll-1"),                                                       { frozen: false, hash: null, vote: "poll-1" }],
    ["a vote cleared",                             (d) => { setPledgeVote(d, "poll-1"); setPledgeVote(d, null); },                          { frozen: false, hash: null, vote: null }],
  ])("%s", (_name, write, expected) => {
    const a = pledgeDoc();
    const b = pledgeDoc();
    write(a);
    sync(a, b);
    expect({ frozen: pledgeFrozen(b), hash: frozenHash(b), vote: pledgeVote(b) }).toEqual(expected);
  });

  it("setting the vote it already names writes nothing", () => {
    const doc = pledgeDoc();
    setPledgeVote(doc, "poll-1");
    const before = Y.encodeStateVector(doc);
    setPledgeVote(doc, "poll-1");
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it("a proposal written by one copy is read by another, under its unit's key", () => {
    const a = pledgeDoc();
    const b = pledgeDoc();
    const key = proposalKey("DUK", "p1");
    pledgeProposals(a).set(key, { section: 1, index: 0, text: "Đề nghị sửa" });
    sync(a, b);
    expect([key, proposalUnit(key), pledgeProposals(b).get(key)]).toEqual(["DUK:p1", "DUK", { section: 1, index: 0, text: "Đề nghị sửa" }]);
  });
});

describe("the roots of each document", () => {
  it.each(["scores", "pledge"] as const)("typeRoots types every root of %s as a map, and nothing else", (name) => {
    const doc = new Y.Doc();
    typeRoots(doc, name);
    expect([...doc.share.keys()].sort()).toEqual([...DOC_ROOTS[name]].sort());
    expect([...doc.share.values()].every((t) => t instanceof Y.Map)).toBe(true);
  });

  it("the server's first updates write under the layout's roots only", () => {
    expect(rootNamesIn(SCORES_UPDATE)).toEqual(["meta", "units"]);
    expect(rootNamesIn(PLEDGE_UPDATE)).toEqual(["draft", "meta"]);
  });
});

describe("who last wrote a key (public Yjs API)", () => {
  it("is the copy that wrote it, then the copy that overwrote it", () => {
    const a = scoresDoc();
    const b = scoresDoc();
    scoreLayer(a, "BDT", "self")!.set("G3", 8);
    sync(a, b);
    expect(lastWriter(scoreLayer(b, "BDT", "self")!, "G3")?.client).toBe(a.clientID);
    scoreLayer(b, "BDT", "self")!.set("G3", 9);
    expect(lastWriter(scoreLayer(b, "BDT", "self")!, "G3")?.client).toBe(b.clientID);
    sync(b, a);
    expect(lastWriter(scoreLayer(a, "BDT", "self")!, "G3")?.client).toBe(b.clientID);
  });

  it("is the server's structure update for a seeded cell, and nobody for a missing or deleted key", () => {
    const [serverClient] = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(SCORES_UPDATE)).keys();
    const doc = scoresDoc();
    expect(lastWriter(scoreLayer(doc, "BDT", "self")!, "G1")?.client).toBe(serverClient);
    expect(lastWriter(scoreLayer(doc, "BDT", "self")!, "G9")).toBeNull();
    scoreLayer(doc, "BDT", "self")!.delete("G1");
    expect(lastWriter(scoreLayer(doc, "BDT", "self")!, "G1")).toBeNull();
  });

  it("tells keys of different maps apart", () => {
    const a = scoresDoc();
    const b = scoresDoc();
    scoreLayer(a, "BDT", "agreed")!.set("G1", 38);
    sync(a, b);
    scoreLayer(b, "STP", "agreed")!.set("G1", 37);
    expect(lastWriter(scoreLayer(b, "BDT", "agreed")!, "G1")?.client).toBe(a.clientID);
    expect(lastWriter(scoreLayer(b, "STP", "agreed")!, "G1")?.client).toBe(b.clientID);
  });

  it("nextItemId is the id a single set gets", () => {
    const doc = scoresDoc();
    for (const value of [1, 2, 3]) {
      const id = nextItemId(doc);
      scoreLayer(doc, "DUK", "self")!.set("G6", value);
      expect(lastWriter(scoreLayer(doc, "DUK", "self")!, "G6")).toEqual(id);
    }
  });

  it("a map outside a document has no writer", () => {
    expect(lastWriter(new Y.Map<number>(), "G1")).toBeNull();
  });
});

describe("the score table's cell author (client/features/scores/doc.ts)", () => {
  it("is the label the server gave the client id that last wrote the cell", () => {
    const tablet = scoresDoc();
    const chair = scoresDoc();
    const written = writeCell(tablet, "BDT", "self", "G4", 14.5);
    expect(written).toEqual(lastWriter(scoreLayer(tablet, "BDT", "self")!, "G4"));
    expect(written?.client).toBe(tablet.clientID);
    sync(tablet, chair);
    // Before the server names the id, the cell has no author to show.
    expect(cellAuthor(chair, "BDT", "self", "G4")).toBeNull();
    docClients(chair).set(String(tablet.clientID), { linkId: "delegate-BDT-1", role: "delegate", unit: "BDT", label: "Ban Dân tộc — đại biểu 1" });
    expect(cellAuthor(chair, "BDT", "self", "G4")).toEqual({ role: "delegate", unit: "BDT", label: "Ban Dân tộc — đại biểu 1" });
    writeCell(chair, "BDT", "self", "G4", 15);
    docClients(chair).set(String(chair.clientID), { linkId: "chair", role: "chair", unit: null, label: "Chủ trì" });
    expect(cellAuthor(chair, "BDT", "self", "G4")).toEqual({ role: "chair", unit: null, label: "Chủ trì" });
  });

  it("writes nothing and returns no id for a row or layer that does not exist", () => {
    const doc = scoresDoc();
    const before = Y.encodeStateVector(doc);
    expect(writeCell(doc, "NOPE", "self", "G1", 1)).toBeNull();
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
