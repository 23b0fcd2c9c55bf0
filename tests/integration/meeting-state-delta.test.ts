import type { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as ioClient } from "socket.io-client";
import { cast, createPoll, joinPolls, pollAction, SAMPLE_UNITS, waitForPoll } from "../helpers/polls";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, waitForState, waitUntil, type CreatedTestMeeting, type TestSocket } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import type { MeetingState, MeetingStateMessage } from "../../shared/protocol/meeting";

let server: RunningServer;
let m: CreatedTestMeeting;
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

/** A bare Socket.IO client that records meeting:state exactly as it came on the wire. */
async function rawClient(link: string): Promise<{ socket: TestSocket; wire: MeetingStateMessage[] }> {
  const socket: TestSocket = ioClient(server.url, { transports: ["websocket"], auth: { token: tokenOf(link) }, reconnection: false, forceNew: true });
  const wire: MeetingStateMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on(EVENTS.MEETING_STATE, (s) => {
      wire.push(s);
      resolve();
    });
    socket.once("connect_error", reject);
  });
  return { socket, wire };
}

const STATIC_KEYS = ["title", "cluster", "conference", "units", "agenda"];

describe("meeting:state as a full state on connect, then deltas", () => {
  it("sends the definition once, then only the live keys and the attendance rows that moved", async () => {
    const screen = await rawClient(m.links.screen);
    const first = screen.wire[0]!;
    expect("delta" in first).toBe(false);
    expect((first as MeetingState).units.map((u) => u.code)).toEqual(m.all.filter((l) => l.role === "delegate").map((l) => l.unit).filter((u, i, a) => a.indexOf(u) === i));
    expect((first as MeetingState).agenda.length).toBeGreaterThan(0);

    const bdt = await joinWith(server, m.links.delegates.BDT![0]!);
    await waitForState(bdt, (s) => s.attendance.find((a) => a.unit === "BDT")!.online === 1);
    // The screen hears of the tablet through a delta that carries BDT's row and nothing of the definition.
    const seen = async () => {
      for (;;) {
        const d = screen.wire.slice(1).find((w) => "delta" in w && w.attendance.some((a) => a.unit === "BDT" && a.online === 1));
        if (d) return d;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const d = (await seen()) as Extract<MeetingStateMessage, { delta: true }>;
    for (const k of STATIC_KEYS) expect(d).not.toHaveProperty(k);
    expect(d.attendance.map((a) => a.unit)).toEqual(["BDT"]);
    expect(d.attendance[0]).toMatchObject({ present: true, checkedIn: true, online: 1, mark: null });
    expect(d.from).toBeLessThan(d.version);
    for (const later of screen.wire.slice(1)) expect("delta" in later).toBe(true);
    bdt.socket.disconnect();
    screen.socket.disconnect();
  });

  it("leaves every view, after joins, leaves, marks and moves, with the same state as a fresh resync", async () => {
    const chair = await joinWith(server, m.links.chair);
    const follower = await joinWith(server, m.links.public);
    const tablets = await Promise.all(["SNGV", "DUK", "TTR", "STP", "SNV"].map((u) => joinWith(server, m.links.delegates[u]![0]!)));
    const second = await joinWith(server, m.links.delegates.DUK![1]!);
    tablets[2]!.socket.disconnect();
    for (const [unit, mark] of [["VPUBND", "present"], ["STP", "absent"], ["SNGV", "auto"]] as const) expect(await emitAck(chair.socket, EVENTS.ROLLCALL_MARK, { unit, mark })).toEqual({ ok: true });
    expect(await emitAck(chair.socket, EVENTS.AGENDA_GOTO, { index: 2 })).toEqual({ ok: true });
    second.socket.disconnect();
    expect(await emitAck(chair.socket, EVENTS.SCREEN_SHOW, { view: "attendance" })).toEqual({ ok: true });

    // Settled: DUK back to one tablet, TTR gone, the screen moved (the last change).
    const settled = (s: MeetingState) => s.screen === "attendance" && s.attendance.find((a) => a.unit === "DUK")!.online === 1 && s.attendance.find((a) => a.unit === "TTR")!.online === 0;
    for (const v of [chair, follower]) await waitForState(v, settled);
    const fresh = await emitAck<{ ok: true; state: MeetingState }>(follower.socket, EVENTS.MEETING_RESYNC, {});
    expect(fresh.ok).toBe(true);
    for (const v of [chair, follower]) {
      const held = await waitForState(v, (s) => s.version === fresh.state.version);
      expect(held).toEqual(fresh.state);
    }
    expect(fresh.state.attendance.find((a) => a.unit === "STP")).toMatchObject({ present: false, mark: "absent", online: 1 });
    expect(fresh.state.attendance.find((a) => a.unit === "VPUBND")).toMatchObject({ present: true, mark: "present", online: 0 });
    for (const v of [chair, follower, ...tablets]) v.socket.disconnect();
  });
});

/** Records what the server writes to one client's TCP socket: each system call's bytes, as text. */
function recordWrites(meetingId: string, role: string): string[] {
  const socket = [...server.ctx.io.of("/").sockets.values()].find((s) => s.data.session?.meetingId === meetingId && s.data.session.role === role);
  if (!socket) throw new Error(`no ${role} socket`);
  const tcp = (socket.conn as unknown as { transport: { socket: { _socket: Writable & { _write: Writable["_write"]; _writev: NonNullable<Writable["_writev"]> } } } }).transport.socket._socket;
  const calls: string[] = [];
  const write = tcp._write.bind(tcp);
  const writev = tcp._writev.bind(tcp);
  tcp._write = (chunk, encoding, cb) => {
    calls.push(Buffer.from(chunk as Buffer).toString("latin1"));
    write(chunk, encoding, cb);
  };
  tcp._writev = (chunks, cb) => {
    calls.push(chunks.map((c) => Buffer.from(c.chunk as Buffer).toString("latin1")).join(""));
    writev(chunks, cb);
  };
  return calls;
}

describe("one write per socket per turn (server/realtime/io.ts, coalesceWrites)", () => {
  it("sends the messages a socket gets in one turn in one system call, in order", async () => {
    const own = await createMeeting(server);
    const screen = await joinWith(server, own.links.screen);
    const got: string[] = [];
    screen.socket.on(EVENTS.POLL_VOTED, (r) => got.push(r.receipt));
    const calls = recordWrites(own.meetingId, "screen");
    const s = [...server.ctx.io.of("/").sockets.values()].find((x) => x.data.session?.meetingId === own.meetingId && x.data.session.role === "screen")!;
    for (const receipt of ["AAA-001", "AAA-002", "AAA-003"]) s.emit(EVENTS.POLL_VOTED, { pollId: "p", receipt, castAt: 0 });
    await waitUntil(() => got.length === 3);
    expect(got).toEqual(["AAA-001", "AAA-002", "AAA-003"]);
    expect(calls.filter((c) => c.includes("AAA-00"))).toHaveLength(1);
    screen.socket.disconnect();
  });

  it("sends the ballot that completes the turnout's tally at once, with the journal head that counts it, in one write", async () => {
    const own = await createMeeting(server);
    const chair = await joinPolls(server, own.links.chair);
    const screen = await joinWith(server, own.links.screen);
    const screenPolls = await joinPolls(server, own.links.screen);
    const tablets = await Promise.all(SAMPLE_UNITS.map((u) => joinPolls(server, own.links.delegates[u]![0]!)));
    await waitForState(screen, (s) => s.quorum.present === SAMPLE_UNITS.length);
    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Biểu quyết thử" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    const calls = recordWrites(own.meetingId, "screen");
    for (const t of tablets) {
      const res = await cast(t.socket, poll.id, { choice: "for" });
      if (!res.ok) throw new Error(res.error.message);
    }
    const head = await server.ctx.store.journalHead(own.meetingId);
    const final = await waitForPoll(screenPolls, poll.id, (p) => p.turnout.voted === SAMPLE_UNITS.length);
    expect(final.counts).toMatchObject({ for: SAMPLE_UNITS.length });
    // The delta with the head of the last ballot went out before the final tally, in the same system call.
    await waitForState(screen, (s) => s.journalHead.seq === head.seq);
    const together = calls.filter((c) => c.includes(`"journalHead":{"seq":${head.seq},`) && c.includes('"poll:state"'));
    expect(together.length).toBeGreaterThan(0);
    const one = together[0]!;
    expect(one.indexOf('"meeting:state"')).toBeLessThan(one.indexOf('"poll:state"'));
    for (const c of [chair, screenPolls, ...tablets]) c.close();
    screen.socket.disconnect();
  });
});
