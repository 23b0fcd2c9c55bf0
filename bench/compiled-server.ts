import path from "node:path";
import { buildServer } from "../scripts/build-server.mjs";

/**
 * The server as production runs it (`npm start`: scripts/build-server.mjs, plain node, no TypeScript loader),
 * compiled from the current sources into .tmp/bench-server/ once per bench run. Under tsx every closure the
 * server creates also gets its name set at run time (esbuild's keepNames), a cost production does not pay:
 * ~5 % of the server's time in the 50-meeting burst.
 */
let built: Promise<string> | null = null;

export function compiledServer(): Promise<string> {
  built ??= buildServer({ out: path.join(".tmp", "bench-server") }).then(() => path.resolve(".tmp", "bench-server", "main.mjs"));
  return built;
}
