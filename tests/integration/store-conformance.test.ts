import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import demo from "../../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { GENESIS_HASH, verifyJournal } from "../../shared/journal/chain";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { DomainError } from "../../server/errors";
import { log } from "../../server/log";
import type { PledgeDecision, SignatureRecord } from "../../server/storage/pledge";
import { RedisStore } from "../../server/storage/redis/store";
import { SqliteStore } from "../../server/storage/sqlite";
import type { JournalInput, LinkRecord, Store } from "../../server/storage/store";
import { JournalSchemaError } from "../../shared/journal/entries";
import { BallotSeal } from "../../server/storage/ballot-seal";
import type { CastOutcome, PollDecision, PollRecord } from "../../server/storage/polls";
import { skipRedisTests, startRedis, type TestRedis } from "../helpers/redis";
import { tempDataDir } from "../helpers/server";
import { meetingDocumentStoreOf } from "../../server/storage/open";
import { journalSample } from "../helpers/journal";

log.setLevel(process.env.TEST_LOG === "1" ? "debug" : "silent");

/** A backend under test: `open` gives a new store instance on the same data (a second process's view). */
interface Backend {
  open(): Promise<Store>;
  stop(): Promise<void>;
}

let counter = 0;
const newId = () => `conf${Date.now().toString(36)}${(counter++).toString(36)}`;

function links(meetingId: string): LinkRecord[] {
  return ["chair", "delegate-BDT-1", "delegate-STP-1"].map((linkId, i) => ({
    meetingId,
    linkId,
    role: i === 0 ? "chair" : "delegate",
    unit: i === 0 ? null : linkId.split("-")[1]!,
    label: linkId,
    generation: 1,
    tokenHash: `${meetingId}-${linkId}-g1`.padEnd(64, "0"),
    revokedAt: null,
    firstSeenAt: null,
  }));
}

/** The stores keep any document's bytes: these tests write a scratch text, not a meeting layout. */
const scratch = (doc: Y.Doc): Y.Text => doc.getText("t"); // layout-literal-ok: a store test's own document, not a meeting layout

function yUpdate(text: string, doc = new Y.Doc()): Uint8Array {
  const before = Y.encodeStateVector(doc);
  scratch(doc).insert(scratch(doc).length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

async function createMeeting(store: Store, opts: { isDemo?: boolean } = {}) {
  const id = newId();
  const doc = new Y.Doc();
  await store.createMeeting({
    meeting: { id, definition: demo as unknown as MeetingDefinition, isDemo: opts.isDemo ?? false, createdAt: Date.now() },
    links: links(id),
    state: { agendaIndex: 0, screen: "welcome", marks: {} },
    docs: [
      { name: "scores", update: yUpdate("scores:", doc) },
      { name: "pledge", update: yUpdate("pledge:") },
    ],
    journal: { actor: "admin", ...journalSample("meeting.created") },
  });
  return { id, doc };
}

const refusalCode = async (p: Promise<unknown>) => {
  try {
    await p;
    return "resolved";
  } catch (err) {
    return err instanceof DomainError ? err.code : `not a DomainError: ${String(err)}`;
  }
};

const signature = (unit: string, opId: string): Omit<SignatureRecord, "voidedAt"> => ({
  unit,
  opId,
  linkId: `delegate-${unit}-1`,
  signerName: `Người ký ${unit}`,
  signerTitle: "Trưởng ban",
  onBehalf: null,
  strokes: [[[0.1, 0.2], [0.3, 0.4]]],
  signedAt: new Date().toISOString(),
  userAgent: "test",
  address: "127.0.0.1",
  textHash: "a".repeat(64),
  signatureHash: `${unit}${opId}`.padEnd(64, "f"),
});

/** Signs for a unit the way the pledge service does: check, then sign, in one decision. */
const signOnce = (unit: string, opId: string): PledgeDecision<string> => ({ record, signatures }) => {
  if (signatures.some((s) => s.unit === unit && s.voidedAt === null)) throw new DomainError(ERROR_CODES.ALREADY_SIGNED, `${unit} signed`);
  return { result: opId, sign: signature(unit, opId), record, journal: [{ actor: `delegate:${unit}`, ...journalSample("pledge.signed", { unit }) }] };
};

/** The seal key every Redis instance of a deployment shares (LINK_SECRET), never stored in Redis. */
const SEAL = new BallotSeal(Buffer.from("conformance-link-secret-0123456789abcdef"));

function pollRecord(meetingId: string, id: string, visibility: "open" | "secret"): PollRecord {
  return {
    meetingId, id, kind: "motion", visibility, subject: "other", title: `Poll ${id}`, candidates: [], excluded: [],
    threshold: { comparison: "gt", numerator: 1, denominator: 2 }, base: "members", state: "draft", round: 1, createdAt: Date.now(),
    openedAt: null, closedAt: null, publishedAt: null, voidedAt: null, voidReason: null, membersAtClose: null, presentAtClose: null,
    presentUnitsAtOpen: null, presentUnitsAtClose: null, stateChanges: 0, published: null,
  };
}

/** The journal entry each target state writes (sample data: the stores do not read it). */
const MOVE_ENTRY = { draft: "poll.created", open: "poll.opened", closed: "poll.closed", published: "poll.published", void: "poll.voided" } as const;

/** A transition the way the poll service decides it: refused unless the stored state is `from`. */
const move = (from: PollRecord["state"], to: PollRecord["state"]): PollDecision<number> => ({ poll, voters }) => {
  if (poll.state !== from) throw new DomainError(ERROR_CODES.CONFLICT, `poll is ${poll.state}`);
  return { result: voters.length, poll: { ...poll, state: to, stateChanges: poll.stateChanges + 1 }, journal: [{ actor: "chair", ...journalSample(MOVE_ENTRY[to]) }] };
};

const cast = (unit: string, opId: string, ballot: unknown = { choice: "for" }) => ({ unit, linkId: `delegate-${unit}-1`, opId, ballot, actor: `delegate:${unit}`, now: Date.now() });

/** A meeting whose units are all marked present, with one poll open. */
async function openPoll(store: Store, visibility: "open" | "secret", marks: Record<string, "present" | "absent"> = Object.fromEntries(demo.units.map((u) => [u.code, "present" as const]))) {
  const { id } = await createMeeting(store);
  await store.commitMeetingState(id, { agendaIndex: 0, screen: "welcome", marks }, { actor: "chair", ...journalSample("rollcall.marked") });
  await store.createPoll(pollRecord(id, "p1", visibility), { actor: "chair", ...journalSample("poll.created", { id: "p1" }) });
  await store.updatePoll(id, "p1", move("draft", "open"));
  return id;
}

function conformance(name: string, makeBackend: () => Promise<Backend>, skip = false) {
  describe.skipIf(skip)(`the ${name} store`, () => {
    let backend: Backend;
    let store: Store;
    let other: Store;

    beforeAll(async () => {
      backend = await makeBackend();
      store = await backend.open();
      other = await backend.open();
    });
    afterAll(async () => {
      await store?.close();
      await other?.close();
      await backend?.stop();
    });

    it("creates a meeting with its links, state, documents and first journal entry, and lists it", async () => {
      const { id } = await createMeeting(store, { isDemo: true });
      expect((await other.getMeeting(id))?.definition.conference.title).toBe(demo.conference.title);
      expect((await other.listMeetings()).map((m) => m.id)).toContain(id);
      expect((await other.findDemoMeeting())?.isDemo).toBe(true);
      expect((await other.listLinks(id)).map((l) => l.linkId)).toEqual(["chair", "delegate-BDT-1", "delegate-STP-1"]);
      expect(await other.getMeetingState(id)).toEqual({ agendaIndex: 0, screen: "welcome", marks: {} });
      const journal = await other.readJournal(id);
      expect(journal.map((e) => e.type)).toEqual(["meeting.created"]);
      expect(journal[0]!.prevHash).toBe(GENESIS_HASH);
      expect(await other.getMeeting("nosuchmeeting")).toBeNull();
      expect(await other.journalHead("nosuchmeeting")).toEqual({ seq: 0, hash: GENESIS_HASH });
    });

    it("finds a link by its token hash, revokes it with a journal entry, and after a re-issue finds it only by the new hash", async () => {
      const { id } = await createMeeting(store);
      const [, delegate] = links(id);
      expect((await other.findLinkByTokenHash(delegate!.tokenHash))?.linkId).toBe("delegate-BDT-1");
      expect(await other.findLinkByTokenHash("f".repeat(64))).toBeNull();

      const entry = await store.updateLink(id, "delegate-BDT-1", { revokedAt: 1234 }, { actor: "chair", type: "link.revoked", data: { linkId: "delegate-BDT-1" } });
      expect(entry).toMatchObject({ seq: 2, type: "link.revoked" });
      expect((await other.getLink(id, "delegate-BDT-1"))?.revokedAt).toBe(1234);

      const newHash = "e".repeat(64);
      await store.updateLink(id, "delegate-BDT-1", { revokedAt: null, generation: 2, tokenHash: newHash }, { actor: "chair", ...journalSample("link.reissued") });
      expect(await other.findLinkByTokenHash(delegate!.tokenHash)).toBeNull();
      expect(await other.findLinkByTokenHash(newHash)).toMatchObject({ linkId: "delegate-BDT-1", generation: 2, revokedAt: null });
      // A patch without a journal entry leaves the journal as it was.
      expect(await store.updateLink(id, "chair", { firstSeenAt: 99 }, null)).toBeNull();
      expect((await other.getLink(id, "chair"))?.firstSeenAt).toBe(99);
      expect((await other.journalHead(id)).seq).toBe(3);
    });

    it("stores the meeting state with its journal entry and keeps the chain verifiable", async () => {
      const { id } = await createMeeting(store);
      const next = { agendaIndex: 2, screen: "agenda" as const, marks: { BDT: "present" as const } };
      const entry = await store.commitMeetingState(id, next, { actor: "chair", ...journalSample("agenda.moved", { index: 2 }) });
      expect(await other.getMeetingState(id)).toEqual(next);
      const journal = await other.readJournal(id);
      expect(journal.at(-1)).toEqual(entry);
      expect(verifyJournal(journal)).toEqual({ ok: true, count: 2, head: entry.hash });
      expect(await other.journalHead(id)).toEqual({ seq: 2, hash: entry.hash });
    });

    it("keeps one valid hash chain when two store instances append to one journal at the same time", async () => {
      const { id } = await createMeeting(store);
      const each = 40;
      await Promise.all([
        ...Array.from({ length: each }, (_, i) => store.appendJournal(id, { actor: "a", ...journalSample("agenda.moved", { index: i }) })),
        ...Array.from({ length: each }, () => other.appendJournal(id, { actor: "b", ...journalSample("screen.shown") })),
      ]);
      const journal = await store.readJournal(id);
      expect(verifyJournal(journal)).toMatchObject({ ok: true, count: 1 + 2 * each });
      expect(journal.filter((e) => e.type === "agenda.moved")).toHaveLength(each);
      expect(journal.filter((e) => e.type === "screen.shown")).toHaveLength(each);
    });

    it("refuses a journal entry whose data does not match its type's schema, before storing anything", async () => {
      const { id } = await createMeeting(store);
      const head = await store.journalHead(id);
      const wrong = { actor: "chair", type: "agenda.moved", data: { index: "two" } } as unknown as JournalInput;
      await expect(store.appendJournal(id, wrong)).rejects.toThrow(JournalSchemaError);
      await expect(other.commitMeetingState(id, { agendaIndex: 2, screen: "welcome", marks: {} }, wrong)).rejects.toThrow(JournalSchemaError);
      expect(await other.journalHead(id)).toEqual(head);
      expect((await other.getMeetingState(id))?.agendaIndex).toBe(0);
    });

    it("appends Yjs updates, loads them back in order, and after a compaction loads the snapshot plus only later updates", async () => {
      const { id, doc } = await createMeeting(store);
      const first = await store.loadDoc(id, "scores");
      expect(first.snapshot).toBeNull();
      expect(first.updates).toHaveLength(1);

      const one = await store.appendDocUpdate(id, "scores", yUpdate("a", doc));
      const last = await other.appendDocUpdates(id, "scores", [yUpdate("b", doc), yUpdate("c", doc)]);
      expect(one).toBeGreaterThanOrEqual(first.lastSeq + 1);
      expect(last).toBeGreaterThan(one);

      const loaded = await other.loadDoc(id, "scores");
      expect(loaded.lastSeq).toBe(last);
      const replay = new Y.Doc();
      for (const u of loaded.updates) Y.applyUpdate(replay, u);
      expect(scratch(replay).toString()).toBe("scores:abc");

      await store.compactDoc(id, "scores", Y.encodeStateAsUpdate(replay), loaded.lastSeq);
      const after = await store.appendDocUpdate(id, "scores", yUpdate("d", doc));
      const compacted = await other.loadDoc(id, "scores");
      expect(compacted.updates).toHaveLength(1);
      expect(compacted.lastSeq).toBe(after);
      const fromSnapshot = new Y.Doc();
      Y.applyUpdate(fromSnapshot, compacted.snapshot!);
      for (const u of compacted.updates) Y.applyUpdate(fromSnapshot, u);
      expect(scratch(fromSnapshot).toString()).toBe("scores:abcd");
      // The other document of the meeting is untouched.
      expect((await other.loadDoc(id, "pledge")).updates).toHaveLength(1);
    });

    it("binds a Yjs client id to the first link that writes with it, for good", async () => {
      const { id } = await createMeeting(store);
      expect(await other.clientBinding(id, "scores", 42)).toBeNull();
      await store.bindClient(id, "scores", 42, "delegate-BDT-1");
      await other.bindClient(id, "scores", 42, "delegate-STP-1");
      expect(await store.clientBinding(id, "scores", 42)).toBe("delegate-BDT-1");
      expect(await store.clientBinding(id, "pledge", 42)).toBeNull();
    });

    it("moves the pledge with its journal entries, bumping the version once per change", async () => {
      const { id } = await createMeeting(store);
      expect(await other.getPledge(id)).toMatchObject({ stage: "drafting", version: 0 });
      const adopted = await store.updatePledge(id, ({ record }) => ({
        result: "ok",
        record: { ...record, stage: "adopted", adoptedBy: "chair", adoptedAt: 5 },
        journal: [{ actor: "chair", ...journalSample("pledge.adopted") }],
      }));
      expect(adopted.result).toBe("ok");
      expect(adopted.entries.map((e) => [e.seq, e.type])).toEqual([[2, "pledge.adopted"]]);
      expect(await other.getPledge(id)).toMatchObject({ stage: "adopted", adoptedBy: "chair", adoptedAt: 5, version: 1 });

      // A decision that stores nothing (a retried operation) changes nothing.
      const replay = await other.updatePledge(id, () => ({ result: "first answer" }));
      expect(replay).toEqual({ result: "first answer", entries: [] });
      expect((await store.getPledge(id)).version).toBe(1);
      expect((await store.journalHead(id)).seq).toBe(2);
    });

    it("stores nothing when the decision refuses", async () => {
      const { id } = await createMeeting(store);
      const before = await store.readJournal(id);
      const code = await refusalCode(
        store.updatePledge(id, () => {
          throw new DomainError(ERROR_CODES.CONFLICT, "not now");
        }),
      );
      expect(code).toBe(ERROR_CODES.CONFLICT);
      expect(await other.readJournal(id)).toEqual(before);
      expect(await other.getPledge(id)).toMatchObject({ stage: "drafting", version: 0 });
    });

    it("keeps one live signature per unit even when a decision does not check, and stores nothing with the refusal", async () => {
      const { id } = await createMeeting(store);
      await store.updatePledge(id, signOnce("BDT", "op1"));
      const before = { journal: await store.readJournal(id), pledge: await store.getPledge(id) };
      const careless: PledgeDecision<null> = ({ record }) => ({
        result: null,
        sign: signature("BDT", "op2"),
        record: { ...record, stage: "final" },
        journal: [{ actor: "delegate:BDT", ...journalSample("pledge.signed") }],
      });
      expect(await refusalCode(other.updatePledge(id, careless))).toBe(ERROR_CODES.ALREADY_SIGNED);
      expect(await store.readJournal(id)).toEqual(before.journal);
      expect(await store.getPledge(id)).toEqual(before.pledge);
      expect((await store.listPledgeSignatures(id)).map((s) => [s.unit, s.opId])).toEqual([["BDT", "op1"]]);
    });

    it("lets exactly one of two instances sign for a unit when both sign at once, 20 times", async () => {
      for (let round = 0; round < 20; round++) {
        const { id } = await createMeeting(store);
        const results = await Promise.allSettled([store.updatePledge(id, signOnce("STP", "a")), other.updatePledge(id, signOnce("STP", "b"))]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
        expect((rejected.reason as DomainError).code).toBe(ERROR_CODES.ALREADY_SIGNED);
        expect(await store.listPledgeSignatures(id)).toHaveLength(1);
        const journal = await store.readJournal(id);
        expect(journal.filter((e) => e.type === "pledge.signed")).toHaveLength(1);
        expect(verifyJournal(journal).ok).toBe(true);
      }
    });

    it("voids every live signature and keeps the voided ones for the record", async () => {
      const { id } = await createMeeting(store);
      await store.updatePledge(id, signOnce("BDT", "op1"));
      await other.updatePledge(id, signOnce("STP", "op1"));
      const voided = await store.updatePledge(id, ({ record, signatures }) => ({
        result: signatures.filter((s) => s.voidedAt === null).map((s) => s.unit),
        voidAll: { reason: "sửa lời văn", at: 777 },
        record: { ...record, stage: "drafting" },
        journal: [{ actor: "chair", ...journalSample("pledge.unfrozen") }],
      }));
      expect(voided.result).toEqual(["BDT", "STP"]);
      expect(await other.listPledgeSignatures(id)).toEqual([]);
      // Signing again after the void is allowed; the decision still sees the voided signature and its op id.
      const seen = await other.updatePledge(id, ({ signatures }) => ({ result: signatures.map((s) => [s.unit, s.opId, s.voidedAt]) }));
      expect(seen.result).toEqual([
        ["BDT", "op1", 777],
        ["STP", "op1", 777],
      ]);
      await store.updatePledge(id, signOnce("BDT", "op2"));
      expect((await other.listPledgeSignatures(id)).map((s) => [s.unit, s.opId, s.voidedAt])).toEqual([["BDT", "op2", null]]);
    });

    it("keeps the register of issued PDFs: the first record of a file stays, found by its SHA-256 from another instance, listed in issue order", async () => {
      const { id } = await createMeeting(store);
      const first = { kind: "pledge" as const, sha256: "a".repeat(64), size: 1200, issuedAt: 2000, signer: null };
      await store.recordIssuedDocument(id, first);
      await other.recordIssuedDocument(id, { ...first, issuedAt: 9999, signer: "late" });
      await other.recordIssuedDocument(id, { kind: "minutes", sha256: "b".repeat(64), size: 900, issuedAt: 1000, signer: "CN=Cum 8" });
      expect(await other.findIssuedDocument(id, "a".repeat(64))).toEqual(first);
      expect(await store.findIssuedDocument(id, "c".repeat(64))).toBeNull();
      expect((await store.listIssuedDocuments(id)).map((d) => [d.kind, d.issuedAt])).toEqual([["minutes", 1000], ["pledge", 2000]]);
    });

    it("keeps the archive flag with its journal entry: once per change, seen by another instance, listed, refused for no meeting", async () => {
      const { id } = await createMeeting(store);
      const { id: kept } = await createMeeting(store);
      expect(await other.isMeetingArchived(id)).toBe(false);
      const entry = await store.setMeetingArchived(id, true, { actor: "admin", type: "meeting.archived", data: null });
      expect(entry).toMatchObject({ seq: 2, type: "meeting.archived" });
      // Already archived: nothing stored, no second entry (also from another instance).
      expect(await other.setMeetingArchived(id, true, { actor: "admin", type: "meeting.archived", data: null })).toBeNull();
      expect(await other.isMeetingArchived(id)).toBe(true);
      expect(await other.listArchivedMeetings()).toContain(id);
      expect(await other.listArchivedMeetings()).not.toContain(kept);
      await other.setMeetingArchived(id, false, { actor: "admin", type: "meeting.unarchived", data: null });
      expect(await store.isMeetingArchived(id)).toBe(false);
      expect(await store.listArchivedMeetings()).not.toContain(id);
      const journal = await store.readJournal(id);
      expect(journal.map((e) => e.type)).toEqual(["meeting.created", "meeting.archived", "meeting.unarchived"]);
      expect(verifyJournal(journal).ok).toBe(true);
      expect(await refusalCode(store.setMeetingArchived("nosuchmeeting", true, { actor: "admin", type: "meeting.archived", data: null }))).toBe(ERROR_CODES.NOT_FOUND);
      expect(await store.isMeetingArchived("nosuchmeeting")).toBe(false);
    });

    it("keeps cluster organiser links by token hash: one per id and hash, listed in creation order, revoked once", async () => {
      const linkId = newId();
      const link = { linkId, clusterId: "thanh-hoa-cum-3", label: "Văn phòng Cụm 3", tokenHash: `${linkId}`.padEnd(64, "a"), createdAt: Date.now(), revokedAt: null };
      await store.createOrganiserLink(link);
      expect(await other.findOrganiserLink(link.tokenHash)).toEqual(link);
      expect(await other.findOrganiserLink("f".repeat(64))).toBeNull();
      expect(await refusalCode(other.createOrganiserLink({ ...link, tokenHash: "d".repeat(64) }))).toBe(ERROR_CODES.CONFLICT);
      expect(await refusalCode(other.createOrganiserLink({ ...link, linkId: newId() }))).toBe(ERROR_CODES.CONFLICT);
      // The refused copies left nothing behind.
      expect(await store.findOrganiserLink("d".repeat(64))).toBeNull();
      const second = { ...link, linkId: newId(), tokenHash: "c".repeat(60) + linkId.slice(-4), createdAt: link.createdAt + 1 };
      await other.createOrganiserLink(second);
      const ids = (await store.listOrganiserLinks()).map((l) => l.linkId);
      expect(ids.filter((x) => x === linkId || x === second.linkId)).toEqual([linkId, second.linkId]);
      // Two instances revoking at once: exactly one says it did.
      const answers = await Promise.all([store.revokeOrganiserLink(linkId, 5000), other.revokeOrganiserLink(linkId, 6000)]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect((await other.findOrganiserLink(link.tokenHash))?.revokedAt).toBeOneOf([5000, 6000]);
      expect(await store.revokeOrganiserLink(linkId, 7000)).toBe(false);
      expect(await store.revokeOrganiserLink("nosuchlink", 7000)).toBe(false);
      expect((await store.findOrganiserLink(second.tokenHash))?.revokedAt).toBeNull();
    });

    it("keeps the discussion's documents (a file once per meeting), queue state and turns with their journal entries", async () => {
      const { id } = await createMeeting(store);
      const docs = meetingDocumentStoreOf(store);
      const theirs = meetingDocumentStoreOf(other);
      const pdf = new Uint8Array([37, 80, 68, 70, 45, 1, 2, 3]);
      const doc = { meetingId: id, id: "ab12cd34ef567890", title: "Báo cáo", sha256: "ab12cd34ef567890".padEnd(64, "0"), bytes: pdf.length, pages: 1, agendaIndex: 2, uploadedAt: 1000, uploadedBy: "chair" };
      const added = await docs.addDocument(doc, pdf, { actor: "chair", ...journalSample("document.attached", { docId: doc.id }) });
      expect(added.entry).toMatchObject({ type: "document.attached" });
      const again = await theirs.addDocument({ ...doc, title: "Khác", uploadedAt: 2000 }, pdf, { actor: "chair", ...journalSample("document.attached") });
      expect(again).toEqual({ document: doc, entry: null });
      expect(await theirs.listDocuments(id)).toEqual([doc]);
      expect(await theirs.getDocument(id, "nope")).toBeNull();
      expect([...((await theirs.readBlob(doc.sha256)) ?? [])]).toEqual([...pdf]);
      expect((await theirs.getDiscussion(id)).speakers).toEqual({ current: null, queue: [] });
      const next = { speakers: { current: null, queue: [] }, presented: { docId: doc.id, page: 1 }, lastRequest: 3 };
      const turn = { requestId: "r3", unit: "BDT", kind: "remark" as const, agendaIndex: 2, startedAt: 5000, endedAt: 65000, durationS: 60, limitS: 180 };
      await docs.commitDiscussion(id, next, { actor: "chair", ...journalSample("speak.ended") }, turn);
      expect(await theirs.getDiscussion(id)).toEqual(next);
      expect(await theirs.listTurns(id)).toEqual([turn]);
      const journal = await other.readJournal(id);
      expect(journal.map((e) => e.type)).toEqual(["meeting.created", "document.attached", "speak.ended"]);
      expect(verifyJournal(journal).ok).toBe(true);
    });

    it("creates a poll once, moves it only from an allowed state, and journals each step atomically", async () => {
      const { id } = await createMeeting(store);
      const created = await store.createPoll(pollRecord(id, "p1", "open"), { actor: "chair", ...journalSample("poll.created", { id: "p1" }) });
      expect(created).toMatchObject({ seq: 2, type: "poll.created" });
      expect(await refusalCode(other.createPoll(pollRecord(id, "p1", "secret"), { actor: "chair", ...journalSample("poll.created") }))).toBe(ERROR_CODES.CONFLICT);
      expect((await other.getPoll(id, "p1"))?.visibility).toBe("open");
      // Closing a draft is refused by the decision: nothing stored, no entry.
      expect(await refusalCode(other.updatePoll(id, "p1", move("open", "closed")))).toBe(ERROR_CODES.CONFLICT);
      expect(await refusalCode(other.updatePoll(id, "nopoll", move("draft", "open")))).toBe(ERROR_CODES.NOT_FOUND);
      expect((await store.getPoll(id, "p1"))?.state).toBe("draft");
      expect((await store.readJournal(id)).map((e) => e.type)).toEqual(["meeting.created", "poll.created"]);
      const opened = await other.updatePoll(id, "p1", move("draft", "open"));
      expect(opened.poll).toMatchObject({ state: "open", stateChanges: 1 });
      expect(opened.entries.map((e) => e.type)).toEqual(["poll.opened"]);
      // Two organisers (two instances) open at once: one wins, the other is refused.
      await store.createPoll(pollRecord(id, "p2", "open"), { actor: "chair", ...journalSample("poll.created") });
      const both = await Promise.all([store.updatePoll(id, "p2", move("draft", "open")), other.updatePoll(id, "p2", move("draft", "open"))].map(refusalCode));
      expect(both.sort()).toEqual([ERROR_CODES.CONFLICT, "resolved"].sort());
      expect((await store.listPolls(id)).map((p) => [p.id, p.state, p.stateChanges])).toEqual([["p1", "open", 1], ["p2", "open", 1]]);
      expect(verifyJournal(await other.readJournal(id)).ok).toBe(true);
    });

    it("stores a ballot only from a unit recorded present: absent marks and units never checked in get NOT_PRESENT and nothing is stored", async () => {
      // BDT checked in (a delegate link joined), STP marked absent although its tablet joined, DUK neither.
      const id = await openPoll(store, "secret", { STP: "absent", SNGV: "present" });
      await store.updateLink(id, "delegate-BDT-1", { firstSeenAt: 1 }, null);
      await store.updateLink(id, "delegate-STP-1", { firstSeenAt: 1 }, null);
      const before = await store.readJournal(id);
      expect((await other.castBallot(id, "p1", cast("STP", "s1"))).kind).toBe("not_present");
      expect((await other.castBallot(id, "p1", cast("DUK", "d1"))).kind).toBe("not_present");
      expect(await store.pollVoters(id, "p1")).toEqual([]);
      expect(await store.pollBallots(id, "p1")).toEqual([]);
      expect(await store.readJournal(id)).toEqual(before);
      expect((await other.castBallot(id, "p1", cast("BDT", "b1"))).kind).toBe("cast");
      expect((await other.castBallot(id, "p1", cast("SNGV", "g1"))).kind).toBe("cast");
      // Marked present later: accepted.
      await store.commitMeetingState(id, { agendaIndex: 0, screen: "welcome", marks: { STP: "present", SNGV: "present" } }, { actor: "chair", ...journalSample("rollcall.marked") });
      expect((await store.castBallot(id, "p1", cast("STP", "s2"))).kind).toBe("cast");
      expect((await store.pollVoters(id, "p1")).map((v) => v.unit)).toEqual(["BDT", "SNGV", "STP"]);
    });

    it("answers a retried operation with its first receipt (also after the close and from another instance), refuses a second operation and a closed poll", async () => {
      for (const visibility of ["open", "secret"] as const) {
        const id = await openPoll(store, visibility);
        const first = await store.castBallot(id, "p1", cast("BDT", "op-1", { choice: "against" }));
        expect(first.kind).toBe("cast");
        const receipt = (first as Extract<CastOutcome, { kind: "cast" }>).receipt;
        expect(await other.castBallot(id, "p1", cast("BDT", "op-1", { choice: "for" }))).toMatchObject({ kind: "replay", receipt });
        expect(await other.castBallot(id, "p1", cast("BDT", "op-2"))).toMatchObject({ kind: "already_voted" });
        expect(await other.castBallot(id, "nopoll", cast("STP", "op-3"))).toEqual({ kind: "not_open", state: null });
        await other.updatePoll(id, "p1", move("open", "closed"));
        expect(await store.castBallot(id, "p1", cast("STP", "op-4"))).toEqual({ kind: "not_open", state: "closed" });
        expect(await store.castBallot(id, "p1", cast("BDT", "op-1"))).toMatchObject({ kind: "replay", receipt });
        expect(await other.pollBallots(id, "p1")).toEqual([{ receipt, choices: { choice: "against" } }]);
        const voters = await other.pollVoters(id, "p1");
        expect(voters).toHaveLength(1);
        // Who voted never says how in a secret poll; a show of hands does.
        expect(voters[0]).toMatchObject(visibility === "secret" ? { unit: "BDT", ballot: null, receipt: null } : { unit: "BDT", ballot: { choice: "against" }, receipt });
        const entries = (await other.readJournal(id)).filter((e) => e.type === "poll.ballot_cast");
        expect(entries.map((e) => e.data)).toEqual([visibility === "secret" ? { pollId: "p1", unit: "BDT" } : { pollId: "p1", unit: "BDT", ballot: { choice: "against" }, receipt }]);
        expect(await other.unitVotes(id, "BDT")).toEqual([{ pollId: "p1", castAt: voters[0]!.castAt }]);
      }
    });

    it("stores exactly one ballot when a unit's two tablets cast at the same moment through two instances, 100 times, and the journal stays one chain", async () => {
      const id = await openPoll(store, "open");
      for (let round = 0; round < 100; round++) {
        const pollId = `r${round}`;
        const visibility = round % 4 === 3 ? "secret" : "open";
        await store.createPoll(pollRecord(id, pollId, visibility), { actor: "chair", ...journalSample("poll.created", { id: pollId }) });
        await other.updatePoll(id, pollId, move("draft", "open"));
        const unit = demo.units[round % demo.units.length]!.code;
        const outs = await Promise.all([store.castBallot(id, pollId, cast(unit, `a${round}`, { choice: "for" })), other.castBallot(id, pollId, cast(unit, `b${round}`, { choice: "against" }))]);
        expect(outs.map((o) => o.kind).sort()).toEqual(["already_voted", "cast"]);
        expect(await store.pollVoters(id, pollId)).toHaveLength(1);
        expect(await other.pollBallots(id, pollId)).toHaveLength(1);
      }
      const journal = await store.readJournal(id);
      expect(journal.filter((e) => e.type === "poll.ballot_cast")).toHaveLength(100);
      expect(verifyJournal(journal).ok).toBe(true);
    });

    it("gives a transition the ballots as stored: no ballot falls between the read and the close, and the count closed on is the count stored", async () => {
      const id = await openPoll(store, "secret");
      const units = demo.units.map((u) => u.code);
      const outs = await Promise.all([
        ...units.map((u, i) => (i % 2 ? store : other).castBallot(id, "p1", cast(u, `op-${u}`, { choice: i % 3 ? "for" : "against" }))),
        other.updatePoll(id, "p1", move("open", "closed")),
      ]);
      const accepted = outs.slice(0, units.length).filter((o) => (o as CastOutcome).kind === "cast").length;
      const closedOn = outs.at(-1) as { result: number };
      expect(closedOn.result).toBe(accepted);
      expect(await store.pollBallots(id, "p1")).toHaveLength(accepted);
      const set = await other.pollBallots(id, "p1");
      expect(set.map((b) => b.receipt)).toEqual(set.map((b) => b.receipt).sort());
    });
  });
}

conformance("SQLite", async () => {
  const dir = tempDataDir();
  return { open: async () => new SqliteStore(dir), stop: async () => undefined };
});

let redis: TestRedis | null = null;
conformance(
  "Redis",
  async () => {
    redis = await startRedis();
    return { open: () => RedisStore.open(redis!.url, { ballotSeal: SEAL }), stop: () => redis!.stop() };
  },
  skipRedisTests,
);

describe.skipIf(skipRedisTests)("the Redis store when Redis stops", () => {
  it("refuses with STORAGE_FAILED while Redis is down, keeps every acknowledged write across the restart, and resumes by itself", async () => {
    let server = await startRedis();
    const store = await RedisStore.open(server.url);
    try {
      const { id } = await createMeeting(store);
      for (let i = 0; i < 5; i++) await store.appendJournal(id, { actor: "a", ...journalSample("agenda.moved", { index: i }) });
      const acknowledged = await store.readJournal(id);

      await server.stop("SIGKILL");
      expect(await refusalCode(store.appendJournal(id, { actor: "a", ...journalSample("agenda.moved") }))).toBe(ERROR_CODES.STORAGE_FAILED);
      expect(await refusalCode(store.updatePledge(id, signOnce("BDT", "x")))).toBe(ERROR_CODES.STORAGE_FAILED);
      expect(await refusalCode(store.appendDocUpdate(id, "scores", yUpdate("x")))).toBe(ERROR_CODES.STORAGE_FAILED);

      server = await startRedis({ port: server.port, dir: server.dir });
      // The client reconnects by itself; wait for it by retrying a read (no fixed sleep).
      let journal = null;
      for (let attempt = 0; attempt < 200 && !journal; attempt++) {
        journal = await store.readJournal(id).catch(() => new Promise<null>((r) => setTimeout(() => r(null), 50)));
      }
      expect(journal).toEqual(acknowledged);
      const entry = await store.appendJournal(id, { actor: "a", ...journalSample("agenda.moved") });
      expect(entry.seq).toBe(acknowledged.length + 1);
      expect(verifyJournal(await store.readJournal(id)).ok).toBe(true);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});

describe.skipIf(skipRedisTests)("the Redis store's own guarantees", () => {
  let server: TestRedis;
  let store: RedisStore;
  let other: RedisStore;
  beforeAll(async () => {
    server = await startRedis();
    store = await RedisStore.open(server.url);
    other = await RedisStore.open(server.url);
  });
  afterAll(async () => {
    await store?.close();
    await other?.close();
    await server?.stop();
  });

  it("keeps the newer snapshot when a compactor that read an older state finishes last, and loses no update", async () => {
    const { id, doc } = await createMeeting(store);
    await store.appendDocUpdates(id, "scores", [yUpdate("a", doc), yUpdate("b", doc)]);
    const old = await store.loadDoc(id, "scores");
    const oldSnapshot = new Y.Doc();
    for (const u of old.updates) Y.applyUpdate(oldSnapshot, u);
    await other.appendDocUpdate(id, "scores", yUpdate("c", doc));
    const recent = await other.loadDoc(id, "scores");
    const recentSnapshot = new Y.Doc();
    for (const u of recent.updates) Y.applyUpdate(recentSnapshot, u);

    await other.compactDoc(id, "scores", Y.encodeStateAsUpdate(recentSnapshot), recent.lastSeq);
    // The slow compactor (a lock that expired, a paused instance) finishes after the newer one.
    await store.compactDoc(id, "scores", Y.encodeStateAsUpdate(oldSnapshot), old.lastSeq);

    const loaded = await store.loadDoc(id, "scores");
    expect(loaded.updates).toHaveLength(0);
    const replay = new Y.Doc();
    Y.applyUpdate(replay, loaded.snapshot!);
    expect(scratch(replay).toString()).toBe("scores:abc");
  });

  it("puts every key of a meeting under the meeting's hash tag, so one Cluster slot holds the meeting", async () => {
    const { id } = await createMeeting(store);
    await store.appendDocUpdate(id, "pledge", yUpdate("x"));
    await store.bindClient(id, "scores", 7, "chair");
    await store.updatePledge(id, signOnce("BDT", "op"));
    const { createClient } = await import("redis");
    const raw = createClient({ url: server.url });
    await raw.connect();
    try {
      const all = await raw.keys("*");
      // (The test's token hashes contain the meeting id; real ones are SHA-256 and live in the global index.)
      const mine = all.filter((k) => k.includes(id) && !k.startsWith("concord:token:"));
      expect(mine.length).toBeGreaterThanOrEqual(10);
      expect(mine.filter((k) => !k.startsWith(`{m:${id}}:`))).toEqual([]);
      // The only keys outside any meeting's tag are the three global indexes.
      expect(all.filter((k) => !k.startsWith("{m:")).every((k) => /^concord:(meetings|demo|token:[^:]+)$/.test(k))).toBe(true);
    } finally {
      await raw.close();
    }
  });
});

describe.skipIf(skipRedisTests)("secret ballots in Redis", () => {
  let server: TestRedis;
  let store: RedisStore;
  beforeAll(async () => {
    server = await startRedis();
    store = await RedisStore.open(server.url, { ballotSeal: SEAL });
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  /** Every value of every key of the meeting, as an operator reading the live Redis would see it. */
  async function everyValue(meetingId: string): Promise<string> {
    const { createClient } = await import("redis");
    const raw = createClient({ url: server.url });
    await raw.connect();
    try {
      const out: string[] = [];
      for (const key of await raw.keys(`{m:${meetingId}}:*`)) {
        const type = await raw.type(key);
        if (type === "string") out.push(String(await raw.get(key)));
        else if (type === "hash") out.push(JSON.stringify(await raw.hGetAll(key)));
        else if (type === "set") out.push(JSON.stringify(await raw.sMembers(key)));
        else if (type === "list") out.push(JSON.stringify(await raw.lRange(key, 0, -1)));
        else if (type === "stream") out.push(JSON.stringify(await raw.xRange(key, "-", "+")));
        else out.push(`unexpected ${type}`);
      }
      return out.join("\n");
    } finally {
      await raw.close();
    }
  }

  /** The append-only file(s) as a copy of the Redis folder holds them. */
  function aof(): string {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(d, e.name));
        else files.push(path.join(d, e.name));
      }
    };
    walk(server.dir);
    expect(files.some((f) => f.includes(".aof"))).toBe(true);
    return files.map((f) => fs.readFileSync(f).toString("latin1")).join("\n");
  }

  it("leaves no choice and no receipt readable in Redis or its AOF before the close, then opens the whole set in one write at the close", async () => {
    const id = await openPoll(store, "secret");
    const units = demo.units.map((u) => u.code);
    const choiceOf = (u: string) => `CHOICE_${u}_ZQ`;
    const receipts: Record<string, string> = {};
    for (const u of units) {
      const out = await store.castBallot(id, "p1", cast(u, `op-${u}`, { choice: choiceOf(u) }));
      expect(out.kind).toBe("cast");
      receipts[u] = (out as Extract<CastOutcome, { kind: "cast" }>).receipt;
    }
    // The service still counts them (opened in memory with the key), but nothing in Redis says them.
    expect((await store.pollBallots(id, "p1")).map((b) => (b.choices as { choice: string }).choice).sort()).toEqual(units.map(choiceOf).sort());
    const live = await everyValue(id);
    const file = aof();
    expect(live).toContain("poll.ballot_cast");
    for (const u of units) {
      expect(live).not.toContain(choiceOf(u));
      expect(live).not.toContain(receipts[u]);
      expect(file).not.toContain(choiceOf(u));
      expect(file).not.toContain(receipts[u]);
    }
    expect(file).not.toContain("_ZQ");

    // Another deployment's key (or none) cannot open them, and a secret ballot is not stored without a key.
    const stranger = await RedisStore.open(server.url, { ballotSeal: new BallotSeal(Buffer.from("another-deployment-secret-0123456789")) });
    const keyless = await RedisStore.open(server.url);
    try {
      expect(await refusalCode(stranger.pollBallots(id, "p1"))).toBe(ERROR_CODES.STORAGE_FAILED);
      const other = await openPoll(keyless, "secret");
      expect(await refusalCode(keyless.castBallot(other, "p1", cast("BDT", "k1")))).toBe(ERROR_CODES.STORAGE_FAILED);
      expect(await keyless.pollVoters(other, "p1")).toEqual([]);
    } finally {
      await stranger.close();
      await keyless.close();
    }

    await store.updatePoll(id, "p1", move("open", "closed"));
    const opened = await store.pollBallots(id, "p1");
    expect(opened.map((b) => b.receipt)).toEqual(Object.values(receipts).sort());
    const after = aof();
    // Each choice is now written once, all in the one command that closed the poll, in receipt order.
    for (const u of units) expect(after.split(choiceOf(u)).length - 1).toBe(1);
    const positions = units.map((u) => after.indexOf(choiceOf(u)));
    const setStart = after.lastIndexOf("*", Math.min(...positions));
    expect(after.slice(setStart, Math.max(...positions))).not.toMatch(/\r\n\*\d+\r\n/);
    // The sealed set and its receipt tags went in the same step.
    const { createClient } = await import("redis");
    const raw = createClient({ url: server.url });
    await raw.connect();
    try {
      expect((await raw.keys(`{m:${id}}:poll:p1*`)).sort()).toEqual([`{m:${id}}:poll:p1`, `{m:${id}}:poll:p1:opened`, `{m:${id}}:poll:p1:voters`]);
    } finally {
      await raw.close();
    }
  });
});

