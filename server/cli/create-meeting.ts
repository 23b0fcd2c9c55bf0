// npm run create-meeting -- <definition.json> [--json]: creates a meeting from a definition file
// (the same schema as POST /api/meetings) in DATA_DIR and prints its join links. An invalid
// definition is refused with the path of every bad field, and nothing is created.
import fs from "node:fs";
import { parseMeetingDefinition } from "../../shared/definition/schema";
import { parseConfig } from "../config";
import { MeetingService } from "../meetings/service";
import { loadLinkSecret } from "../meetings/tokens";
import { SqliteStore } from "../storage/sqlite";
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
const store = new SqliteStore(config.dataDir);
const service = new MeetingService(store, loadLinkSecret(config.dataDir), config.publicUrl);
const created = await service.create(parsed.definition, { actor: "cli" });
await store.close();
if (process.argv.includes("--json")) process.stdout.write(`${JSON.stringify({ meetingId: created.meetingId, links: created.links }, null, 2)}\n`);
else {
  process.stdout.write(`Created meeting ${created.meetingId}: ${parsed.definition.conference.title}\n`);
  printLinks(created.links);
}
