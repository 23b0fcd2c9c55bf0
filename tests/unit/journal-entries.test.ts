import { describe, expect, it } from "vitest";
import { chainEntry, GENESIS_HASH } from "../../shared/journal/chain";
import {
  checkedChainEntry,
  JOURNAL_TYPE_NAMES,
  JOURNAL_TYPES,
  journalDataProblem,
  JournalSchemaError,
  parseJournalEvent,
  type JournalType,
} from "../../shared/journal/entries";
import { JOURNAL_SAMPLES } from "../helpers/journal";

const H = "ab".repeat(32);

/** One wrong `data` per type: a missing field, a wrong type or value, or a field the schema does not name. */
const INVALID: Record<JournalType, unknown> = {
  "meeting.created":            { title: "Hội nghị", units: "BDT", links: 9 },
  "meeting.definition_updated": { title: "Hội nghị", units: ["BDT"], removedUnits: [] },
  "meeting.archived":           {},
  "meeting.unarchived":         { archived: false },
  "link.revoked":               { link: "delegate-BDT-1" },
  "link.reissued":              { linkId: "delegate-BDT-1", generation: 0 },
  "device.joined":              { linkId: "delegate-BDT-1", role: "guest", unit: "BDT" },
  "rollcall.marked":            { unit: "BDT", mark: "late" },
  "agenda.moved":               { index: -1 },
  "screen.shown":               { view: "cinema" },
  "scores.stage":               { from: "self", to: "final" },
  "scores.copied":              { from: "agreed", units: [], overwrite: false, cells: 0 },
  "scores.locked":              { snapshot: { layers: {}, totals: {}, ranking: [] }, snapshotHash: "not-a-hash" },
  "scores.unlocked":            { previousSnapshotHash: H },
  "poll.created":               { ...JOURNAL_SAMPLES["poll.created"], kind: "ranked" },
  "poll.opened":                { pollId: "head-1", present: 2, members: 2 },
  "poll.closed":                { pollId: "head-1", present: "2", members: 2, presentUnits: [] },
  "poll.published":             { pollId: "head-1", outcome: "Thông qua", headline: null, counts: { kind: "motion", cast: 1 } },
  "poll.voided":                { pollId: "head-1", reason: 5 },
  "poll.ballot_cast":           { pollId: "head-1", unit: "BDT", ballot: { choice: "for" } },
  "pledge.adopted":             { by: "secretary", draftHash: H },
  "pledge.frozen":              { textHash: null },
  "pledge.unfrozen":            { reason: "Sửa", textHash: H, voided: "BDT" },
  "pledge.signed":              { ...JOURNAL_SAMPLES["pledge.signed"], strokes: [[[0, 0]]] },
  "pledge.final":               { textHash: H },
  "pledge.proposal.accepted":   { key: "BDT:1", unit: "BDT", section: 0, index: 1 },
  "pledge.proposal.rejected":   { key: "BDT:1", unit: "BDT", section: "0", index: 1, text: "x" },
  "speak.requested":            { requestId: "r1", unit: "BDT", kind: "song", note: null, name: null },
  "speak.withdrawn":            { requestId: "r1" },
  "speak.given":                { requestId: "r1", unit: "BDT", kind: "remark", startedAt: 1, limitS: 180 },
  "speak.ended":                { requestId: "r1", unit: "BDT", kind: "remark", agendaIndex: 0, startedAt: 1, endedAt: 2, durationS: 1.5, limitS: 180 },
  "speak.reordered":            { order: "r1,r2" },
  "document.attached":          { docId: "0123456789abcdef", title: "Báo cáo", sha256: H, bytes: 10, pages: 1 },
  "document.shown":             { docId: null, page: 1 },
  "invitations.issued":         { units: [{ unit: "BDT" }] },
  "rehearsal.started":          { by: "chair" },
  "rehearsal.ended":            { polls: 1, ballots: 2, signatures: 0, turns: 1, docUpdates: 5 },
};

describe("the journal entry table", () => {
  it.each(JOURNAL_TYPE_NAMES)("%s: the sample is accepted exactly and read back as its typed event", (type) => {
    const data = JOURNAL_SAMPLES[type];
    expect(journalDataProblem(type, data)).toBeNull();
    expect(parseJournalEvent(type, data)).toEqual({ type, data });
  });

  it.each(JOURNAL_TYPE_NAMES)("%s: a wrong data is refused on write and not read as the type", (type) => {
    expect(journalDataProblem(type, INVALID[type])).not.toBeNull();
    // A field the schema does not name is dropped when reading, so only a real mismatch reads as null.
    const read = parseJournalEvent(type, INVALID[type]);
    if (read) expect(read.data).not.toEqual(INVALID[type]);
  });

  it("has a sample and a wrong example for every type, and every type has a sentence on when it is written", () => {
    expect(Object.keys(JOURNAL_SAMPLES).sort()).toEqual([...JOURNAL_TYPE_NAMES].sort());
    expect(Object.keys(INVALID).sort()).toEqual([...JOURNAL_TYPE_NAMES].sort());
    for (const type of JOURNAL_TYPE_NAMES) expect(JOURNAL_TYPES[type].when.length, type).toBeGreaterThan(10);
  });

  it("keeps a secret poll's choice out: a ballot without a receipt is refused", () => {
    expect(journalDataProblem("poll.ballot_cast", { pollId: "p", unit: "BDT", ballot: { choice: "for" } })).not.toBeNull();
    expect(journalDataProblem("poll.ballot_cast", { pollId: "p", unit: "BDT", ballot: { choice: "for" }, receipt: "K7Q2" })).toBeNull();
  });

  it("refuses an unknown type, and reads it as null (shown generically)", () => {
    expect(journalDataProblem("attendance.marked", null)).toMatch(/unknown journal entry type/);
    expect(parseJournalEvent("attendance.marked", null)).toBeNull();
  });

  it("reads an entry from an older version with a field no longer written, without it; a lock before presentUnits still reads", () => {
    const older = { ...JOURNAL_SAMPLES["link.revoked"], reason: "lost" };
    expect(parseJournalEvent("link.revoked", older)).toEqual({ type: "link.revoked", data: JOURNAL_SAMPLES["link.revoked"] });
    const { presentUnits: _, ...lock } = JOURNAL_SAMPLES["scores.locked"];
    expect(parseJournalEvent("scores.locked", lock)?.type).toBe("scores.locked");
  });
});

describe("checked chaining", () => {
  it("hashes exactly as the plain chain does (stored entries keep their hashes)", () => {
    const body = { seq: 1, ts: 1_642_000_000_000, actor: "chair", type: "agenda.moved", data: JOURNAL_SAMPLES["agenda.moved"] };
    expect(checkedChainEntry(GENESIS_HASH, body)).toEqual(chainEntry(GENESIS_HASH, body));
  });

  it("throws before chaining data that does not match its schema", () => {
    const body = { seq: 1, ts: 1, actor: "chair", type: "agenda.moved", data: { index: 1, titel: "typo" } };
    expect(() => checkedChainEntry(GENESIS_HASH, body)).toThrow(JournalSchemaError);
    expect(() => checkedChainEntry(GENESIS_HASH, body)).toThrow(/agenda\.moved: data carries a field/);
  });
});
