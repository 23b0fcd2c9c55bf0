import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { createMeeting, startTestServer, type CreatedTestMeeting } from "../helpers/server";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";

/**
 * The Content-Security-Policy (server/http/headers.ts) must break nothing in the built client: every
 * view loads, connects (Socket.IO and Yjs over WebSockets), draws its QR codes and downloads, and
 * the browser reports no violation.
 */
describe.skipIf(skipBrowserTests)("the built client under the Content-Security-Policy", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await createMeeting(server);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Every violation the page reports, from the DOM event and from the console. */
  async function watch(page: Page): Promise<() => Promise<string[]>> {
    const console: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) console.push(m.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    return async () => [...console, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
  }

  it("the delegate's tablet connects and shows the scores with no violation", async () => {
    const page = await openPage(browser, { width: 768, height: 1024 });
    const violations = await watch(page);
    await joinInPage(page, server.url, meeting.links.delegates.BDT![0]!);
    await waitForTestIdText(page, "connection-state", "Đã kết nối");
    // Let the lazy panels (and their Yjs connections) load.
    await page.waitForLoadState("networkidle");
    expect(await violations()).toEqual([]);
  });

  it("the chair's console and the join cards (QR codes as data: images) show no violation", async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    const violations = await watch(page);
    await joinInPage(page, server.url, meeting.links.chair);
    await page.waitForURL(`**/m/${meeting.meetingId}/chair`);
    await waitForTestIdText(page, "connection-state", "Đã kết nối");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("cards-link").click();
    await page.getByTestId("cards-sheet").locator("img").first().waitFor();
    const qr = await page.getByTestId("cards-sheet").locator("img").first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
    expect(qr).toBe(true);
    expect(await violations()).toEqual([]);
  });

  it("the big screen and the public follow page show no violation", async () => {
    for (const link of [meeting.links.screen, meeting.links.public]) {
      const page = await openPage(browser, { width: 1920, height: 1080 });
      const violations = await watch(page);
      await joinInPage(page, server.url, link);
      await page.waitForLoadState("networkidle");
      expect(await violations(), link).toEqual([]);
    }
  });

  it("refuses to be framed by another site", async () => {
    const page = await openPage(browser, { width: 800, height: 600 });
    // A page of another origin (about:blank here) framing a view; setContent waits for the frame's load.
    await page.setContent(`<iframe id="f" src="${server.url}/join/x"></iframe>`);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // Blocked: Chromium shows its error page instead of the document (no root element of ours).
    expect(frame.url()).not.toBe(`${server.url}/join/x`);
    expect(await frame.content().catch(() => "")).not.toContain('id="root"');
  });
});
