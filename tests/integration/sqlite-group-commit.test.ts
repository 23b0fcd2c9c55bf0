import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import demo from "../../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../../shared/definition/schema";
import { verifyJournal } from "../../shared/journal/chain";
import { ERROR_CODES } from "../../shared/protocol/errors";
import { DomainError } from "../../server/errors";
import { log } from "../../server/log";
import type { CastOutcome, PollDecision, PollRecord } from "../../server/storage/polls";
import { SqliteStore } from "../../server/storage/sqlite";
import { journalSample } from "../helpers/journal";
import { tempDataDir } from "../helpers/server";

log.setLevel(process.env.TEST_LOG === "1" ? "debug" : "silent");

/**
 * The SQLite store commits the writes asked for in one turn of the event loop together (group commit):
 * one transaction, a savepoint each. These tests ask for many writes at once, as a burst of ballots
 * does, and check that each answers on its own, that a refused one takes nothing else with it, and
 * that what was answered is on disk for a second connection (a new process) to read.
 */
const units = demo.units.map((u) => u.code);
const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function open(): { store: SqliteStore; dir: string } {
  const dir = tempDataDir();
  dirs.push(dir);
  const store = new SqliteStore(dir);
  stores.push(store);
  return { store, dir };
}

const pollRecord = (meetingId: string, visibility: "open" | "secret"): PollRecord => ({
  meetingId, id: "p1", kind: "motion", visibility, subject: "other", title: "Poll", candidates: [], excluded: [],
  threshold: { comparison: "gt", numerator: 1, denominator: 2 }, base: "members", state: "draft", round: 1, createdAt: Date.now(),
  openedAt: null, closedAt: null, publishedAt: null, voidedAt: null, voidReason: null, membersAtClose: null, presentAtClose: null,
  presentUnitsAtOpen: null, presentUnitsAtClose: null, stateChanges: 0, published: null,
});

const move = (from: PollRecord["state"], to: PollRecord["state"], type: "poll.opened" | "poll.closed"): PollDecision<string[]> => ({ poll, voters }) => {
  if (poll.state !== from) throw new DomainError(ERROR_CODES.CONFLICT, `poll is ${poll.state}`);
  return { result: voters, poll: { ...poll, state: to, stateChanges: poll.stateChanges + 1 }, journal: [{ actor: "chair", ...journalSample(type) }] };
};

const cast = (unit: string, opId: string, choice = "for") => ({ unit, linkId: `delegate-${unit}-1`, opId, ballot: { choice }, actor: `delegate:${unit}`, now: Date.now() });

async function openPoll(store: SqliteStore, visibility: "open" | "secret"): Promise<string> {
  const id = `g${Math.random().toString(36).slice(2, 10)}`;
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "x"); // layout-literal-ok: a store test's own document, not a meeting layout
  await store.createMeeting({
    meeting: { id, definition: demo as unknown as MeetingDefinition, isDemo: false, createdAt: Date.now() },
    links: [],
    state: { agendaIndex: 0, screen: "welcome", marks: Object.fromEntries(units.map((u) => [u, "present" as const])) },
    docs: [{ name: "scores", update: Y.encodeStateAsUpdate(doc) }],
    journal: { actor: "admin", ...journalSample("meeting.created") },
  });
  await store.createPoll(pollRecord(id, visibility), { actor: "chair", ...journalSample("poll.created", { id: "p1" }) });
  await store.updatePoll(id, "p1", move("draft", "open", "poll.opened"));
  return id;
}

describe("the SQLite store's group commit", () => {
  it("answers every ballot of a burst on its own, refuses the second operation of a unit alone, and keeps the set and the journal whole", async () => {
    const { store, dir } = open();
    const id = await openPoll(store, "open");
    // All asked for in one turn: one group. Each unit twice with different operations: one of each pair is refused.
    const asked = units.flatMap((u) => [store.castBallot(id, "p1", cast(u, `${u}-a`)), store.castBallot(id, "p1", cast(u, `${u}-b`, "against"))]);
    const outs = await Promise.all(asked);
    for (let i = 0; i < units.length; i++) {
      expect(outs[2 * i]!.kind).toBe("cast");
      expect(outs[2 * i + 1]!.kind).toBe("already_voted");
    }
    const receipts = outs.filter((o): o is Extract<CastOutcome, { kind: "cast" }> => o.kind === "cast").map((o) => o.receipt);
    expect(new Set(receipts).size).toBe(units.length);
    // A second connection (another process after a crash) reads what was answered.
    const db = new Database(path.join(dir, "concord.sqlite"), { readonly: true });
    try {
      const set = JSON.parse((db.prepare("SELECT ballots FROM poll_ballot_sets WHERE meeting_id = ?").get(id) as { ballots: string }).ballots) as { receipt: string; choices: unknown }[];
      expect(set.map((b) => b.receipt).sort()).toEqual([...receipts].sort());
      expect(set.map((b) => b.receipt)).toEqual([...set.map((b) => b.receipt)].sort()); // stored sorted by receipt
      expect(set.every((b) => JSON.stringify(b.choices) === JSON.stringify({ choice: "for" }))).toBe(true);
      expect((db.prepare("SELECT COUNT(*) AS n FROM poll_voters WHERE meeting_id = ?").get(id) as { n: number }).n).toBe(units.length);
    } finally {
      db.close();
    }
    const journal = await store.readJournal(id);
    expect(journal.filter((e) => e.type === "poll.ballot_cast")).toHaveLength(units.length);
    expect(verifyJournal(journal).ok).toBe(true);
  });

  it("keeps the order writes were asked in: a close asked after ballots sees them, a ballot asked after the close is refused", async () => {
    const { store } = open();
    const id = await openPoll(store, "open");
    const [first, second] = units;
    const before = store.castBallot(id, "p1", cast(first!, "op-1"));
    const close = store.updatePoll(id, "p1", move("open", "closed", "poll.closed"));
    const after = store.castBallot(id, "p1", cast(second!, "op-2"));
    expect((await before).kind).toBe("cast");
    expect((await close).result).toEqual([first]);
    expect(await after).toEqual({ kind: "not_open", state: "closed" });
    expect(await store.pollBallots(id, "p1")).toHaveLength(1);
  });

  it("a refused write in a group leaves the others stored, and a secret burst leaves the WAL empty before any answer", async () => {
    const { store, dir } = open();
    const id = await openPoll(store, "secret");
    const wal = path.join(dir, "concord.sqlite-wal");
    const walAtAnswer: number[] = [];
    const half = units.length >> 1;
    const asked = [
      ...units.slice(0, half).map((u) => store.castBallot(id, "p1", cast(u, `${u}-op`)).then((o) => (walAtAnswer.push(fs.statSync(wal).size), o))),
      // Refused by its decision (the poll is open, not draft): rolled back alone.
      store.updatePoll(id, "p1", move("draft", "open", "poll.opened")).then(
        () => "resolved",
        (err: unknown) => (err instanceof DomainError ? err.code : String(err)),
      ),
      ...units.slice(half).map((u) => store.castBallot(id, "p1", cast(u, `${u}-op`)).then((o) => (walAtAnswer.push(fs.statSync(wal).size), o))),
    ];
    const outs = await Promise.all(asked);
    expect(outs[half]).toBe(ERROR_CODES.CONFLICT);
    expect(outs.filter((o) => typeof o === "object" && o.kind === "cast")).toHaveLength(units.length);
    expect(walAtAnswer).toEqual(Array(units.length).fill(0));
    expect((await store.pollVoters(id, "p1")).map((v) => v.unit).sort()).toEqual([...units].sort());
    expect(await store.pollBallots(id, "p1")).toHaveLength(units.length);
    expect((await store.getPoll(id, "p1"))?.stateChanges).toBe(1);
  });
});
