// npm run verify-journal -- <file>: re-checks an exported journal (the JSON of
// GET /api/meetings/<id>/journal, or a bare array of entries) and names the first broken entry.
import fs from "node:fs";
import { verifyJournal } from "../../shared/journal/chain";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: npm run verify-journal -- <journal.json>\n");
  process.exit(2);
}
let entries: unknown;
try {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  entries = Array.isArray(json) ? json : (json as { entries?: unknown }).entries;
} catch (err) {
  process.stderr.write(`cannot read ${file}: ${(err as Error).message}\n`);
  process.exit(2);
}
if (!Array.isArray(entries)) {
  process.stderr.write(`${file} holds no journal entries\n`);
  process.exit(2);
}
const result = verifyJournal(entries);
if (result.ok) {
  process.stdout.write(`OK: ${result.count} entries, head ${result.head}\n`);
} else {
  process.stdout.write(`BROKEN at entry #${result.index + 1} (seq ${result.seq ?? "?"}): ${result.reason}\n`);
  process.exit(1);
}
