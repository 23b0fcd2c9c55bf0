/**
 * The server under test, in its own process so its CPU and memory are measured apart from the
 * thousands of bench clients. Started by bench/votes.ts with BENCH_TALLY_MODE and BENCH_UNITS;
 * answers "usage" and "stop" over IPC.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import demoDefinition from "../shared/definition/demo-cum8-2021.json";
import type { MeetingDefinition } from "../shared/definition/schema";
import { parseConfig } from "../server/config";
import { startServer } from "../server/app";
import { log } from "../server/log";
import { pollsOf } from "../server/polls/index";
import type { TallyMode } from "../server/polls/tally-broadcaster";
import { joining } from "../server/realtime/io";
import { writeCalls } from "./proc-io";

export interface ServerReady {
  type: "ready";
  url: string;
  port: number;
  meetingId: string;
  chair: string;
  public: string;
  delegates: Record<string, string[]>;
}
export interface ServerUsage {
  type: "usage";
  cpuMicros: number;
  rssBytes: number;
  /** Write system calls so far (write, writev: one per socket message unless several go out together); NaN off Linux. */
  writeCalls: number;
  /** The server's event-loop delay since the previous "usage" (ms): how long a ballot can wait for its turn. */
  loopDelayP99: number;
  loopDelayMax: number;
}

async function main(): Promise<void> {
  log.setLevel("warn");
  const mode = (process.env.BENCH_TALLY_MODE ?? "coalesced") as TallyMode;
  const units = Number(process.env.BENCH_UNITS ?? "160");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "concord-bench-"));
  // One public link for every follower: above the default per-link cap (500).
  const parsed = parseConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO: "0", LOG_LEVEL: "warn", SOCKET_MAX_CONNECTIONS_PUBLIC_LINK: "10000" });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const server = await startServer(parsed.config);
  pollsOf(server.ctx).broadcaster.mode = mode;
  // The naive baseline also joins naively: check-in recorded, the joiner gets the state, the others get nothing.
  joining.mode = mode === "naive" ? "naive" : "coalesced";

  const def = structuredClone(demoDefinition) as unknown as MeetingDefinition;
  def.units = Array.from({ length: units }, (_, i) => ({
    code: `U${String(i + 1).padStart(3, "0")}`,
    name: `Đơn vị ${i + 1}`,
    shortName: `ĐV ${i + 1}`,
    headTitle: "Giám đốc",
    role: i === 0 ? "head" : "member",
  }));
  def.scores = [];
  const created = await server.service.create(def);
  const ready: ServerReady = { type: "ready", url: server.url, port: server.port, meetingId: created.meetingId, chair: created.links.chair, public: created.links.public, delegates: created.links.delegates };
  process.send!(ready);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  process.on("message", async (msg: { type: string }) => {
    if (msg.type === "usage") {
      const cpu = process.cpuUsage();
      const usage: ServerUsage = {
        type: "usage",
        cpuMicros: cpu.user + cpu.system,
        rssBytes: process.memoryUsage().rss,
        writeCalls: writeCalls(),
        loopDelayP99: loopDelay.percentile(99) / 1e6,
        loopDelayMax: loopDelay.max / 1e6,
      };
      loopDelay.reset();
      process.send!(usage);
    } else if (msg.type === "stop") {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

main().catch((err) => {
  process.stderr.write(`bench server failed: ${String(err)}\n`);
  process.exit(1);
});
