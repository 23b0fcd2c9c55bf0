import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../server/app";
import { CLIENT_EVENTS, type ClientEventSpec } from "../../shared/protocol/table";
import { ALL_ROLES, type Role } from "../../shared/protocol/roles";
import {
  createMeeting,
  emitAck,
  joinWith,
  startTestServer,
  type CreatedTestMeeting,
  type TestSocket,
} from "../helpers/server";

/**
 * Every event of the protocol table (shared/protocol/table.ts) is registered on every connection, once: a
 * role outside its senders is refused FORBIDDEN, a malformed payload BAD_REQUEST — answers, never a timeout.
 */
let server: RunningServer;
let m: CreatedTestMeeting;
const sockets = new Map<Role, TestSocket>();
beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
  const links: Record<Role, string> = {
    chair: m.links.chair,
    secretary: m.links.secretary,
    delegate: m.links.delegates.BDT![0]!,
    screen: m.links.screen,
    observer: m.links.public,
  };
  for (const role of ALL_ROLES) sockets.set(role, (await joinWith(server, links[role])).socket);
});
afterAll(async () => {
  for (const s of sockets.values()) s.disconnect();
  await server.close();
});

type Answer = { ok: boolean; error?: { code: string; message: string } };
const entries = Object.entries(CLIENT_EVENTS) as [string, ClientEventSpec][];

describe("the protocol table on a live server", () => {
  it("has exactly one handler for every event on every connection", () => {
    for (const role of ALL_ROLES) {
      const serverSocket = server.ctx.io.of("/").sockets.get(sockets.get(role)!.id!);
      expect(serverSocket, role).toBeDefined();
      const counts = Object.fromEntries(
        entries.map(([event]) => [event, serverSocket!.listeners(event as never).length]),
      );
      expect(counts).toEqual(Object.fromEntries(entries.map(([event]) => [event, 1])));
    }
  });

  it("refuses every event from a role outside its senders, in Vietnamese first, naming the event", async () => {
    for (const [event, spec] of entries) {
      for (const role of ALL_ROLES.filter((r) => !spec.senders.includes(r))) {
        const res = await emitAck<Answer>(sockets.get(role)!, event, {});
        expect({ event, role, ok: res.ok, code: res.error?.code }).toEqual({
          event,
          role,
          ok: false,
          code: "FORBIDDEN",
        });
        expect(res.error!.message).toMatch(
          /^(Chủ trì|Thư ký|Đại biểu|Màn hình chiếu|Người theo dõi) không được /,
        );
        expect(res.error!.message).toContain(
          `(The ${role} role may not send ${event}; only ${spec.senders.join(", ")}.)`,
        );
      }
    }
  });

  it("refuses a malformed payload of every event from a role that may send it", async () => {
    for (const [event, spec] of entries) {
      const res = await emitAck<Answer>(sockets.get(spec.senders[0])!, event, "not an object");
      expect({ event, ok: res.ok, code: res.error?.code }).toEqual({ event, ok: false, code: "BAD_REQUEST" });
      expect(res.error!.message).toMatch(
        new RegExp(`^Dữ liệu gửi lên không hợp lệ\\. \\(Malformed ${event}: `),
      );
    }
  });

  it("refuses a ballot that is no kind's shape before it reaches the poll", async () => {
    const res = await emitAck<Answer>(sockets.get("delegate")!, "poll:cast", {
      pollId: "p1",
      opId: "0123456789abcdef0123",
      ballot: { pick: "BDT" },
    });
    expect(res).toMatchObject({
      ok: false,
      error: { code: "BAD_REQUEST", message: expect.stringMatching(/Malformed poll:cast: ballot /) },
    });
  });
});
