/**
 * At most `concurrency` tasks at a time, up to `queueLimit` waiting; beyond that a task is refused at
 * once with a BusyError (the HTTP layer answers 503 BUSY), so a burst of document requests queues a
 * little and then sheds load instead of piling up work the event loop has to finish.
 */
export class BusyError extends Error {
  readonly code = "BUSY" as const;
  constructor() {
    super("Máy chủ đang tạo nhiều tài liệu; vui lòng thử lại sau vài giây. (The server is busy making documents; try again in a few seconds.)");
  }
}

export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    public concurrency: number,
    public queueLimit: number,
  ) {}

  /** Tasks running now and waiting for a slot. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queueLimit) throw new BusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
