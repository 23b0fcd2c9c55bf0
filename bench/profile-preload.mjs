// Preload for a server under a bench (`node --import ./bench/profile-preload.mjs`): SIGUSR2 starts the
// inspector's sampling profiler, the next SIGUSR2 writes BENCH_PROFILE_DIR/server-<pid>-<n>.cpuprofile.
// Lets a bench profile only its burst (bench/meetings.ts with BENCH_PROFILE_DIR set).
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { Session } from "node:inspector";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let n = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start")));
      return;
    }
    running = false;
    session.post("Profiler.stop", (err, res) => {
      if (!err) fs.writeFileSync(path.join(dir, `server-${process.pid}-${++n}.cpuprofile`), JSON.stringify(res.profile));
    });
  });
}
