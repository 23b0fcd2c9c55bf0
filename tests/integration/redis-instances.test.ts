import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EVENTS } from "../../shared/protocol/events";
import { verifyJournal, type JournalEntry } from "../../shared/journal/chain";
import type { MeetingState } from "../../shared/protocol/meeting";
import { RedisStore } from "../../server/storage/redis/store";
import { asServer, createMeetingOn, startInstances, type Instance, type Instances } from "../helpers/instances";
import { cast, createPoll, joinPolls, pollAction, waitForPoll, type PollClient } from "../helpers/polls";
import { skipRedisTests } from "../helpers/redis";
import { setCell, cell } from "../helpers/scores";
import { connectDoc, emitAck, joinWith, tokenOf, waitForState, waitUntil, type CreatedTestMeeting, type TestSocket } from "../helpers/server";
import { scoresStage } from "../../shared/documents/layout";

/**
 * Two real Concord processes (tsx server/main.ts, STORE=redis) on one Redis the test starts: whichever
 * instance a tablet is on, it sees the same meeting, and two instances writing at once never make two
 * ballots of one unit, lose a roll-call mark or fork the journal.
 */
const UNITS = ["SNGV", "BDT", "DUK", "VPDDBQH", "VPUBND", "SNV", "TTR", "STP"] as const;
let cluster: Instances;
let A: Instance;
let B: Instance;
let m: CreatedTestMeeting;
let store: RedisStore;
const opened: { socket: TestSocket }[] = [];
const polls: PollClient[] = [];

const onA = () => asServer(A);
const onB = () => asServer(B);
const join = async (server: ReturnType<typeof asServer>, link: string) => {
  const c = await joinWith(server, link);
  opened.push(c);
  return c;
};
const joinP = async (server: ReturnType<typeof asServer>, link: string) => {
  const c = await joinPolls(server, link);
  polls.push(c);
  return c;
};
/** Until both clients' latest states agree on what must be shared (or ten seconds). */
const converged = (a: { latest: () => MeetingState }, b: { latest: () => MeetingState }) =>
  waitUntil(() => JSON.stringify(shared(a.latest())) === JSON.stringify(shared(b.latest())), 10_000, "both instances showing the same meeting").catch(() => undefined);
const row = (s: MeetingState, unit: string) => s.attendance.find((a) => a.unit === unit)!;
/** What must agree across instances (versions and per-instance details aside). */
const shared = (s: MeetingState) => ({ attendance: s.attendance, quorum: s.quorum, others: s.others, agendaIndex: s.agendaIndex, screen: s.screen });

describe.skipIf(skipRedisTests)("two Concord instances on one Redis", () => {
  beforeAll(async () => {
    cluster = await startInstances(2);
    [A, B] = cluster.list as [Instance, Instance];
    m = await createMeetingOn(A);
    store = await RedisStore.open(cluster.redis.url);
  }, 90_000);
  afterAll(async () => {
    for (const c of [...opened, ...polls]) c.socket.disconnect();
    await store?.close();
    await cluster?.close();
  });

  it("serves a meeting created on A from B with the same links (one link secret)", async () => {
    const onBoth = await Promise.all([join(onA(), m.links.public), join(onB(), m.links.public)]);
    for (const c of onBoth) expect(c.latest().meetingId).toBe(m.meetingId);
  });

  it("shows presence and quorum the same on both, and a dead tablet's count goes on both", async () => {
    const chairA = await join(onA(), m.links.chair);
    const secretaryB = await join(onB(), m.links.secretary);
    // Three units' tablets on A, two on B (one unit on both).
    const tablets = [
      await join(onA(), m.links.delegates.SNGV![0]!),
      await join(onA(), m.links.delegates.BDT![0]!),
      await join(onA(), m.links.delegates.DUK![0]!),
      await join(onB(), m.links.delegates.DUK![1]!),
      await join(onB(), m.links.delegates.STP![0]!),
    ];
    const expected = (s: MeetingState) =>
      row(s, "SNGV").online === 1 && row(s, "BDT").online === 1 && row(s, "DUK").online === 2 && row(s, "STP").online === 1 && s.others.chair >= 1 && s.others.secretary >= 1;
    await Promise.all([waitForState(chairA, expected, 15_000), waitForState(secretaryB, expected, 15_000)]);
    // The check-ins made on the other instance arrive with its notice: both converge on one view.
    await converged(chairA, secretaryB);
    expect(shared(chairA.latest())).toEqual(shared(secretaryB.latest()));
    expect(chairA.latest().quorum).toMatchObject({ present: 4, members: 8 });

    // A tablet on B leaves: A's chair sees its count drop.
    tablets[4]!.socket.disconnect();
    await Promise.all([
      waitForState(chairA, (s) => row(s, "STP").online === 0, 15_000),
      waitForState(secretaryB, (s) => row(s, "STP").online === 0, 15_000),
    ]);
    await converged(chairA, secretaryB);
    // Presence is sticky: STP checked in, so it stays present for quorum on both.
    expect(row(chairA.latest(), "STP").present).toBe(true);
    expect(shared(chairA.latest())).toEqual(shared(secretaryB.latest()));
  });

  it("keeps every roll-call mark when the chair on A and the secretary on B mark at once", async () => {
    const chairA = await join(onA(), m.links.chair);
    const secretaryB = await join(onB(), m.links.secretary);
    const answers = await Promise.all([
      ...["SNGV", "BDT", "DUK", "VPDDBQH"].map((u) => emitAck<{ ok: boolean }>(chairA.socket, EVENTS.ROLLCALL_MARK, { unit: u, mark: "present" })),
      ...["VPUBND", "SNV", "TTR", "STP"].map((u) => emitAck<{ ok: boolean }>(secretaryB.socket, EVENTS.ROLLCALL_MARK, { unit: u, mark: "present" })),
      emitAck<{ ok: boolean }>(secretaryB.socket, EVENTS.AGENDA_GOTO, { index: 1 }),
    ]);
    expect(answers.every((a) => a.ok)).toBe(true);
    const stored = await store.getMeetingState(m.meetingId);
    expect(Object.keys(stored!.marks).sort()).toEqual([...UNITS].sort());
    expect(stored!.agendaIndex).toBe(1);
    // Both instances converge on the stored marks and show the same state.
    const all = (s: MeetingState) => s.attendance.every((r) => r.mark === "present") && s.agendaIndex === 1;
    const [a, b] = await Promise.all([waitForState(chairA, all, 15_000), waitForState(secretaryB, all, 15_000)]);
    expect(a.quorum).toEqual(b.quorum);
    expect(a.journalHead.seq).toBeGreaterThan(0);
  });

  it("sends a ballot cast on A to a follower and the organisers on B, once each", async () => {
    const chairA = await joinP(onA(), m.links.chair);
    const followerB = await joinP(onB(), m.links.public);
    const secretaryB = await joinP(onB(), m.links.secretary);
    const voter = await joinP(onA(), m.links.delegates.BDT![0]!);
    const poll = await createPoll(chairA, { kind: "motion", visibility: "open", subject: "other", title: "Thông qua chương trình" });
    await pollAction(chairA, EVENTS.POLL_OPEN, { pollId: poll.id });
    expect(await cast(voter.socket, poll.id, { choice: "for" })).toMatchObject({ ok: true });
    const seen = await waitForPoll(followerB, poll.id, (p) => p.turnout.voted === 1);
    expect(seen.counts).toMatchObject({ for: 1 });
    // Who has not voted, the same on B's organiser as on A's.
    await waitUntil(() => secretaryB.pending.get(poll.id)?.voted.includes("BDT") === true, 10_000, "pending on B");
    expect(secretaryB.pending.get(poll.id)!.notVoted).toHaveLength(7);
    // Each broadcast reached the follower once: no two poll:state for the same version.
    const versions = followerB.updates.filter((p) => p.id === poll.id).map((p) => p.version);
    expect(new Set(versions).size).toBe(versions.length);
    await pollAction(chairA, EVENTS.POLL_CLOSE, { pollId: poll.id });
  });

  it("sends a score edit made on A to a follower on B", async () => {
    const chairB = await join(onB(), m.links.chair);
    const opened = await emitAck(chairB.socket, EVENTS.SCORES_STAGE, { stage: "self" });
    expect(opened, JSON.stringify(opened)).toMatchObject({ ok: true });
    const writer = await connectDoc(onA(), m.meetingId, "scores", m.links.delegates.BDT![0]!);
    const reader = await connectDoc(onB(), m.meetingId, "scores", m.links.chair);
    try {
      await waitUntil(() => scoresStage(writer.doc) === "self", 10_000, "stage self on A");
      setCell(writer.doc, "BDT", "self", "G1", 27.5);
      await waitUntil(() => cell(reader.doc, "BDT", "self", "G1") === 27.5, 10_000, "edit on B");
      expect(writer.refusals).toEqual([]);
    } finally {
      writer.destroy();
      reader.destroy();
    }
  });

  it("keeps the document's score stage and the stored one together when the chair on A and the secretary on B move it at once", async () => {
    const chairA = await join(onA(), m.links.chair);
    const secretaryB = await join(onB(), m.links.secretary);
    const stages = ["self", "cross", "agreed"] as const;
    for (let round = 0; round < 10; round++) {
      const [a, b] = await Promise.all([
        emitAck<{ ok: boolean; error?: { code: string } }>(chairA.socket, EVENTS.SCORES_STAGE, { stage: stages[round % 3] }),
        emitAck<{ ok: boolean; error?: { code: string } }>(secretaryB.socket, EVENTS.SCORES_STAGE, { stage: stages[(round + 1) % 3] }),
      ]);
      // Each is either done (one after the other) or refused as a conflict; never an error.
      for (const r of [a, b]) if (!r.ok) expect(r.error!.code).toMatch(/CONFLICT|BUSY/);
      const stored = (await store.getMeetingState(m.meetingId))!.scores!.stage;
      const log = await store.loadDoc(m.meetingId, "scores");
      const doc = new Y.Doc();
      if (log.snapshot) Y.applyUpdate(doc, log.snapshot);
      for (const u of log.updates) Y.applyUpdate(doc, u);
      expect(scoresStage(doc), `round ${round}`).toBe(stored);
    }
    const final = (await store.getMeetingState(m.meetingId))!.scores!.stage;
    const [sa, sb] = await Promise.all([waitForState(chairA, (s) => s.scores.stage === final, 10_000), waitForState(secretaryB, (s) => s.scores.stage === final, 10_000)]);
    expect(sa.scores.stage).toBe(sb.scores.stage);
    // Back to self for what follows.
    expect(await emitAck(chairA.socket, EVENTS.SCORES_STAGE, { stage: "self" })).toMatchObject({ ok: true });
  });

  it("records exactly one ballot when a unit's two tablets on A and B cast at the same moment, 104 times", async () => {
    const chairA = await joinP(onA(), m.links.chair);
    const secretaryB = await joinP(onB(), m.links.secretary);
    // Each unit's two links, each open on both instances; a race pairs one on A with the other on B
    // (alternating, so no tablet exceeds its ballot budget).
    const tablets = new Map<string, { a: PollClient[]; b: PollClient[] }>();
    for (const u of UNITS) {
      const [l1, l2] = m.links.delegates[u]! as [string, string];
      tablets.set(u, { a: [await joinP(onA(), l1), await joinP(onA(), l2)], b: [await joinP(onB(), l2), await joinP(onB(), l1)] });
    }
    const ids: string[] = [];
    for (let i = 0; i < 13; i++) {
      const p = await createPoll(i % 2 ? secretaryB : chairA, { kind: "motion", visibility: i % 3 ? "open" : "secret", subject: "other", title: `Biểu quyết ${i + 1}` });
      await pollAction(i % 2 ? chairA : secretaryB, EVENTS.POLL_OPEN, { pollId: p.id });
      ids.push(p.id);
    }
    let races = 0;
    for (const [k, pollId] of ids.entries()) {
      for (const u of UNITS) {
        const t = tablets.get(u)!;
        const [a, b] = await Promise.all([
          cast(t.a[k % 2]!.socket, pollId, { choice: "for" }, randomUUID()),
          cast(t.b[k % 2]!.socket, pollId, { choice: "against" }, randomUUID()),
        ]);
        races++;
        const oks = [a, b].filter((r) => r.ok);
        expect(oks, `${pollId} ${u}: ${JSON.stringify([a, b])}`).toHaveLength(1);
        const refused = [a, b].find((r) => !r.ok)!;
        expect(refused).toMatchObject({ ok: false, error: { code: "ALREADY_VOTED" } });
      }
    }
    expect(races).toBeGreaterThanOrEqual(100);
    for (const pollId of ids) {
      const voters = await store.pollVoters(m.meetingId, pollId);
      expect(voters.map((v) => v.unit).sort()).toEqual([...UNITS].sort());
      await pollAction(chairA, EVENTS.POLL_CLOSE, { pollId });
      const ballots = await store.pollBallots(m.meetingId, pollId);
      expect(ballots).toHaveLength(UNITS.length);
      // Both organisers, on different instances, end with the same closed poll and nobody pending.
      const [a, b] = await Promise.all([waitForPoll(chairA, pollId, (p) => p.state === "closed"), waitForPoll(secretaryB, pollId, (p) => p.state === "closed")]);
      expect(a.turnout).toEqual(b.turnout);
      expect(a.turnout.voted).toBe(UNITS.length);
      expect(a.counts).toEqual(b.counts);
    }
  }, 180_000);

  it("keeps one journal that verifies, read from either instance, after concurrent work on both", async () => {
    const read = async (t: Instance) => {
      const res = await fetch(`${t.url}/api/meetings/${m.meetingId}/journal`, { headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { entries: JournalEntry[] }).entries;
    };
    const [a, b] = await Promise.all([read(A), read(B)]);
    expect(verifyJournal(a)).toMatchObject({ ok: true });
    expect(a).toEqual(b);
    expect(a.filter((e) => e.type === "poll.ballot" || /ballot|cast/.test(e.type)).length).toBeGreaterThanOrEqual(104);
    // Each link's first join journaled once, whichever instance it came through first.
    const joined = a.filter((e) => e.type === "device.joined").map((e) => (e.data as { linkId: string }).linkId);
    expect(new Set(joined).size).toBe(joined.length);
  });
});
