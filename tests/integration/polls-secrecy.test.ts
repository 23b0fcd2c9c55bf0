import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { cast, createLargeMeeting, createPoll, joinPolls, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { createMeeting, startTestServer, waitUntil, type CreatedTestMeeting } from "../helpers/server";

/**
 * The attack of issue 8, as someone holding a copy of the data folder would do it (operations.md
 * tells organisers to back it up). The journal says, by design, in which order the units voted. If
 * anything on disk (row id, a time column, where a ballot sits in a page, which WAL frame first holds
 * it, how many stale copies of it survive) gives the order in which ballot contents were written,
 * pairing the two orders re-identifies secret ballots.
 *
 * Each of RUNS secret polls has UNITS units casting distinct ballots in a random order. A perfect leak
 * pairs all UNITS; a random pairing gets 1 right on average, and UNITS / 2 or more with a probability
 * below 1e-5 per pairing, so "no ordering recovers half" cannot pass by luck when a leak exists and
 * does not fail by bad luck when none does.
 */
const UNITS = 16;
const RUNS = 3;
const CANDIDATES = ["U001", "U002", "U003"];
const OPTIONS = ["for", "against", "abstain"] as const;

let server: RunningServer;
let m: CreatedTestMeeting & { units: string[] };
let chair: PollClient;
const tablets = new Map<string, PollClient>();
const copies: { name: string; dir: string }[] = [];

/** What the test knows and the attacker wants: per poll, each unit's receipt and ballot text. */
interface Truth {
  pollId: string;
  receiptOf: Map<string, string>;
  choicesOf: Map<string, Record<string, string>>;
}
const truths: Truth[] = [];

function shuffle<T>(xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Copies concord.sqlite, -wal and -shm as a backup script would (file by file, server running or not). */
function copyDataFolder(name: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `concord-copy-${name}-`));
  for (const f of ["concord.sqlite", "concord.sqlite-wal", "concord.sqlite-shm"]) {
    const from = path.join((server as RunningServer & { dataDir: string }).dataDir, f);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dir, f));
  }
  copies.push({ name, dir });
}

beforeAll(async () => {
  server = await startTestServer();
  m = await createLargeMeeting(server, UNITS);
  chair = await joinPolls(server, m.links.chair);
  for (const unit of m.units) tablets.set(unit, await joinPolls(server, m.links.delegates[unit]![0]!));

  const combos = OPTIONS.flatMap((a) => OPTIONS.flatMap((b) => OPTIONS.map((c) => ({ U001: a, U002: b, U003: c }))));
  for (let run = 0; run < RUNS; run++) {
    const poll = await createPoll(chair, { kind: "per_candidate", visibility: "secret", subject: "other", title: `Bỏ phiếu kín ${run + 1}`, candidates: CANDIDATES });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const truth: Truth = { pollId: poll.id, receiptOf: new Map(), choicesOf: new Map() };
    const ballots = shuffle(combos);
    for (const [i, unit] of shuffle(m.units).entries()) {
      const res = await cast(tablets.get(unit)!.socket, poll.id, { choices: ballots[i]! });
      if (!res.ok) throw new Error(res.error.message);
      truth.receiptOf.set(unit, res.receipt);
      truth.choicesOf.set(unit, ballots[i]!);
    }
    truths.push(truth);
    // Mid-meeting backup: every ballot is in, the poll is still open.
    copyDataFolder(`open-${run}`);
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
  }
  copyDataFolder("running");
  for (const c of [chair, ...tablets.values()]) c.close();
  await server.close();
  copyDataFolder("stopped");
}, 120_000);

afterAll(() => {
  for (const c of copies) fs.rmSync(c.dir, { recursive: true, force: true });
});

/** Byte offsets of every occurrence of `needle` in `hay`. */
function offsets(hay: Buffer, needle: string): number[] {
  const out: number[] = [];
  const n = Buffer.from(needle, "utf8");
  for (let at = hay.indexOf(n); at !== -1; at = hay.indexOf(n, at + 1)) out.push(at);
  return out;
}

/** How a ballot's choices may be written: JSON of the object, in candidate order (the shape a store would keep). */
const choicesText = (c: Record<string, string>) => CANDIDATES.map((k) => `"${k}":"${c[k]}"`).join(",");

type Ordering = { name: string; units: string[] };

/**
 * Every ordering of the ballots the attacker can draw from the copy. Each ordering lists the units
 * whose ballot sits at each rank (the test knows whose ballot is whose; the attacker would only know
 * the rank, and pairs it with the journal's rank). Ballots an ordering does not see keep receipt order.
 */
function attackerOrderings(dir: string, truth: Truth): Ordering[] {
  const units = [...truth.receiptOf.keys()].sort((a, b) => truth.receiptOf.get(a)!.localeCompare(truth.receiptOf.get(b)!));
  const byKey = (name: string, key: (unit: string) => number | null, dir_: 1 | -1): Ordering => {
    const seen = units.filter((u) => key(u) !== null).sort((a, b) => dir_ * (key(a)! - key(b)!));
    return { name: `${name} ${dir_ === 1 ? "asc" : "desc"}`, units: [...seen, ...units.filter((u) => key(u) === null)] };
  };
  const out: Ordering[] = [];
  const files: Record<string, Buffer> = {};
  for (const f of ["concord.sqlite", "concord.sqlite-wal"]) files[f] = fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f)) : Buffer.alloc(0);
  const both = Buffer.concat(Object.values(files));
  // Raw bytes: where a receipt or a ballot's text first and last appears (page position, WAL frame order), and how many stale copies survive.
  for (const [what, text] of [["receipt", (u: string) => truth.receiptOf.get(u)!], ["choices", (u: string) => choicesText(truth.choicesOf.get(u)!)]] as const) {
    for (const [file, bytes] of Object.entries(files)) {
      for (const d of [1, -1] as const) {
        out.push(byKey(`${file} first ${what}`, (u) => offsets(bytes, text(u))[0] ?? null, d));
        out.push(byKey(`${file} last ${what}`, (u) => offsets(bytes, text(u)).at(-1) ?? null, d));
      }
    }
    for (const d of [1, -1] as const) out.push(byKey(`copies of ${what}`, (u) => offsets(both, text(u)).length || null, d));
  }
  // Through SQLite: every table, every row that holds a receipt; ordered by rowid, by any integer
  // column (times, sequence numbers), and within the row by where the receipt is written.
  const db = openCopy(dir);
  try {
    const tables = (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[]).filter((t) => !t.name.startsWith("sqlite_"));
    for (const t of tables) {
      const withRowid = !/WITHOUT\s+ROWID/i.test(t.sql);
      const rows = db.prepare(`SELECT ${withRowid ? "rowid AS __rowid, " : ""}* FROM "${t.name}"`).all() as Record<string, unknown>[];
      const holder = new Map<string, { row: Record<string, unknown>; at: number }>();
      for (const row of rows) {
        const text = Object.values(row).map((v) => (typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("latin1") : "")).join("\u0000");
        for (const u of units) {
          const at = text.indexOf(truth.receiptOf.get(u)!);
          if (at !== -1 && !holder.has(u)) holder.set(u, { row, at });
        }
      }
      if (holder.size === 0) continue;
      const intColumns = Object.keys(rows[0]!).filter((c) => rows.some((r) => typeof r[c] === "number" || typeof r[c] === "bigint"));
      for (const c of intColumns)
        for (const d of [1, -1] as const) out.push(byKey(`${t.name}.${c}`, (u) => (holder.has(u) ? Number(holder.get(u)!.row[c]) * 1e6 + holder.get(u)!.at : null), d));
      for (const d of [1, -1] as const) out.push(byKey(`${t.name} position in row`, (u) => holder.get(u)?.at ?? null, d));
    }
  } finally {
    db.close();
  }
  return out;
}

/** Opens a second copy of the copy, so that reading through SQLite cannot change the bytes examined. */
function openCopy(dir: string): Database.Database {
  const again = fs.mkdtempSync(path.join(os.tmpdir(), "concord-copy-sql-"));
  for (const f of fs.readdirSync(dir)) fs.copyFileSync(path.join(dir, f), path.join(again, f));
  copies.push({ name: "sql", dir: again });
  return new Database(path.join(again, "concord.sqlite"));
}

/** The order in which units voted, as the copy's journal says (the attacker's reference). */
function journalOrder(dir: string, pollId: string): string[] {
  const db = openCopy(dir);
  try {
    const rows = db.prepare("SELECT data FROM journal WHERE meeting_id = ? AND type = 'poll.ballot_cast' ORDER BY seq").all(m.meetingId) as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as { pollId: string; unit: string }).filter((d) => d.pollId === pollId).map((d) => d.unit);
  } finally {
    db.close();
  }
}

describe("a copy of the data folder does not re-identify secret ballots", () => {
  it("the journal gives the attacker the order of turnout", () => {
    for (const truth of truths) expect(journalOrder(copies.find((c) => c.name === "stopped")!.dir, truth.pollId)).toHaveLength(UNITS);
  });

  for (const copy of ["open-0", "open-1", "open-2", "running", "stopped"]) {
    it(`pairs no better than chance with any ordering of the ${copy} copy`, () => {
      const dir = copies.find((c) => c.name === copy)!.dir;
      let best = { matches: -1, name: "" };
      for (const truth of truths) {
        if (copy.startsWith("open-") && truth !== truths[Number(copy.slice(5))]) continue;
        const turnout = journalOrder(dir, truth.pollId);
        for (const ordering of attackerOrderings(dir, truth)) {
          for (const [how, ref] of [["journal order", turnout], ["reversed journal", [...turnout].reverse()]] as const) {
            const matches = ref.filter((unit, rank) => ordering.units[rank] === unit).length;
            if (matches > best.matches) best = { matches, name: `${truth.pollId}: ${ordering.name} × ${how}` };
          }
        }
      }
      console.log(`[secrecy] ${copy}: best pairing ${best.matches}/${UNITS} (${best.name})`);
      expect(best.matches, best.name).toBeLessThan(UNITS / 2);
    });
  }

  it("leaves no earlier version of a ballot page in the WAL or the database file", () => {
    for (const copy of ["open-0", "open-1", "open-2", "running", "stopped"]) {
      const dir = copies.find((c) => c.name === copy)!.dir;
      const wal = path.join(dir, "concord.sqlite-wal");
      const walBytes = fs.existsSync(wal) ? fs.readFileSync(wal) : Buffer.alloc(0);
      const dbBytes = fs.readFileSync(path.join(dir, "concord.sqlite"));
      for (const truth of truths) {
        if (copy.startsWith("open-") && truths.indexOf(truth) > Number(copy.slice(5))) continue;
        let found = 0;
        for (const receipt of truth.receiptOf.values()) {
          expect(offsets(walBytes, receipt), `${copy}: ${receipt} in the WAL`).toEqual([]);
          // At most the current copy. (A poll's set overflows its page: a receipt cut by a page
          // boundary is not found as one string, so a few may show 0.)
          const copiesInDb = offsets(dbBytes, receipt).length;
          expect(copiesInDb, `${copy}: copies of ${receipt} in the database file`).toBeLessThanOrEqual(1);
          found += copiesInDb;
        }
        // The search itself works: most receipts are found, once each.
        expect(found, `${copy}: receipts of ${truth.pollId} found in the database file`).toBeGreaterThanOrEqual(UNITS / 2);
      }
    }
  });
});

describe("a backup reader holding the database during a secret vote", () => {
  it("delays the WAL truncation, which happens once it lets go, and never stalls a cast", async () => {
    const live = await startTestServer();
    const meeting = await createMeeting(live);
    const organiser = await joinPolls(live, meeting.links.chair);
    const voters: PollClient[] = [];
    for (const unit of SAMPLE_UNITS.slice(0, 6)) voters.push(await joinPolls(live, meeting.links.delegates[unit]![0]!));
    const poll = await createPoll(organiser, { kind: "motion", visibility: "secret", subject: "other", title: "Bỏ phiếu kín khi đang sao lưu" });
    await pollAction(organiser, EVENTS.POLL_OPEN, { pollId: poll.id });
    const walPath = path.join(live.dataDir, "concord.sqlite-wal");
    const walReceipts = (receipts: string[]) => {
      const bytes = fs.existsSync(walPath) ? fs.readFileSync(walPath) : Buffer.alloc(0);
      return receipts.filter((r) => offsets(bytes, r).length > 0);
    };

    // As `sqlite3 ".backup"` does: a read transaction on the live file.
    const reader = new Database(path.join(live.dataDir, "concord.sqlite"), { readonly: true });
    reader.exec("BEGIN");
    reader.prepare("SELECT COUNT(*) FROM journal").get();
    const receipts: string[] = [];
    for (const v of voters) {
      const res = await cast(v.socket, poll.id, { choice: "for" });
      if (!res.ok) throw new Error(res.error.message);
      receipts.push(res.receipt);
    }
    // The reader pins the WAL: the ballots' pages are there (the limit operations.md names).
    expect(walReceipts(receipts).length).toBeGreaterThan(0);
    reader.exec("COMMIT");
    reader.close();
    await waitUntil(() => walReceipts(receipts).length === 0, 5000, "the WAL truncated after the reader let go");

    for (const c of [organiser, ...voters]) c.close();
    await live.close();
  });
});
