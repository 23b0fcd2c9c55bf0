// npm run demo [-- --json]: prints the demo meeting's join links, creating the meeting when missing.
// Works with the same DATA_DIR whether or not the server is running (SQLite in WAL mode): while a server
// holds the data folder (server/storage/lock.ts) this command only reads; creating the demo meeting is the
// server's job then (DEMO=1), and without a server it takes the folder's lock to create it.
import fs from "node:fs";
import path from "node:path";
import { parseConfig } from "../config";
import { ensureDemoMeeting } from "../meetings/demo";
import { MeetingService } from "../meetings/service";
import { resolveLinkSecret } from "../storage/open";
import { SqliteStore } from "../storage/sqlite";
import { acquireDataDirLock, currentHolder, DataDirLockedError, lockedMessage, type DataDirLock } from "../storage/lock";
import { printLinks } from "./print-links";

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.problems.join("\n")}\n`);
  process.exit(1);
}
const { config } = parsed;

let lock: DataDirLock | null = null;
const holder = currentHolder(config.dataDir);
if (!holder) {
  try {
    lock = acquireDataDirLock(config.dataDir, "cli");
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
    process.stderr.write(`${lockedMessage(err.dataDir, err.holder)}\n`);
    process.exit(3);
  }
}
// Without the lock, open the database only when it exists: opening creates it.
const store = lock || fs.existsSync(path.join(config.dataDir, "concord.sqlite")) ? new SqliteStore(config.dataDir) : null;
const existing = lock || !store ? null : await store.findDemoMeeting();
if (!store || (!lock && !existing)) {
  // Another process owns the folder and there is no demo meeting to read: creating one here would be a second writer.
  await store?.close();
  process.stderr.write(
    `Chưa có cuộc họp mẫu, và thư mục dữ liệu đang do tiến trình khác giữ; khởi động máy chủ với DEMO=1 hoặc dừng nó rồi chạy lại lệnh này.\n` +
      `(There is no demo meeting and another process holds the data folder; start the server with DEMO=1, or stop it and run this again.)\n` +
      `${lockedMessage(config.dataDir, holder)}\n`,
  );
  process.exit(3);
}
const service = new MeetingService(store, resolveLinkSecret(config), config.publicUrl);
// With the lock: find or create. Without it: the demo meeting exists, so this only reads.
const demo = await ensureDemoMeeting(store, service);
await store.close();
lock?.release();
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ meetingId: demo.meetingId, links: demo.links }, null, 2)}\n`);
else {
  process.stdout.write(`Demo meeting ${demo.meetingId}${demo.created ? " (created)" : ""}\n`);
  printLinks(demo.links);
}
