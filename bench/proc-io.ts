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

/** A process's CPU time so far (user + system, ms; /proc/<pid>/stat, 10 ms ticks), Linux only, NaN elsewhere. */
export function cpuMs(pid: number | "self" = "self"): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the name: state is field 3, utime 14 and stime 15 (1-based over the whole line).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
