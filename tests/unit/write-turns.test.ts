import { describe, expect, it } from "vitest";
import { coalesceWrites, WRITES_PER_TURN } from "../../server/realtime/io";

// server/realtime/io.ts: one write per connection per turn, at most WRITES_PER_TURN connections a turn, and a
// connection written to again while a large fan-out is still going out (an ack) goes first.
function fakeConnection() {
  const conn = {
    flushed: 0,
    flush() {
      conn.flushed++;
    },
    transport: { name: "websocket", send() {}, socket: { _socket: { cork() {}, uncork() {} } } },
  };
  expect(coalesceWrites(conn)).toBe(true);
  return conn;
}

const endOfTurn = () => new Promise<void>((r) => process.nextTick(r));
const nextTurn = () => new Promise<void>((r) => setImmediate(r));

describe("coalesceWrites' turns", () => {
  it("writes a connection once for everything it got in a turn", async () => {
    const c = fakeConnection();
    c.flush();
    c.flush();
    c.flush();
    expect(c.flushed).toBe(0);
    await endOfTurn();
    expect(c.flushed).toBe(1);
  });

  it("spreads a fan-out larger than the budget over the next turns, every connection written once", async () => {
    const conns = Array.from({ length: WRITES_PER_TURN * 2 + 50 }, fakeConnection);
    for (const c of conns) c.flush();
    await endOfTurn();
    expect(conns.filter((c) => c.flushed === 1)).toHaveLength(WRITES_PER_TURN);
    await nextTurn();
    expect(conns.filter((c) => c.flushed === 1)).toHaveLength(WRITES_PER_TURN * 2);
    await nextTurn();
    expect(conns.every((c) => c.flushed === 1)).toBe(true);
  });

  it("writes a waiting connection at the end of the turn it gets something new, ahead of the fan-out", async () => {
    const conns = Array.from({ length: WRITES_PER_TURN * 2 }, fakeConnection);
    for (const c of conns) c.flush();
    await endOfTurn(); // the first WRITES_PER_TURN went; the rest wait for the next turns
    const last = conns[conns.length - 1]!;
    const waiting = conns[WRITES_PER_TURN]!;
    expect(last.flushed).toBe(0);
    last.flush(); // an ack for a device whose tally is still queued
    await endOfTurn();
    expect(last.flushed).toBe(1);
    expect(waiting.flushed).toBe(0);
    await nextTurn();
    await nextTurn();
    expect(conns.every((c) => c.flushed === 1)).toBe(true);
  });
});
