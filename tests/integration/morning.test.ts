import { describeMorning } from "../helpers/morning-steps";
import { startTestServer } from "../helpers/server";

// The founding example end to end on one server (SQLite); tests/integration/nginx.test.ts runs the same
// steps through nginx in front of two Redis-mode instances.
describeMorning("", async () => {
  const server = await startTestServer();
  return { server, close: () => server.close() };
});
