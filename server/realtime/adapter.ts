import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import { errorFields, log } from "../log";

/** Room broadcasts between instances travel on this one stream (approximately trimmed to maxLen). */
export const SOCKET_STREAM = "concord:socket.io";

/**
 * The Socket.IO adapter for Redis mode: every instance reads one Redis stream, so a broadcast to a
 * meeting's room reaches its sockets on every instance once, and a short Redis outage loses no packet
 * (the adapter resumes the stream from its last id). Unlike the store's connection, this client keeps
 * its offline queue: the adapter's publishes are not acknowledgements to anyone, and queuing them is
 * what lets it resume.
 *
 * Not wired yet (issue 9, phase 2): io.ts passes `adapter` to `new Server(…, { adapter })` in Redis
 * mode, with connectionStateRecovery if wanted (the middleware must still re-check revoked links,
 * since recovery skips it by default).
 */
export async function createSocketAdapter(url: string): Promise<{ adapter: ReturnType<typeof createAdapter>; close(): Promise<void> }> {
  const client = createClient({ url });
  client.on("error", (err: unknown) => log.warn("redis", "Socket.IO adapter connection error", errorFields(err)));
  await client.connect();
  return {
    adapter: createAdapter(client, { streamName: SOCKET_STREAM, maxLen: 10_000 }),
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}
