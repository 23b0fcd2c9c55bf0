import { afterEach, describe, expect, it, vi } from "vitest";
import { callApi, callLazy, fetchMe } from "../../client/lib/api";
import { fetchJournal } from "../../client/lib/organiser-api";
import { ME } from "../../shared/protocol/http/meetings";
import { POLL_RESULT } from "../../shared/protocol/http/polls";
import { ARCHIVE } from "../../shared/protocol/http/admin";
import { pathFor } from "../../shared/protocol/http/path";
import demo from "../../shared/definition/demo-cum8-2021.json";

/**
 * The client's side of the HTTP table (client/lib/api.ts): every reply is parsed with its route's schema,
 * and a reply that does not match is an error the UI can show — never a silently wrong object.
 */
const session = {
  meetingId: "m-123456",
  role: "delegate",
  unit: "BDT",
  linkId: "delegate-BDT-1",
  label: "Ban Dân tộc",
};

/** The next fetch answers `body` (a string is sent as is) with `status`; the request is recorded. */
function answer(status: number, body: unknown) {
  const fetchMock = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(typeof body === "string" ? body : JSON.stringify(body), { status }),
  );
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}
afterEach(() => {
  vi.unstubAllGlobals();
});

const BAD_REPLY =
  /^Máy chủ trả lời không đúng định dạng\. \(The server's reply to GET \/api\/me is not in the expected shape: /;

describe("callApi", () => {
  it.each([
    [
      "a session without its role",
      { ok: true, session: { ...session, role: undefined }, definition: demo },
      /session\.role/,
    ],
    [
      "a role that does not exist",
      { ok: true, session: { ...session, role: "president" }, definition: demo },
      /session\.role/,
    ],
    [
      "a definition without units",
      { ok: true, session, definition: { ...demo, units: undefined } },
      /definition/,
    ],
    ["no definition", { ok: true, session }, /definition/],
    ["a number for the body", 42, /no ok: true/],
    ["ok missing", { session, definition: demo }, /no ok: true/],
    ["not JSON", "<html>proxy</html>", /not JSON/],
  ])("turns a 200 reply with %s into BAD_REPLY, Vietnamese first", async (_what, body, detail) => {
    answer(200, body);
    const res = await callApi(ME, {}, { token: "t" });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe("BAD_REPLY");
    expect(res.error.message).toMatch(BAD_REPLY);
    expect(res.error.message).toMatch(detail);
  });

  it("gives the parsed reply, typed by the route, for a reply of the right shape", async () => {
    const fetchMock = answer(200, { ok: true, session, definition: demo, extra: "dropped" });
    const res = await fetchMe("secret-token");
    expect(res).toMatchObject({
      ok: true,
      data: { session, definition: { cluster: { year: demo.cluster.year } } },
    });
    expect(res.ok && "extra" in res.data).toBe(false);
    expect(fetchMock).toHaveBeenCalledWith(
      "/api/me",
      expect.objectContaining({
        method: "GET",
        headers: expect.objectContaining({ authorization: "Bearer secret-token" }),
      }),
    );
  });

  it("passes the server's refusal through: its code, its message and the problems", async () => {
    answer(400, {
      ok: false,
      error: {
        code: "INVALID_DEFINITION",
        message: "Định nghĩa hội nghị có 1 chỗ cần sửa.",
        problems: [{ path: "units", message: "x" }],
      },
    });
    expect(await callApi(ARCHIVE, { id: "m-1" }, { token: "t", body: { archived: true } })).toEqual({
      ok: false,
      error: {
        code: "INVALID_DEFINITION",
        message: "Định nghĩa hội nghị có 1 chỗ cần sửa.",
        status: 400,
        problems: [{ path: "units", message: "x" }],
      },
    });
  });

  it("says INTERNAL with the status for an error page that is not Concord's, and NETWORK when nothing answers", async () => {
    answer(502, "<html>Bad gateway</html>");
    expect(await callApi(ME, {}, { token: "t" })).toEqual({
      ok: false,
      error: { code: "INTERNAL", message: "HTTP 502", status: 502 },
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))),
    );
    expect(await callApi(ME, {}, { token: "t" })).toEqual({
      ok: false,
      error: { code: "NETWORK", message: "Failed to fetch", status: 0 },
    });
  });

  it("sends the route's method, the filled-in path, the JSON body and the query", async () => {
    const fetchMock = answer(200, { ok: true, meetingId: "m/1", archived: true });
    await callApi(ARCHIVE, { id: "m/1" }, { token: "t", body: { archived: true }, query: { a: "b c" } });
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe("/api/admin/meetings/m%2F1/archive?a=b+c");
    expect(init).toMatchObject({
      method: "POST",
      body: '{"archived":true}',
      headers: { "content-type": "application/json" },
    });
  });

  it("checks each branch of a union reply: a published result without its receipts is refused", async () => {
    answer(200, { ok: true, pollId: "p1", published: true, title: "Bầu" });
    const res = await callLazy(async () => POLL_RESULT, { id: "m-1", pollId: "p1" }, { token: "t" });
    expect(res.ok ? null : res.error.code).toBe("BAD_REPLY");
    answer(200, { ok: true, pollId: "p1", published: false, state: "open", turnout: { cast: 1 } });
    expect((await callLazy(async () => POLL_RESULT, { id: "m-1", pollId: "p1" }, { token: "t" })).ok).toBe(
      true,
    );
  });

  it("says NETWORK when a route's chunk cannot be loaded", async () => {
    const res = await callLazy(
      () => Promise.reject(new Error("Failed to fetch dynamically imported module")),
      {},
      { token: "t" },
    );
    expect(res).toMatchObject({ ok: false, error: { code: "NETWORK" } });
  });
});

describe("fetchJournal", () => {
  it("keeps the reply's text byte for byte beside the parsed entries", async () => {
    const raw = JSON.stringify(
      {
        ok: true,
        meetingId: "m-1",
        entries: [
          {
            seq: 1,
            ts: 1,
            actor: "server",
            type: "meeting.created",
            data: { a: 1 },
            prevHash: "0".repeat(64),
            hash: "a".repeat(64),
            later: "kept",
          },
        ],
      },
      null,
      1,
    );
    answer(200, raw);
    const res = await fetchJournal("m-1", "t");
    expect(res.ok && res.data.raw).toBe(raw);
    // An entry keeps fields this client does not know of: the hash chain is checked over what was stored.
    expect(res.ok && res.data.entries[0]).toMatchObject({ later: "kept" });
  });

  it("refuses entries that are not journal entries", async () => {
    answer(200, { ok: true, meetingId: "m-1", entries: [{ seq: "one" }] });
    const res = await fetchJournal("m-1", "t");
    expect(res.ok ? null : res.error.code).toBe("BAD_REPLY");
  });
});

describe("pathFor", () => {
  it.each([
    [
      "/api/meetings/:id/links/:linkId/revoke",
      { id: "m1", linkId: "delegate-BDT-1" },
      "/api/meetings/m1/links/delegate-BDT-1/revoke",
    ],
    ["/api/meetings/:id/scores.json", { id: "a b" }, "/api/meetings/a%20b/scores.json"],
    ["/api/verify/:meetingId", { meetingId: "../x" }, "/api/verify/..%2Fx"],
    ["/api/me", {}, "/api/me"],
  ])("fills %s", (path, params, expected) => {
    expect(pathFor({ method: "GET", path }, params as never)).toBe(expected);
  });

  it("throws on a missing parameter rather than calling another route", () => {
    expect(() => pathFor({ method: "GET", path: "/api/meetings/:id/links" }, {} as never)).toThrow(
      /missing parameter id/,
    );
  });
});
