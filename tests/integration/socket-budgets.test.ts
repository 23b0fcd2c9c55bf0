import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as ioClient } from "socket.io-client";
import { createMeeting, emitAck, joinWith, startTestServer, tokenOf, type TestSocket } from "../helpers/server";
import type { RunningServer } from "../../server/app";
import { EVENTS } from "../../shared/protocol/events";
import { EVENT_BUDGETS, ORGANISER_FACTOR, STRIKES_BEFORE_CLOSE } from "../../server/realtime/budget";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(undefined, { SOCKET_MAX_CONNECTIONS_PUBLIC_LINK: "25" });
});
afterAll(() => server.close());

type Ack = { ok: boolean; error?: { code: string; message: string } };

/** Counts the bytes the server sends to this socket (every engine.io packet). */
function meterBytes(socket: TestSocket): () => number {
  let bytes = 0;
  socket.io.engine.on("packet", (p: { data?: unknown }) => {
    if (typeof p.data === "string") bytes += Buffer.byteLength(p.data);
  });
  return () => bytes;
}

function disconnected(socket: TestSocket, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server never closed the flooding socket")), timeoutMs);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

/** Fires `count` messages without waiting, as a flooding client does; collects the acks that come back. */
function flood(socket: TestSocket, event: string, payload: unknown, count: number): Ack[] {
  const acks: Ack[] = [];
  const emit = socket.emit.bind(socket) as unknown as (e: string, p: unknown, cb: (r: Ack) => void) => void;
  for (let i = 0; i < count; i++) emit(event, payload, (r) => acks.push(r));
  return acks;
}

const connectRaw = (link: string) =>
  new Promise<{ socket: TestSocket; error: { code?: string; message?: string } | null }>((resolve) => {
    const socket: TestSocket = ioClient(server.url, { transports: ["websocket"], auth: { token: tokenOf(link) }, reconnection: false, forceNew: true });
    socket.once("connect", () => resolve({ socket, error: null }));
    socket.once("connect_error", (err: Error & { data?: { code?: string; message?: string } }) => resolve({ socket, error: err.data ?? { message: err.message } }));
  });

describe("Socket.IO message budgets", () => {
  it("cuts a socket that sends 20,000 meeting:resync after a handful, and the others keep working", async () => {
    const m = await createMeeting(server);
    const abuser = await joinWith(server, m.links.public);
    const neighbour = await joinWith(server, m.links.public);
    const other = await joinWith(server, m.links.delegates.BDT![0]!);
    const stateBytes = Buffer.byteLength(JSON.stringify(abuser.latest()));
    const bytes = meterBytes(abuser.socket);

    const closed = disconnected(abuser.socket);
    const acks = flood(abuser.socket, EVENTS.MEETING_RESYNC, {}, 20_000);
    expect(await closed).toBe("io server disconnect");
    const answered = acks.filter((a) => a.ok).length;
    const refused = acks.filter((a) => !a.ok);
    // At most the burst (plus what refilled while it ran) passes, then STRIKES_BEFORE_CLOSE refusals,
    // then the socket is closed (answers still queued for it are dropped with it).
    expect(refused.length).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(EVENT_BUDGETS[EVENTS.MEETING_RESYNC]!.burst + 5);
    expect(refused.length).toBeLessThanOrEqual(STRIKES_BEFORE_CLOSE + 1);
    expect(refused.every((a) => a.error!.code === "RATE_LIMITED")).toBe(true);
    expect(refused.at(-1)!.error!.message).toMatch(/kết nối bị đóng/);
    process.stdout.write(`[budgets] 20,000 resyncs: ${answered} answered, ${refused.length} refused, ${bytes()} bytes drawn (state ${stateBytes} bytes) before the socket was closed\n`);
    expect(bytes()).toBeLessThan(20 * stateBytes);

    // Same link, another device; another link: both still answered.
    expect(await emitAck<Ack>(neighbour.socket, EVENTS.MEETING_RESYNC, {})).toMatchObject({ ok: true });
    expect(await emitAck<Ack>(other.socket, EVENTS.MEETING_RESYNC, {})).toMatchObject({ ok: true });
    expect(neighbour.socket.connected && other.socket.connected).toBe(true);
    neighbour.socket.disconnect();
    other.socket.disconnect();
  });

  it("counts unknown events too: a flood of made-up event names is cut", async () => {
    const m = await createMeeting(server);
    const abuser = await joinWith(server, m.links.delegates.DUK![0]!);
    const closed = disconnected(abuser.socket);
    flood(abuser.socket, "made:up", { x: 1 }, 5_000);
    expect(await closed).toBe("io server disconnect");
  });

  it("bounds a chair's roll-call flood: a burst is served, the rest refused, the journal grows by the burst only", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    const journalBefore = (await server.store.readJournal(m.meetingId)).length;
    const closed = disconnected(chair.socket);
    const acks = flood(chair.socket, EVENTS.ROLLCALL_MARK, { unit: "BDT", mark: "present" }, 3_000);
    await closed;
    const served = acks.filter((a) => a.ok).length;
    expect(served).toBeLessThanOrEqual(EVENT_BUDGETS[EVENTS.ROLLCALL_MARK]!.burst * ORGANISER_FACTOR + 10);
    const journalAfter = (await server.store.readJournal(m.meetingId)).length;
    expect(journalAfter - journalBefore).toBeLessThanOrEqual(served);
  });

  it("serves an organiser's ordinary burst (twenty units marked quickly) without refusing any", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    const units = ["BDT", "DUK", "SNGV", "SNV", "STP", "TTR", "VPDDBQH", "VPUBND"];
    const acks = await Promise.all([...units, ...units].map((unit, i) => emitAck<Ack>(chair.socket, EVENTS.ROLLCALL_MARK, { unit, mark: i < 8 ? "present" : "auto" })));
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(chair.socket.connected).toBe(true);
    chair.socket.disconnect();
  });

  it("refuses a payload larger than its kind takes, changing nothing", async () => {
    const m = await createMeeting(server);
    const chair = await joinWith(server, m.links.chair);
    const before = chair.latest().attendance;
    const ack = await emitAck<Ack>(chair.socket, EVENTS.ROLLCALL_MARK, { unit: "B".repeat(20_000), mark: "present" });
    expect(ack).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE" } });
    expect((await emitAck<{ ok: true; state: { attendance: unknown } }>(chair.socket, EVENTS.MEETING_RESYNC, {})).state.attendance).toEqual(before);
    chair.socket.disconnect();
  });

  it("closes a connection that sends one message over the Socket.IO size limit", async () => {
    const m = await createMeeting(server);
    const delegate = await joinWith(server, m.links.delegates.BDT![1]!);
    const closed = disconnected(delegate.socket);
    (delegate.socket.emit as unknown as (e: string, p: unknown) => void).call(delegate.socket, EVENTS.POLL_CAST, { blob: "x".repeat(400 * 1024) });
    expect(await closed).toMatch(/transport (close|error)/);
  });
});

describe("connections per link", () => {
  it("admits ten devices on one delegate link and refuses the rest of a thousand attempts with a code", async () => {
    const m = await createMeeting(server);
    const link = m.links.delegates.SNV![0]!;
    const results: { socket: TestSocket; error: { code?: string } | null }[] = [];
    for (let batch = 0; batch < 10; batch++) results.push(...(await Promise.all(Array.from({ length: 100 }, () => connectRaw(link)))));
    const admitted = results.filter((r) => !r.error);
    const refused = results.filter((r) => r.error);
    expect(admitted).toHaveLength(10);
    expect(refused.every((r) => r.error!.code === "TOO_MANY_CONNECTIONS")).toBe(true);
    for (const r of refused) r.socket.close();

    // Another link of the same meeting is not affected; a freed slot is free again.
    const other = await connectRaw(m.links.delegates.SNV![1]!);
    expect(other.error).toBeNull();
    admitted[0]!.socket.disconnect();
    // The server frees the slot when it sees the close: retry until it has (each try waits for an answer).
    let again = await connectRaw(link);
    for (let i = 0; again.error && i < 50; i++) {
      again.socket.close();
      again = await connectRaw(link);
    }
    expect(again.error).toBeNull();
    for (const r of [...admitted, other, again]) r.socket.disconnect();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it("caps the public follow link at its own (larger) limit", async () => {
    const m = await createMeeting(server);
    const results = await Promise.all(Array.from({ length: 40 }, () => connectRaw(m.links.public)));
    expect(results.filter((r) => !r.error)).toHaveLength(25);
    for (const r of results) r.socket.disconnect();
  });
});
