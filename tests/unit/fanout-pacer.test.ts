import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FANOUT_SOCKETS_PER_PASS, FanoutPacer } from "../../server/realtime/fanout-pacer";

// Broadcasts to whole meetings go out a few per pass of the event loop (server/realtime/fanout-pacer.ts), so
// that forty meetings finishing their votes together do not hold the last ballots' acknowledgements.
describe("FanoutPacer", () => {
  let sent: string[];
  let pacer: FanoutPacer;
  const broadcast = (name: string, sockets: number) => () => {
    sent.push(name);
    return sockets;
  };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setImmediate"] });
    sent = [];
    pacer = new FanoutPacer();
  });
  afterEach(() => vi.useRealTimers());

  const pass = () => vi.advanceTimersToNextTimerAsync();

  it("sends nothing in the turn that queued it, then about FANOUT_SOCKETS_PER_PASS sockets a pass, in order", async () => {
    // Five meetings of 63 sockets.
    for (const m of ["m1", "m2", "m3", "m4", "m5"]) pacer.enqueue(m, broadcast(m, 63));
    expect(sent).toEqual([]);
    await pass();
    expect(sent).toEqual(["m1", "m2"]);
    expect(63 * 2).toBeGreaterThanOrEqual(FANOUT_SOCKETS_PER_PASS);
    await pass();
    expect(sent).toEqual(["m1", "m2", "m3", "m4"]);
    await pass();
    expect(sent).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(pacer.waiting).toBe(0);
  });

  it("always sends at least one broadcast a pass, however large", async () => {
    pacer.enqueue("big", broadcast("big", 4000));
    pacer.enqueue("small", broadcast("small", 3));
    await pass();
    expect(sent).toEqual(["big"]);
    await pass();
    expect(sent).toEqual(["big", "small"]);
  });

  it("a broadcast queued twice goes once, in its first place", async () => {
    pacer.enqueue("a", broadcast("a", 1));
    pacer.enqueue("b", broadcast("b", 1));
    pacer.enqueue("a", broadcast("a again", 1));
    await pass();
    expect(sent).toEqual(["a", "b"]);
  });

  it("many small meetings share a pass", async () => {
    for (let i = 0; i < 30; i++) pacer.enqueue(`m${i}`, broadcast(`m${i}`, 3));
    await pass();
    expect(sent).toHaveLength(30);
  });
});
