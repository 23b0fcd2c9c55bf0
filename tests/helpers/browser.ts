import fs from "node:fs";
import { createMeeting, demoDefinitionCopy, joinWith, startTestServer, type TestSocket } from "./server";
import { chromium, type Browser, type Page } from "playwright-core";

/** Debian's Chromium; the browser tests drive it with playwright-core (no bundled browser). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const hasChromium = fs.existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  // In CI a missing browser must fail the run, not silently skip the browser tests.
  if (process.env.CI === "true")
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the browser tests cannot run in CI.`);
  console.warn(
    `\n⚠️  Chromium not found at ${CHROMIUM_PATH}: SKIPPING the browser tests. Install chromium or set CHROMIUM_PATH.\n`,
  );
}

/** True when the browser suite must be skipped (local machine without Chromium). */
export const skipBrowserTests = !hasChromium;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh context (own localStorage) with one page of the given viewport. */
export async function openPage(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  return context.newPage();
}

/** Opens a join link on `base` (the test server's own address, whatever host the link names). */
export async function joinInPage(page: Page, base: string, link: string): Promise<void> {
  const token = link.split("/join/")[1];
  if (!token) throw new Error(`not a join link: ${link}`);
  await page.goto(`${base}/join/${token}`);
}

/** Resolves when the element with `testId` contains `text` (polling in the page, no fixed sleep). */
export async function waitForTestIdText(
  page: Page,
  testId: string,
  text: string,
  timeoutMs = 10_000,
): Promise<void> {
  await page.waitForFunction(
    ([id, expected]) =>
      Array.from(document.querySelectorAll(`[data-testid="${id}"]`)).some((el) =>
        (el.textContent ?? "").includes(expected!),
      ),
    [testId, text] as const,
    { timeout: timeoutMs },
  );
}

/**
 * The usual stage of a browser test: the real server with a meeting, Chromium with a 768×1024 delegate
 * tablet page and a 1920×1080 big-screen page (neither signed in yet), and the chair on a socket.
 */
export async function startTabletAndScreen(definition: unknown = demoDefinitionCopy()) {
  const server = await startTestServer();
  const meeting = await createMeeting(server, definition);
  const browser = await launchBrowser();
  const [delegate, screen] = await Promise.all([
    openPage(browser, { width: 768, height: 1024 }),
    openPage(browser, { width: 1920, height: 1080 }),
  ]);
  const chair: TestSocket = (await joinWith(server, meeting.links.chair)).socket;
  return {
    server,
    meeting,
    browser,
    delegate,
    screen,
    chair,
    async close() {
      chair.disconnect();
      await browser.close();
      await server.close();
    },
  };
}
