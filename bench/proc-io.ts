import fs from "node:fs";

/**
 * A process's write system calls so far (`syscw` in /proc/<pid>/io: write, writev…), Linux only, NaN elsewhere.
 * A server writes each socket message with its own call unless several go out together, so the difference
 * over a burst counts what the messages cost the kernel.
 */
export function writeCalls(pid: number | "self" = "self"): number {
  try {
    return Number(/syscw:\s*(\d+)/.exec(fs.readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? NaN);
  } catch {
    return NaN;
  }
}
