import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";

/**
 * One process per data folder. Two servers on one folder each keep the meeting state in memory and
 * write it back, so the later one overwrites the other's changes and the stored state stops matching
 * the journal. The lock is a file created with O_EXCL (`wx`) before anything in the folder is opened;
 * it names the holder's pid so the refusal can say who holds it, and a lock whose process is gone
 * (killed, power cut) is taken over.
 */
export const LOCK_FILE = "concord.lock";

export interface LockInfo {
  pid: number;
  /** Machine that holds it: a pid means nothing on another machine (a shared network folder). */
  hostname: string;
  /** Linux process start time (clock ticks since boot), so a recycled pid is not taken for the holder. */
  procStart: string | null;
  /** What holds it: the server, or a command-line tool. */
  holder: "server" | "cli";
  startedAt: string;
  /** Where the server answers, once it listens (lets a CLI go through the running server). */
  url: string | null;
  /** Random per acquisition: release removes the file only while it is still ours. */
  nonce: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo | null,
  ) {
    super(lockedMessage(dataDir, holder));
  }
}

/** Vietnamese first, then English: people read it on the console of the second start. */
export function lockedMessage(dataDir: string, h: LockInfo | null): string {
  const who = h ? `pid ${h.pid}${h.hostname !== os.hostname() ? ` trên máy ${h.hostname}` : ""}${h.url ? `, ${h.url}` : ""}, từ ${h.startedAt}` : "không đọc được tệp khoá";
  const whoEn = h ? `pid ${h.pid}${h.hostname !== os.hostname() ? ` on ${h.hostname}` : ""}${h.url ? `, ${h.url}` : ""}, since ${h.startedAt}` : "the lock file is unreadable";
  const kind = h?.holder === "cli" ? "một lệnh Concord" : "một máy chủ Concord khác";
  return (
    `Thư mục dữ liệu ${dataDir} đang được ${kind} sử dụng (${who}). ` +
    `Hai tiến trình không được dùng chung một thư mục dữ liệu: hãy dừng tiến trình đó hoặc đặt DATA_DIR khác. ` +
    `Nếu chắc chắn tiến trình đó đã dừng, xoá tệp ${path.join(dataDir, LOCK_FILE)}.\n` +
    `(The data folder ${dataDir} is in use by another Concord process (${whoEn}). Two processes must not share a data folder: ` +
    `stop that process or set another DATA_DIR. If you are sure it has stopped, delete ${path.join(dataDir, LOCK_FILE)}.)`
  );
}

/** Start time of a live process (field 22 of /proc/<pid>/stat), null off Linux or for a zombie. */
function processStart(pid: number): string | null | "dead" {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return fs.existsSync("/proc/self/stat") ? "dead" : null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: split after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (fields[0] === "Z" || fields[0] === "X") return "dead";
  return fields[19] ?? null;
}

/** Is the process that wrote this lock still running? Unknown (another machine) counts as alive. */
export function holderAlive(info: LockInfo): boolean {
  if (info.hostname !== os.hostname()) return true;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const start = processStart(info.pid);
  if (start === "dead") return false;
  // Same pid, different start time: the pid was recycled by an unrelated process.
  return !(start && info.procStart && start !== info.procStart);
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, "utf8")) as LockInfo;
    return typeof info.pid === "number" && typeof info.hostname === "string" ? info : null;
  } catch {
    return null;
  }
}

export interface DataDirLock {
  readonly file: string;
  readonly info: LockInfo;
  /** Records where the server listens (for the refusal message and the CLI). */
  setUrl(url: string): void;
  /** Removes the lock if it is still ours. Idempotent. */
  release(): void;
}

/**
 * Takes the data folder's lock or throws DataDirLockedError naming the holder. Creates the folder when
 * missing (nothing else in it is touched). A lock whose holder is gone is taken over; an unreadable lock
 * file (a half-written one) is treated as held, because deleting it could race its writer.
 */
export function acquireDataDirLock(dataDir: string, holder: LockInfo["holder"] = "server"): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const self = processStart(process.pid);
  let info: LockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    procStart: self === "dead" ? null : self,
    holder,
    startedAt: new Date().toISOString(),
    url: null,
    nonce: crypto.randomBytes(12).toString("hex"),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeSync(fd, JSON.stringify(info));
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const current = readLock(file);
      if (attempt > 0 || !current || holderAlive(current)) throw new DataDirLockedError(dataDir, current);
      // Stale: its process is gone. Move it aside (atomic), then retry the exclusive create once;
      // if another starter won that race, the retry sees its live lock and refuses.
      const aside = `${file}.stale-${process.pid}`;
      try {
        fs.renameSync(file, aside);
        const moved = readLock(aside);
        // Someone replaced the stale lock between our read and the rename: put theirs back and refuse.
        if (moved && moved.nonce !== current.nonce) {
          fs.renameSync(aside, file);
          throw new DataDirLockedError(dataDir, moved);
        }
        fs.rmSync(aside, { force: true });
      } catch (e) {
        if (e instanceof DataDirLockedError) throw e;
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      }
    }
  }
  let released = false;
  return {
    file,
    get info() {
      return info;
    },
    setUrl(url: string) {
      info = { ...info, url };
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(info), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    release() {
      if (released) return;
      released = true;
      if (readLock(file)?.nonce === info.nonce) fs.rmSync(file, { force: true });
    },
  };
}

/** The holder of a data folder's lock when a live process holds it, else null. */
export function currentHolder(dataDir: string): LockInfo | null {
  const info = readLock(path.join(dataDir, LOCK_FILE));
  return info && holderAlive(info) ? info : null;
}
