// npm run create-meeting -- <definition.json> [--json]: creates a meeting from a definition file
// (the same schema as POST /api/meetings) in DATA_DIR and prints its join links. An invalid
// definition is refused with the path of every bad field, and nothing is created.
// The data folder has one writer (server/storage/lock.ts): while a server runs on DATA_DIR the meeting is
// created through it (POST /api/meetings with the admin token); otherwise this command takes the lock.
import fs from "node:fs";
import path from "node:path";
import { parseMeetingDefinition } from "../../shared/definition/schema";
import { parseConfig } from "../config";
import { MeetingService } from "../meetings/service";
import { resolveLinkSecret } from "../storage/open";
import { SqliteStore } from "../storage/sqlite";
import { acquireDataDirLock, currentHolder, DataDirLockedError, lockedMessage } from "../storage/lock";
import type { LinksByRole } from "../../shared/protocol/links";
import { CREATE_MEETING } from "../../shared/protocol/http/admin";
import { printLinks } from "./print-links";

const file = process.argv.slice(2).find((a) => !a.startsWith("--"));
if (!file) {
  process.stderr.write("usage: npm run create-meeting -- <definition.json> [--json]\n");
  process.exit(2);
}
const parsedConfig = parseConfig(process.env);
if (!parsedConfig.ok) {
  process.stderr.write(`${parsedConfig.problems.join("\n")}\n`);
  process.exit(1);
}
let input: unknown;
try {
  input = JSON.parse(fs.readFileSync(file, "utf8"));
} catch (err) {
  process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
  process.exit(2);
}
const parsed = parseMeetingDefinition(input);
if (!parsed.ok) {
  process.stderr.write(`${file} is not a valid meeting definition:\n${parsed.problems.map((p) => `  - ${p.path}: ${p.message}`).join("\n")}\n`);
  process.exit(1);
}
const { config } = parsedConfig;
const definition = parsed.definition;

/** Through the running server: it is the folder's one writer. */
async function createThroughServer(url: string): Promise<{ meetingId: string; links: LinksByRole }> {
  const tokenFile = path.join(config.dataDir, "admin-token");
  const adminToken = config.ADMIN_TOKEN ?? (fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, "utf8").trim() : "");
  const res = await fetch(`${url}/api/meetings`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(input),
  });
  const body: unknown = await res.json().catch(() => null);
  // The reply is parsed with the route's schema (shared/protocol/http), as the client does.
  const created = res.status === CREATE_MEETING.status ? CREATE_MEETING.reply.safeParse(body) : null;
  if (!created?.success) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? "";
    process.stderr.write(`Máy chủ đang chạy (${url}) từ chối tạo cuộc họp (the running server refused): ${res.status} ${message}\n`);
    process.exit(1);
  }
  return { meetingId: created.data.meetingId, links: created.data.links };
}

async function createHere(): Promise<{ meetingId: string; links: LinksByRole }> {
  const lock = acquireDataDirLock(config.dataDir, "cli");
  try {
    const store = new SqliteStore(config.dataDir);
    const service = new MeetingService(store, resolveLinkSecret(config), config.publicUrl);
    const made = await service.create(definition, { actor: "cli" });
    await store.close();
    return made;
  } finally {
    lock.release();
  }
}

const holder = currentHolder(config.dataDir);
let created: { meetingId: string; links: LinksByRole };
try {
  created = holder?.holder === "server" && holder.url ? await createThroughServer(holder.url) : await createHere();
} catch (err) {
  if (!(err instanceof DataDirLockedError)) throw err;
  process.stderr.write(`${lockedMessage(err.dataDir, err.holder)}\n`);
  process.exit(3);
}
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ meetingId: created.meetingId, links: created.links }, null, 2)}\n`);
else {
  process.stdout.write(`Created meeting ${created.meetingId}: ${definition.conference.title}\n`);
  printLinks(created.links);
}
