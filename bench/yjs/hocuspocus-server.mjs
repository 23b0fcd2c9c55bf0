// The Hocuspocus server under the scale bench (bench/yjs/peers.ts forks it under the Node 22 that
// .tmp/peers holds; Hocuspocus 4.7 needs Node >= 22). Plain JavaScript, so Node 22 runs it without tsx.
// It loads @hocuspocus/server and its yjs from .tmp/peers (BENCH_PEERS_DIR), run as its docs show a plain
// server: `new Server({ ... })` then `listen()`, no extensions (so no persistence), `quiet: true`, defaults
// otherwise (timeout 60 s, flushDelay 0: updates arriving in one event-loop turn go out merged). The one
// addition: onLoadDocument seeds the document with the structure our server creates (the bytes of
// initialScoresUpdate(DEFINITION), from BENCH_HOCUSPOCUS_SEED), as the reference server's content
// initialiser does. It answers the bench's IPC as the other relays do (bench/yjs/servers.ts, answerAsRelay):
// "ready" with its port and fake links, "usage" with this process's CPU, event loop and RSS, "stop".
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { setTimeout } from "node:timers";
import { pathToFileURL } from "node:url";

const peers = process.env.BENCH_PEERS_DIR;
const seed = new Uint8Array(fs.readFileSync(process.env.BENCH_HOCUSPOCUS_SEED));
const units = JSON.parse(process.env.BENCH_HOCUSPOCUS_UNITS);
// `import { Server } from "@hocuspocus/server"` from .tmp/peers: its ESM entry, whose own imports resolve there.
const pkgDir = path.join(peers, "node_modules", "@hocuspocus", "server");
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
const { Server } = await import(pathToFileURL(path.join(pkgDir, pkg.exports.default.import)).href);

const server = new Server({
  port: 0,
  address: "127.0.0.1",
  quiet: true,
  async onLoadDocument() {
    return seed;
  },
});
await server.listen();

const fake = "http://hocuspocus/join/none";
process.send({
  type: "ready",
  port: server.address.port,
  meetingId: "hocuspocus",
  chair: fake,
  followers: [fake],
  delegates: Object.fromEntries(units.map((u) => [u, [fake, fake]])),
  framing: "hocuspocus",
});
process.once("disconnect", () => process.exit(0));
process.on("message", (msg) => {
  if (msg.type === "usage") {
    const cpu = process.cpuUsage();
    const { active, idle } = performance.eventLoopUtilization();
    process.send({
      type: "usage",
      cpuMicros: cpu.user + cpu.system,
      loopActiveMs: active,
      loopIdleMs: idle,
      rssBytes: process.memoryUsage().rss,
      fileBytes: 0,
      updateSeq: 0,
      yjsBytes: 0,
    });
  } else if (msg.type === "stop") {
    // destroy() closes every connection and unloads the document; a stuck one must not hold the bench.
    setTimeout(() => process.exit(0), 2000).unref();
    server.destroy().then(() => process.exit(0));
  }
});
