import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import {
  createMeeting,
  demoDefinitionCopy,
  startTestServer,
  type CreatedTestMeeting,
} from "../helpers/server";

/**
 * The pages that call the API without a token read it through the route table's parser
 * (client/lib/api.ts callApi): the embedded results show a real reply; a reply of the wrong shape
 * (here, rewritten on its way by the browser) is said in Vietnamese first, not shown as data.
 */
describe.skipIf(skipBrowserTests)("HTTP replies in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await createMeeting(server);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the embedded results from GET /api/embed/:meetingId", async () => {
    const page = await openPage(browser, { width: 800, height: 600 });
    await page.goto(`${server.url}/embed/${meeting.meetingId}`);
    await waitForTestIdText(page, "embed-page", demoDefinitionCopy().conference.title);
    await page.context().close();
  });

  it("says a /verify check's reply of the wrong shape is not in the expected shape, Vietnamese first", async () => {
    const page = await openPage(browser, { width: 800, height: 900 });
    await page.route(`**/api/verify/${meeting.meetingId}`, (route) =>
      route.request().method() === "POST"
        ? route.fulfill({
            status: 200,
            contentType: "application/json",
            body: JSON.stringify({ ok: true, source: "hash", matches: "yes" }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/verify/${meeting.meetingId}`);
    await page.getByTestId("verify-hash-input").fill("a".repeat(64));
    await page.getByTestId("verify-hash-check").click();
    await page.locator(".verify-result.bad").waitFor();
    const text = await page.locator(".verify-result.bad").textContent();
    expect(text).toContain("Máy chủ trả lời không đúng định dạng.");
    expect(await page.getByTestId("verify-result").count()).toBe(0);
    await page.context().close();
  });
});
