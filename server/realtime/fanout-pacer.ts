/**
 * Broadcasts to whole meetings, a few per pass of the event loop. When 40 meetings' votes end within the same
 * tenth of a second, each completed turnout sends its tally to every socket of its meeting: sent as they came,
 * ~2,500 socket writes fell into a few passes of the event loop and the last ballots' acknowledgements waited
 * behind them (the 50-meeting bench's ack p99 came from its last 100 ms). Queued here, each pass of the event loop
 * sends broadcasts until about FANOUT_SOCKETS_PER_PASS sockets were written (at least one broadcast: a larger one
 * is then spread by the write turns, server/realtime/io.ts), and what the pass reads meanwhile (ballots, their
 * commits and acknowledgements) goes between passes. A broadcast already queued is not queued twice: when it
 * runs it sends what is current then.
 */
export const FANOUT_SOCKETS_PER_PASS = 100;

/** Sends one broadcast; returns how many of this process's sockets it went to. */
export type Broadcast = () => number;

export class FanoutPacer {
  private readonly queue = new Map<string, Broadcast>();
  private scheduled = false;

  constructor(private readonly socketsPerPass = FANOUT_SOCKETS_PER_PASS) {}

  /** Queues the broadcast named `key` (one poll's tally, say) unless it is queued already. */
  enqueue(key: string, broadcast: Broadcast): void {
    if (this.queue.has(key)) return;
    this.queue.set(key, broadcast);
    this.schedule();
  }

  /** Broadcasts waiting. */
  get waiting(): number {
    return this.queue.size;
  }

  stop(): void {
    this.queue.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.pass());
  }

  private pass(): void {
    this.scheduled = false;
    let written = 0;
    for (const [key, broadcast] of this.queue) {
      this.queue.delete(key);
      written += broadcast();
      if (written >= this.socketsPerPass) break;
    }
    if (this.queue.size) this.schedule();
  }
}
