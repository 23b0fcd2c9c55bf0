import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { joinInPage, launchBrowser, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { demoDefinitionCopy, startTestServer, type CreatedTestMeeting } from "../helpers/server";

/**
 * Offline start: a tablet reloaded without Wi-Fi opens its view from the service worker's cache and
 * renders the last meeting state kept on the device, marked "mất kết nối" — not the browser's error
 * page, not an endless loader.
 */
describe.skipIf(skipBrowserTests)("offline start", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await server.service.create(demoDefinitionCopy() as never);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens the tablet's view from cache after a reload without network, with the kept meeting state marked offline", async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: "vi-VN" });
    const tablet = await context.newPage();
    await joinInPage(tablet, server.url, meeting.links.delegates.BDT![0]!);
    await waitForTestIdText(tablet, "connection-state", "Đã kết nối");
    const agendaItem = await tablet.getByTestId("current-agenda-item").textContent();
    // The service worker has taken the page and cached the app shell and every chunk the page loaded.
    await tablet.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });
    await tablet.waitForFunction(
      async () => {
        const cache = await caches.open("concord-v1");
        const loaded = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => new URL(u).pathname.startsWith("/assets/"));
        for (const u of loaded) if (!(await cache.match(u))) return false;
        return loaded.length > 0;
      },
      null,
      { timeout: 15_000, polling: 200 },
    );
    expect(await tablet.evaluate((id) => localStorage.getItem(`concord.state.${id}`) !== null, meeting.meetingId)).toBe(true);

    await context.setOffline(true);
    await tablet.reload();
    await waitForTestIdText(tablet, "offline-kept", "Mất kết nối — đang hiển thị trạng thái lưu trên máy", 15_000);
    await waitForTestIdText(tablet, "connection-state", "Mất kết nối");
    expect(await tablet.title()).toContain("Concord");
    expect(await tablet.getByTestId("unit-name").textContent()).toBe("Ban Dân tộc tỉnh Thanh Hóa");
    expect(await tablet.getByTestId("current-agenda-item").textContent()).toBe(agendaItem);
    await tablet.getByTestId("task-strip").waitFor();
    expect(await tablet.getByTestId("panel-unavailable").count()).toBe(0);

    // The network is back: the live state replaces the kept one by itself.
    await context.setOffline(false);
    await waitForTestIdText(tablet, "connection-state", "Đã kết nối", 20_000);
    await tablet.getByTestId("offline-kept").waitFor({ state: "detached" });
    await context.close();
  });

  it("shows the loader, not a stale view, on a device that never received the meeting (nothing kept)", async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: "vi-VN" });
    const tablet = await context.newPage();
    await joinInPage(tablet, server.url, meeting.links.delegates.SNGV![0]!);
    await waitForTestIdText(tablet, "connection-state", "Đã kết nối");
    await tablet.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 15_000 });
    await tablet.evaluate((id) => localStorage.removeItem(`concord.state.${id}`), meeting.meetingId);
    await context.setOffline(true);
    await tablet.reload();
    await tablet.getByText("Đang tải dữ liệu hội nghị").waitFor({ timeout: 15_000 });
    expect(await tablet.getByTestId("offline-kept").count()).toBe(0);
    await context.close();
  });
});
