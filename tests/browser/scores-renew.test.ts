import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { Browser, Page } from "playwright-core";
import { createMeeting, startTestServer, storedDoc, waitUntil } from "../helpers/server";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { cell, openStage } from "../helpers/scores";
import { formatScore } from "../../shared/scoring";
import { scoreLayer, scoresEpoch, typeRoots } from "../../shared/documents/layout";
import { countItems } from "../../server/yjs/renew";

/**
 * A tablet whose copy of the score document is from before a renewal (server/yjs/renew.ts): it had
 * a score pending offline while the server restarted its room and renewed the document. Back online,
 * it is closed with DOC_RENEWED, starts over from a fresh copy without a word, and its pending score
 * is written again into the fresh copy and stored.
 */

const UNIT = "BDT";
const WAIT_MS = 10_000;
const cellId = (id: string) => `score-${UNIT}-self-${id}`;
const pendingKey = (meetingId: string) => `concord.scores.pending.${meetingId}.${UNIT}`;

type Sockets = { __sockets: WebSocket[]; __closes: number[] };

/** Runs in the page before the app: remembers its WebSockets and the close codes of the scores socket. */
function recordSockets(): void {
  const w = window as unknown as Window & Sockets;
  const Native = window.WebSocket;
  w.__sockets = [];
  w.__closes = [];
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      w.__sockets.push(this);
      if (String(url).includes("/scores")) this.addEventListener("close", (e: CloseEvent) => w.__closes.push(e.code));
    }
  };
}

/** Offline as in tests/browser/scores-offline.test.ts: the context offline and its open sockets closed. */
async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await page.evaluate(() => {
    for (const ws of (window as unknown as Sockets).__sockets) if (ws.readyState === WebSocket.OPEN) ws.close();
  });
  await page.waitForFunction(() => !(window as unknown as Sockets).__sockets.some((ws) => ws.readyState === WebSocket.OPEN));
}

describe.skipIf(skipBrowserTests)("a tablet holding a copy from before the score document was renewed", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("starts over from the renewed document and stores its pending score, with no toast", async () => {
    const meeting = await createMeeting(server);
    await openStage(server, meeting, "self");
    const tablet = await openPage(browser, { width: 768, height: 1024 });
    await tablet.addInitScript(recordSockets);
    await joinInPage(tablet, server.url, meeting.links.delegates[UNIT]![0]!);
    await tablet.getByTestId(cellId("G1")).waitFor();
    await expect.poll(() => tablet.getByTestId(cellId("G1")).inputValue(), { timeout: WAIT_MS }).toBe(formatScore(39, "vi"));

    await goOffline(tablet);
    await tablet.getByTestId(cellId("G1")).fill("36,5");
    await tablet.getByTestId(cellId("G1")).press("Enter");
    await waitForTestIdText(tablet, "scores-pending", "Mất kết nối: 1 thay đổi");

    // The room unloads once the tablet's socket has gone; meanwhile a busy morning's overwrites of
    // other cells land in the store (as the endpoint stores them), enough for the next load to renew.
    const key = `${meeting.meetingId}/scores`;
    await waitUntil(() => !server.yjs.loadedDocs().includes(key), WAIT_MS, "the room unloaded");
    const copy = new Y.Doc();
    typeRoots(copy, "scores");
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(await storedDoc(server, meeting.meetingId, "scores")));
    for (let i = 0; i < 2_500; i++) {
      const before = Y.encodeStateVector(copy);
      scoreLayer(copy, UNIT, "self")!.set(i % 2 ? "G4" : "G5", (i % 100) / 10);
      await server.store.appendDocUpdates(meeting.meetingId, "scores", [Y.encodeStateAsUpdate(copy, before)]);
    }
    const last = { G4: scoreLayer(copy, UNIT, "self")!.get("G4"), G5: scoreLayer(copy, UNIT, "self")!.get("G5") };

    // Back online: the copy says epoch 0, the load renews, the socket is closed with 4409 and the
    // tablet syncs a fresh copy, into which its pending score is written again.
    await tablet.context().setOffline(false);
    await vi.waitFor(async () => expect(cell(await storedDoc(server, meeting.meetingId, "scores"), UNIT, "self", "G1")).toBe(36.5), WAIT_MS);
    const stored = await storedDoc(server, meeting.meetingId, "scores");
    expect(scoresEpoch(stored)).not.toBeNull();
    expect(countItems(stored).deleted).toBeLessThan(10);
    expect(cell(stored, UNIT, "self", "G4")).toBe(last.G4);
    expect(cell(stored, UNIT, "self", "G5")).toBe(last.G5);
    expect(await tablet.evaluate(() => (window as unknown as Sockets).__closes)).toContain(4409);
    await tablet.getByTestId("scores-pending").waitFor({ state: "detached", timeout: WAIT_MS });
    await tablet.waitForFunction((k) => localStorage.getItem(k) === null, pendingKey(meeting.meetingId), { timeout: WAIT_MS });
    await expect.poll(() => tablet.getByTestId(cellId("G4")).inputValue(), { timeout: WAIT_MS }).toBe(formatScore(last.G4 as number, "vi"));
    expect(await tablet.getByTestId(cellId("G1")).inputValue()).toBe("36,5");
    expect(await tablet.getByTestId("toast").count()).toBe(0);
    await tablet.context().close();
  }, 60_000);
});
