import { parseConfig } from "./config";
import { startServer } from "./app";
import { ensureDemoMeeting } from "./meetings/demo";
import { errorFields, log } from "./log";
import { printLinks, printStartup } from "./cli/print-links";
import { DataDirLockedError } from "./storage/lock";

const parsed = parseConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`Concord cannot start; fix these settings:\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(1);
}
const config = parsed.config;
log.setLevel(config.LOG_LEVEL);

const server = await startServer(config).catch((err: unknown) => {
  if (!(err instanceof DataDirLockedError)) throw err;
  // Another process holds the data folder: say who, touch nothing, exit non-zero.
  process.stderr.write(`\nConcord không khởi động (Concord did not start):\n${err.message}\n\n`);
  process.exit(3);
});
// Graceful shutdown: stop accepting, store every document, close the database (and release the
// data folder's lock), then exit. Installed before the demo and the start-up message, so a stop
// that comes while they run is graceful too.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info("server", "shutting down", { signal });
    server
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error("server", "shutdown failed", errorFields(err));
        process.exit(1);
      });
  });

log.info("server", "listening", { url: `http://${config.HOST}:${server.port}`, dataDir: config.dataDir });
if (server.adminTokenGenerated) process.stdout.write(`\nAdmin token (kept in ${config.dataDir}/admin-token): ${server.adminToken}\n`);

if (config.DEMO) {
  const demo = await ensureDemoMeeting(server.ctx.store, server.service);
  process.stdout.write(`\n${demo.created ? "Created" : "Reusing"} the demo meeting ${demo.meetingId} (Cụm thi đua số 8, Thanh Hóa, 2021).\n`);
  printLinks(demo.links);
  if (!config.PUBLIC_URL) process.stdout.write("Tablets must reach this address; if they use another one, set PUBLIC_URL (docs/operations.md).\n\n");
}
// The last words of a start: the addresses a person opens (server/cli/print-links.ts).
await printStartup({ adminToken: server.adminToken, store: server.ctx.store, service: server.service });
