import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Browser, Page } from "playwright-core";
import {
  connectDoc,
  createMeeting,
  startTestServer,
  storedDoc,
  type CreatedTestMeeting,
  type TestProvider,
} from "../helpers/server";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { cell, openStage, setCell } from "../helpers/scores";
import { formatScore } from "../../shared/scoring";
import { scoresJson, type CellLayer } from "../../shared/documents/layout";

/**
 * A delegate tablet on venue Wi-Fi that drops (MISSION.md, "What done means"): nothing typed is
 * lost, duplicated or reset, and a half-typed score is never overwritten by someone else's update.
 * The tablet is Ban Dân tộc's (BDT) in the demo meeting; its self-assessment starts as
 * G1 39, G2 19,5, G3 9,5, G4 15, G5 10, G6 5, B1 1×, B2 2×, no deductions.
 */

const UNIT = "BDT";
const GROUPS = ["G1", "G2", "G3", "G4", "G5", "G6"] as const;
const WAIT_MS = 10_000;

type Sockets = { __sockets: WebSocket[]; __scoresSynced: boolean };

/**
 * Runs in the page before the app: remembers every WebSocket it opens. Chromium keeps an open
 * WebSocket alive under `context.setOffline(true)` (playwright#4910: only new connections fail).
 * setOffline does fire the window "offline" event, on which the meeting client closes Socket.IO,
 * but y-websocket ignores it and its scores socket stayed open and working. So a Wi-Fi drop is
 * going offline AND closing the open sockets from the page side; the reconnect attempts then fail
 * with ERR_INTERNET_DISCONNECTED until the context is online again.
 * It also notes when the scores document's first sync step 2 arrives (see the reload test).
 */
function recordSockets(): void {
  const w = window as unknown as Window & Sockets;
  const Native = window.WebSocket;
  w.__sockets = [];
  w.__scoresSynced = false;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      w.__sockets.push(this);
      if (String(url).includes("/scores"))
        this.addEventListener("message", (e: MessageEvent) => {
          // y-websocket: message type 0 (sync), sync type 1 (step 2).
          const bytes = e.data instanceof ArrayBuffer ? new Uint8Array(e.data) : null;
          if (bytes && bytes[0] === 0 && bytes[1] === 1) w.__scoresSynced = true;
        });
    }
  };
}

async function goOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  await page.evaluate(() => {
    for (const ws of (window as unknown as Sockets).__sockets) if (ws.readyState === WebSocket.OPEN) ws.close();
  });
  await page.waitForFunction(() => !(window as unknown as Sockets).__sockets.some((ws) => ws.readyState === WebSocket.OPEN));
}

async function goOnline(page: Page): Promise<void> {
  await page.context().setOffline(false);
}

const cellId = (id: string) => `score-${UNIT}-self-${id}`;
const pendingKey = (meetingId: string) => `concord.scores.pending.${meetingId}.${UNIT}`;
const vi_ = (v: number) => formatScore(v, "vi");

/** What the tablet shows in its own self-assessment card, group by group (input or read-only text). */
async function shownGroups(page: Page): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const g of GROUPS) {
    const el = page.getByTestId(cellId(g));
    const tag = await el.evaluate((e) => e.tagName);
    shown[g] = tag === "INPUT" ? await el.inputValue() : ((await el.textContent()) ?? "").trim();
  }
  return shown;
}

/** The stored self-assessment groups, formatted as the tablet shows them. */
async function storedGroups(server: Awaited<ReturnType<typeof startTestServer>>, meetingId: string): Promise<Record<string, string>> {
  const doc = await storedDoc(server, meetingId, "scores");
  const out: Record<string, string> = {};
  for (const g of GROUPS) {
    const v = cell(doc, UNIT, "self", g);
    out[g] = typeof v === "number" ? vi_(v) : "";
  }
  return out;
}

async function storedCell(server: Awaited<ReturnType<typeof startTestServer>>, meetingId: string, layer: CellLayer, key: string) {
  return cell(await storedDoc(server, meetingId, "scores"), UNIT, layer, key);
}

// One retry: these tests cut a live browser's network from outside (setOffline plus closing its
// sockets), and on a loaded 2-core machine that once raced with the page (1 failure in 8 full runs,
// not reproducible alone). A real regression fails both attempts.
describe.skipIf(skipBrowserTests)("a delegate tablet that loses the venue Wi-Fi", { retry: 1 }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  const opened: Page[] = [];
  const docs: TestProvider[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const d of docs.splice(0)) d.destroy();
    for (const p of opened.splice(0)) await p.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh demo meeting in the self-assessment stage and BDT's tablet (768×1024) showing its row. */
  async function tabletInSelfStage(): Promise<{ meeting: CreatedTestMeeting; tablet: Page }> {
    const meeting = await createMeeting(server);
    await openStage(server, meeting, "self");
    const tablet = await openPage(browser, { width: 768, height: 1024 });
    opened.push(tablet);
    await tablet.addInitScript(recordSockets);
    await joinInPage(tablet, server.url, meeting.links.delegates[UNIT]![0]!);
    await waitForTestIdText(tablet, "scores-status", "nhập điểm của đơn vị mình");
    await tablet.getByTestId(cellId("G1")).waitFor();
    expect(await tablet.getByTestId(cellId("G1")).inputValue()).toBe(vi_(39));
    return { meeting, tablet };
  }

  async function writer(meeting: CreatedTestMeeting, link: string): Promise<TestProvider> {
    const d = await connectDoc(server, meeting.meetingId, "scores", link);
    docs.push(d);
    return d;
  }

  it("sends both scores entered offline once the Wi-Fi is back, and shows the chair's change made meanwhile", async () => {
    const { meeting, tablet } = await tabletInSelfStage();
    const chair = await writer(meeting, meeting.links.chair);

    await goOffline(tablet);
    await tablet.getByTestId(cellId("G1")).fill("36,5");
    await tablet.getByTestId(cellId("G1")).press("Enter");
    await tablet.getByTestId(cellId("T1-plus")).click();
    await waitForTestIdText(tablet, "scores-pending", "Mất kết nối: 2 thay đổi được giữ lại");

    // Meanwhile the chair agrees G3 for BDT (another cell of the same row).
    setCell(chair.doc, UNIT, "agreed", "G3", 8.5);
    await vi.waitFor(async () => expect(await storedCell(server, meeting.meetingId, "agreed", "G3")).toBe(8.5), WAIT_MS);
    // The chair's change went through the server, the tablet's did not: the tablet really is cut off.
    expect(await storedCell(server, meeting.meetingId, "self", "G1")).toBe(39);
    expect(await storedCell(server, meeting.meetingId, "self", "T1")).toBeUndefined();

    await goOnline(tablet);
    await vi.waitFor(async () => {
      const doc = await storedDoc(server, meeting.meetingId, "scores");
      expect(cell(doc, UNIT, "self", "G1")).toBe(36.5);
      expect(cell(doc, UNIT, "self", "T1")).toBe(1);
    }, WAIT_MS);
    const g3 = tablet
      .getByTestId(`score-card-${UNIT}-self`)
      .locator("li.criterion")
      .filter({ has: tablet.getByTestId(cellId("G3")) })
      .locator(".criterion-meta");
    await expect.poll(() => g3.textContent(), { timeout: WAIT_MS }).toContain("T.nhất: 8,5");
    await tablet.getByTestId("scores-pending").waitFor({ state: "detached", timeout: WAIT_MS });

    // Nothing duplicated or reset: the stored row is the original with exactly the two edits and
    // the chair's cell, and the tablet shows what is stored.
    const stored = scoresJson(await storedDoc(server, meeting.meetingId, "scores")) as Record<string, Record<string, unknown>>;
    expect(stored[UNIT]!.self).toEqual({ G1: 36.5, G2: 19.5, G3: 9.5, G4: 15, G5: 10, G6: 5, B1: 1, B2: 2, T1: 1 });
    expect(stored[UNIT]!.agreed).toEqual({ G3: 8.5 });
    expect(await shownGroups(tablet)).toEqual(await storedGroups(server, meeting.meetingId));
    expect(await tablet.getByTestId(cellId("T1")).textContent()).toBe("1/4");
    expect(await tablet.evaluate((k) => localStorage.getItem(k), pendingKey(meeting.meetingId))).toBeNull();
    // The chair's own copy agrees with the server (the tablet's edits reached the other devices once).
    expect(cell(chair.doc, UNIT, "self", "G1")).toBe(36.5);
    expect(cell(chair.doc, UNIT, "self", "T1")).toBe(1);
  });

  it("keeps a half-typed score when another delegate of the unit changes the same cell, shows theirs beside it, and saves the typed one on Enter", async () => {
    const { meeting, tablet } = await tabletInSelfStage();
    const colleague = await writer(meeting, meeting.links.delegates[UNIT]![1]!);
    const g4 = tablet.getByTestId(cellId("G4"));

    await g4.fill("13,5"); // typed, not committed: the field keeps focus
    setCell(colleague.doc, UNIT, "self", "G4", 12);
    await waitForTestIdText(tablet, `${cellId("G4")}-remote`, "Giá trị mới: 12");
    expect(await g4.inputValue()).toBe("13,5");
    expect(await g4.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await storedCell(server, meeting.meetingId, "self", "G4")).toBe(12);

    await g4.press("Enter");
    await vi.waitFor(async () => expect(await storedCell(server, meeting.meetingId, "self", "G4")).toBe(13.5), WAIT_MS);
    await waitUntilLocal(() => cell(colleague.doc, UNIT, "self", "G4") === 13.5);
    expect(await g4.inputValue()).toBe("13,5");
    expect(await tablet.getByTestId(`${cellId("G4")}-remote`).count()).toBe(0);
  });

  it("keeps a score half-typed offline when the reconnect brings another delegate's value for the same cell", async () => {
    const { meeting, tablet } = await tabletInSelfStage();
    const colleague = await writer(meeting, meeting.links.delegates[UNIT]![1]!);
    const g2 = tablet.getByTestId(cellId("G2"));

    await goOffline(tablet);
    await g2.fill("18");
    setCell(colleague.doc, UNIT, "self", "G2", 17.5);
    await vi.waitFor(async () => expect(await storedCell(server, meeting.meetingId, "self", "G2")).toBe(17.5), WAIT_MS);

    await goOnline(tablet);
    await waitForTestIdText(tablet, `${cellId("G2")}-remote`, "Giá trị mới: 17,5", WAIT_MS);
    expect(await g2.inputValue()).toBe("18");

    await g2.press("Enter");
    await vi.waitFor(async () => expect(await storedCell(server, meeting.meetingId, "self", "G2")).toBe(18), WAIT_MS);
    await waitUntilLocal(() => cell(colleague.doc, UNIT, "self", "G2") === 18);
  });

  it("keeps a score entered offline through a reload while still offline, and sends it once the Wi-Fi is back", async () => {
    const { meeting, tablet } = await tabletInSelfStage();
    const delegateUrl = tablet.url();
    // The service worker (public/sw.js) controls the page before the Wi-Fi goes.
    await tablet.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: WAIT_MS });

    await goOffline(tablet);
    await tablet.getByTestId(`${cellId("G6")}-minus`).click();
    await waitForTestIdText(tablet, "scores-pending", "Mất kết nối: 1 thay đổi");
    expect(await tablet.evaluate((k) => localStorage.getItem(k), pendingKey(meeting.meetingId))).toContain('"G6"');

    // Reloading without a network opens the app from the service worker's cache, not the browser's
    // error page: the tablet's view from the meeting state kept on the device, marked offline, and
    // the score change still waiting to be sent.
    await tablet.reload();
    await waitForTestIdText(tablet, "offline-kept", "Mất kết nối", WAIT_MS);
    await waitForTestIdText(tablet, "offline-pending", "Thay đổi điểm: 1", WAIT_MS);
    expect(await tablet.getByTestId("unit-name").textContent()).toBe("Ban Dân tộc tỉnh Thanh Hóa");
    const storage = await tablet.context().storageState();
    const kept = storage.origins.find((o) => o.origin === server.url)?.localStorage.find((e) => e.name === pendingKey(meeting.meetingId));
    expect(kept?.value).toContain('"G6"');
    expect(await storedCell(server, meeting.meetingId, "self", "G6")).toBe(5);

    // The Wi-Fi is back and the delegate opens the page again. GET /api/me (the criteria) is held
    // until the scores document has synced: on venue Wi-Fi the definition can come last.
    await goOnline(tablet);
    await tablet.route("**/api/me", async (route) => {
      await tablet.waitForFunction(() => (window as unknown as Sockets).__scoresSynced, undefined, { timeout: WAIT_MS });
      await route.continue();
    });
    await tablet.goto(delegateUrl);
    await vi.waitFor(async () => expect(await storedCell(server, meeting.meetingId, "self", "G6")).toBe(4.5), WAIT_MS);
    await waitUntilPage(tablet, (k) => localStorage.getItem(k) === null, pendingKey(meeting.meetingId));
    await expect.poll(() => tablet.getByTestId(cellId("G6")).inputValue(), { timeout: WAIT_MS }).toBe("4,5");
    expect(await tablet.getByTestId("toast").count()).toBe(0);
  });

  it("drops an offline score the server refuses once the chair has closed the self stage, says so in Vietnamese, and ends in sync", async () => {
    const { meeting, tablet } = await tabletInSelfStage();

    await goOffline(tablet);
    await tablet.getByTestId(cellId("G1")).fill("37");
    await tablet.getByTestId(cellId("G1")).press("Enter");
    await waitForTestIdText(tablet, "scores-pending", "Mất kết nối: 1 thay đổi");
    await openStage(server, meeting, "cross");

    await goOnline(tablet);
    await waitForTestIdText(tablet, "toast", "Không lưu được Ban Dân tộc · G1", WAIT_MS);
    await expect.poll(() => tablet.getByTestId("toast").textContent(), { timeout: WAIT_MS }).toMatch(/cột điểm này (chưa mở hoặc )?đã đóng\./);
    await tablet.getByTestId("scores-delegate").and(tablet.locator('[data-stage="cross"]')).waitFor({ timeout: WAIT_MS });
    await tablet.getByTestId("scores-pending").waitFor({ state: "detached", timeout: WAIT_MS });

    expect(await storedCell(server, meeting.meetingId, "self", "G1")).toBe(39);
    await expect.poll(() => shownGroups(tablet), { timeout: WAIT_MS }).toEqual(await storedGroups(server, meeting.meetingId));
    expect((await shownGroups(tablet)).G1).toBe(vi_(39));
    expect(await tablet.evaluate((k) => localStorage.getItem(k), pendingKey(meeting.meetingId))).toBeNull();
  });
});

/** Polls state held by a Yjs doc in this process (no fixed sleep). */
async function waitUntilLocal(cond: () => boolean): Promise<void> {
  await vi.waitFor(() => expect(cond()).toBe(true), WAIT_MS);
}

async function waitUntilPage(page: Page, fn: (arg: string) => boolean, arg: string): Promise<void> {
  await page.waitForFunction(fn, arg, { timeout: WAIT_MS });
}
