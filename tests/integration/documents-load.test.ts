import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import type { RunningServer } from "../../server/app";
import { documentLimiter, documentStats } from "../../server/documents/generate";
import { renderWorkerActive } from "../../server/documents/render-pool";
import { createMeeting, startTestServer, tokenOf, type CreatedTestMeeting } from "../helpers/server";

let server: RunningServer;
let m: CreatedTestMeeting;
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const renders = (kind: string) => documentStats.renders[kind] ?? 0;

beforeAll(async () => {
  server = await startTestServer();
  m = await createMeeting(server);
});
afterAll(() => server.close());

const get = (path: string, link = m.links.public) => fetch(`${server.url}/api/meetings/${m.meetingId}/${path}`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });

describe("documents under load", () => {
  it("40 concurrent minutes.pdf requests get the same bytes from one render; a new state renders once more", async () => {
    const before = renders("minutes");
    const healthTimes: number[] = [];
    let loading = true;
    const probe = (async () => {
      while (loading) {
        const t0 = performance.now();
        await fetch(`${server.url}/api/health`);
        healthTimes.push(performance.now() - t0);
      }
    })();
    const t0 = performance.now();
    const responses = await Promise.all(Array.from({ length: 40 }, () => get("minutes.pdf")));
    const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: Buffer.from(await r.arrayBuffer()) })));
    const elapsed = performance.now() - t0;
    loading = false;
    await probe;
    for (const b of bodies) expect(b.status).toBe(200);
    expect(new Set(bodies.map((b) => sha(b.body))).size).toBe(1);
    expect(renders("minutes") - before).toBe(1);
    // The render ran in the worker thread, not on the event loop that answers /api/health.
    expect(renderWorkerActive()).toBe(true);
    // Figures for the report, not assertions (shared machine).
    console.log(`[figures] 40 × minutes.pdf in ${elapsed.toFixed(0)} ms; /api/health during: n=${healthTimes.length}, max ${Math.max(...healthTimes).toFixed(0)} ms, median ${healthTimes.sort((a, b) => a - b)[Math.floor(healthTimes.length / 2)]!.toFixed(0)} ms`);

    // Same state again: served from the cache, no render.
    const again = Buffer.from(await (await get("minutes.pdf")).arrayBuffer());
    expect(sha(again)).toBe(sha(bodies[0]!.body));
    expect(renders("minutes") - before).toBe(1);

    // A new state version (a revoked link moves the journal head the minutes print): one more render.
    const screen = m.all.find((l) => l.linkId === "screen")!;
    const revoke = await fetch(`${server.url}/api/meetings/${m.meetingId}/links/${screen.linkId}/revoke`, { method: "POST", headers: { authorization: `Bearer ${tokenOf(m.links.chair)}` } });
    expect(revoke.status).toBe(200);
    const next = await Promise.all(Array.from({ length: 10 }, () => get("minutes.pdf").then(async (r) => Buffer.from(await r.arrayBuffer()))));
    expect(new Set(next.map(sha)).size).toBe(1);
    expect(sha(next[0]!)).not.toBe(sha(bodies[0]!.body));
    expect(renders("minutes") - before).toBe(2);
  });

  it("refuses with 503 BUSY when every slot and the whole queue are taken, and serves again once they free", async () => {
    const releases: Array<() => void> = [];
    const { concurrency, queueLimit } = documentLimiter;
    const held = Array.from({ length: concurrency + queueLimit }, () => documentLimiter.run(() => new Promise<void>((resolve) => releases.push(resolve))));
    // Wait until the held tasks occupy every running slot.
    while (releases.length < concurrency) await new Promise((r) => setTimeout(r, 5));
    expect(documentLimiter.load).toEqual({ running: concurrency, waiting: queueLimit });
    const before = renders("pledge");
    const res = await get("pledge.pdf", m.links.chair);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.json()).toMatchObject({ ok: false, error: { code: "BUSY" } });
    expect(renders("pledge")).toBe(before);
    // Free everything (each release lets a queued task start and register its own release).
    while (releases.length > 0 || documentLimiter.load.running > 0) {
      releases.splice(0).forEach((r) => r());
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(held);
    const ok = await get("pledge.pdf", m.links.chair);
    expect(ok.status).toBe(200);
    expect(renders("pledge")).toBe(before + 1);
  });
});
