import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SqliteStore } from "../../server/storage/sqlite";
import { EVENTS } from "../../shared/protocol/events";
import type { CastReceipt } from "../../shared/protocol/polls";
import { cast, createPoll, joinPolls, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { createMeeting, startTestServer, tempDataDir, tokenOf } from "../helpers/server";

describe("secret ballots on disk", () => {
  it("keeps unit and choice apart in a secret poll's tables and journal", async () => {
    const server = await startTestServer();
    const m = await createMeeting(server);
    const chair = await joinPolls(server, m.links.chair);
    const tablets: PollClient[] = [];
    for (const unit of SAMPLE_UNITS) tablets.push(await joinPolls(server, m.links.delegates[unit]![0]!));
    const poll = await createPoll(chair, { kind: "single_choice", visibility: "secret", subject: "head", title: "Bầu Trưởng cụm (kín)", candidates: ["BDT", "STP", "SNV"] });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const picks = ["BDT", "STP", "SNV", "BDT", "abstain", "STP", "BDT", "SNV"];
    const receipts: string[] = [];
    for (const [i, t] of tablets.entries()) {
      const res = await cast(t.socket, poll.id, { choice: picks[i] });
      if (!res.ok) throw new Error(res.error.message);
      receipts.push(res.receipt);
    }

    const db = server.store.database;
    const columns = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map((c) => c.name);
    // "What": one row per poll holding receipts and choices, no unit, no time.
    expect(columns("poll_ballot_sets")).toEqual(["meeting_id", "poll_id", "ballots"]);
    const rows = db.prepare("SELECT * FROM poll_ballot_sets WHERE poll_id = ?").all(poll.id) as { ballots: string }[];
    expect(rows).toHaveLength(1);
    const ballots = JSON.parse(rows[0]!.ballots) as { receipt: string; choices: unknown }[];
    expect(ballots).toHaveLength(8);
    // Written in the order of the random receipt, never the order of turnout.
    expect(ballots.map((b) => b.receipt)).toEqual([...receipts].sort());
    // "Who": units and times, no choice and no readable receipt.
    const voters = db.prepare("SELECT * FROM poll_voters WHERE poll_id = ?").all(poll.id) as Record<string, unknown>[];
    expect(voters.map((v) => v.unit).sort()).toEqual([...SAMPLE_UNITS].sort());
    for (const v of voters) {
      expect(v).toMatchObject({ ballot: null, receipt: null });
      const text = JSON.stringify(v);
      for (const r of receipts) expect(text).not.toContain(r);
    }
    // The journal says each unit voted, never what or with which receipt.
    const journal = (await server.store.readJournal(m.meetingId)).filter((e) => e.type === "poll.ballot_cast");
    expect(journal.map((e) => e.data)).toEqual(SAMPLE_UNITS.map((unit) => ({ pollId: poll.id, unit })));
    const all = JSON.stringify(await server.store.readJournal(m.meetingId));
    for (const r of receipts) expect(all).not.toContain(r);

    for (const c of [chair, ...tablets]) c.close();
    await server.close();
  });
});

describe("a restart", () => {
  it("keeps every acknowledged ballot, and a retried operation still gets its sealed receipt back", async () => {
    const dataDir = tempDataDir();
    let server = await startTestServer(dataDir);
    const m = await createMeeting(server);
    let chair = await joinPolls(server, m.links.chair);
    const tablets: PollClient[] = [];
    for (const unit of SAMPLE_UNITS) tablets.push(await joinPolls(server, m.links.delegates[unit]![0]!));
    const poll = await createPoll(chair, { kind: "motion", visibility: "secret", subject: "pledge", title: "Thông qua giao ước" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const acks: { opId: string; ack: CastReceipt }[] = [];
    for (const [i, t] of tablets.entries()) {
      const opId = randomUUID();
      const res = await cast(t.socket, poll.id, { choice: i < 7 ? "for" : "against" }, opId);
      if (!res.ok) throw new Error(res.error.message);
      const { ok: _ok, ...ack } = res;
      acks.push({ opId, ack });
    }
    // Read as a new process would, before any graceful stop: every acknowledged ballot is on disk.
    const second = new SqliteStore(dataDir);
    expect((second.database.prepare("SELECT json_array_length(ballots) AS n FROM poll_ballot_sets WHERE poll_id = ?").get(poll.id) as { n: number }).n).toBe(8);
    await second.close();
    for (const c of [chair, ...tablets]) c.close();
    await server.close();

    server = await startTestServer(dataDir);
    chair = await joinPolls(server, m.links.chair);
    expect(chair.polls.get(poll.id)).toMatchObject({ state: "open", turnout: { voted: 8 }, counts: null });
    const bdt = await joinPolls(server, m.links.delegates.SNGV![1]!);
    expect(await cast(bdt.socket, poll.id, { choice: "for" }, acks[0]!.opId)).toEqual({ ok: true, ...acks[0]!.ack });
    expect(await cast(bdt.socket, poll.id, { choice: "against" })).toMatchObject({ ok: false, error: { code: "ALREADY_VOTED" } });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
    const done = await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
    expect(done.counts).toMatchObject({ cast: 8, for: 7, against: 1 });
    const res = await fetch(`${server.url}/api/meetings/${m.meetingId}/polls/${poll.id}/result`, { headers: { authorization: `Bearer ${tokenOf(m.links.public)}` } });
    const result = (await res.json()) as { receipts: { receipt: string }[] };
    expect(result.receipts.map((r) => r.receipt).sort()).toEqual(acks.map((a) => a.ack.receipt).sort());
    chair.close();
    bdt.close();
    await server.close();
  });
});
