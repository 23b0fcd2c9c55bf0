/**
 * The vote bench's delegate tablets (bench/raw-tablet.ts), in a process of their own, forked by bench/votes.ts
 * (and by bench/meetings.ts for its casting tablets, each voter in its own meeting's poll).
 * They time their own acknowledgements: in the bench's main process, which also reads every message of 3,000
 * followers, an acknowledgement that arrived while it read a tally's fan-out waited for that (up to ~70 ms) and
 * was timed late: the bench's own backlog, not the server's. Every tablet still reads every message it gets.
 * Times cross processes as wall-clock milliseconds (performance.timeOrigin + performance.now()).
 */
import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { EVENTS } from "../shared/protocol/events";
import { RawTablet } from "./raw-tablet";

export type TabletsCommand =
  /** `pollId` per voter: each casts in its own poll (bench/meetings.ts: one poll per meeting); else the burst's. */
  | { type: "connect"; port: number; voters: { unit: string; token: string; pollId?: string }[] }
  | { type: "burst"; pollId: string; burstMs: number }
  | { type: "close" };
export interface CastOutcome {
  unit: string;
  ok: boolean;
  receipt?: string;
  latencyMs: number;
  /** When the acknowledgement arrived, wall-clock ms (performance.timeOrigin + performance.now()). */
  ackedAt: number;
}
export type TabletsReply =
  | { type: "connected" }
  /** cpuMs and the event-loop delay: this process, from the burst's start to its last acknowledgement. */
  | { type: "cast"; casts: CastOutcome[]; cpuMs: number; loopDelayP99: number; loopDelayMax: number }
  | { type: "error"; message: string };

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

let tablets: { unit: string; pollId?: string; tablet: RawTablet }[] = [];
const send = (reply: TabletsReply) => process.send!(reply);

async function burst(pollId: string, burstMs: number): Promise<TabletsReply> {
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const cpuFrom = process.cpuUsage();
  loopDelay.enable();
  const casts = await Promise.all(
    tablets.map(
      ({ unit, pollId: own, tablet }) =>
        new Promise<CastOutcome>((resolve) => {
          setTimeout(async () => {
            const sent = performance.now();
            const res = (await tablet.emitWithAck(EVENTS.POLL_CAST, { pollId: own ?? pollId, opId: randomUUID(), ballot: { choice: ["for", "against", "abstain"][Math.floor(Math.random() * 3)] } })) as { ok: boolean; receipt?: string };
            const now = performance.now();
            resolve({ unit, ok: res.ok, ...(res.receipt ? { receipt: res.receipt } : {}), latencyMs: now - sent, ackedAt: performance.timeOrigin + now });
          }, Math.random() * burstMs);
        }),
    ),
  );
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuFrom);
  return { type: "cast", casts, cpuMs: (cpu.user + cpu.system) / 1000, loopDelayP99: loopDelay.percentile(99) / 1e6, loopDelayMax: loopDelay.max / 1e6 };
}

process.on("message", async (cmd: TabletsCommand) => {
  try {
    if (cmd.type === "connect") {
      tablets = await inBatches(cmd.voters, 50, async (v) => {
        const tablet = new RawTablet(cmd.port, v.token);
        await tablet.connect();
        return { unit: v.unit, ...(v.pollId ? { pollId: v.pollId } : {}), tablet };
      });
      send({ type: "connected" });
    } else if (cmd.type === "burst") send(await burst(cmd.pollId, cmd.burstMs));
    else {
      for (const t of tablets) t.tablet.close();
      process.exit(0);
    }
  } catch (err) {
    send({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
});
