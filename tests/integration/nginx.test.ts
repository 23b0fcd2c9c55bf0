import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { presenceKey } from "../../server/realtime/cluster";
import { asServer, createMeetingOn, startInstances, startNginx, type Instances, type TestNginx } from "../helpers/instances";
import { describeMorning } from "../helpers/morning-steps";
import { skipRedisTests } from "../helpers/redis";
import { joinWith, waitUntil } from "../helpers/server";
import type { MeetingState } from "../../shared/protocol/meeting";

/**
 * Debian's nginx (a plain process, generated config in a temporary folder) in front of two Redis-mode
 * instances, as deploy/nginx.conf runs them: round robin, no sticky sessions, WebSocket upgrade for
 * /socket.io/ and /yjs/. The founding morning (tests/helpers/morning-steps.ts) runs through it.
 */
let cluster: Instances | null = null;
let nginx: TestNginx | null = null;

async function stack(): Promise<{ cluster: Instances; nginx: TestNginx }> {
  if (!cluster || !nginx) {
    cluster = await startInstances(2);
    nginx = await startNginx(cluster.list.map((i) => `127.0.0.1:${i.port}`), cluster.list[0]!.adminToken);
  }
  return { cluster, nginx };
}

async function stop(): Promise<void> {
  await nginx?.stop();
  await cluster?.close();
  nginx = null;
  cluster = null;
}

describe.skipIf(skipRedisTests)("nginx in front of two instances", () => {
  beforeAll(() => stack(), 120_000);

  it("spreads the WebSocket connections of one meeting over both instances, with no sticky sessions", async () => {
    const { cluster: c, nginx: n } = await stack();
    const m = await createMeetingOn(n);
    const tablets = await Promise.all([m.links.chair, m.links.secretary, m.links.screen, m.links.public].map((l) => joinWith(asServer(n), l)));
    const redis = createClient({ url: c.redis.url });
    await redis.connect();
    try {
      // Each instance writes its own field into the meeting's presence hash once it holds a connection.
      let fields: string[] = [];
      for (let i = 0; i < 100 && fields.length < 2; i++) {
        fields = await redis.hKeys(presenceKey(m.meetingId));
        if (fields.length < 2) await new Promise((r) => setTimeout(r, 100));
      }
      expect(fields).toHaveLength(2);
      // Whichever instance each landed on, all four see the four of them.
      const all = (s: MeetingState) => s.others.chair === 1 && s.others.secretary === 1 && s.others.screen === 1 && s.others.observer === 1;
      await waitUntil(() => tablets.every((t) => all(t.latest())), 10_000, "the same four on every tablet");
    } finally {
      for (const t of tablets) t.socket.disconnect();
      await redis.close();
    }
  });
});

// Whatever ran (a filtered run may skip the morning's own afterAll), nothing stays running.
afterAll(stop, 60_000);

describeMorning(" — through nginx, two instances on Redis", async () => {
  const { nginx: n } = await stack();
  return { server: asServer(n) as RunningServer, close: stop };
});
