// npm run demo [-- --json]: prints the demo meeting's join links, creating the meeting when missing.
// Works with the same DATA_DIR whether or not the server is running (SQLite in WAL mode).
import { parseConfig } from "../config";
import { ensureDemoMeeting } from "../meetings/demo";
import { MeetingService } from "../meetings/service";
import { loadLinkSecret } from "../meetings/tokens";
import { SqliteStore } from "../storage/sqlite";
import { printLinks } from "./print-links";

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.problems.join("\n")}\n`);
  process.exit(1);
}
const { config } = parsed;
const store = new SqliteStore(config.dataDir);
const service = new MeetingService(store, loadLinkSecret(config.dataDir), config.publicUrl);
const demo = await ensureDemoMeeting(store, service);
await store.close();
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ meetingId: demo.meetingId, links: demo.links }, null, 2)}\n`);
else {
  process.stdout.write(`Demo meeting ${demo.meetingId}${demo.created ? " (created)" : ""}\n`);
  printLinks(demo.links);
}
