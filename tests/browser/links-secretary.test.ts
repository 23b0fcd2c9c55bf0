import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { createMeeting, startTestServer, type CreatedTestMeeting } from "../helpers/server";
import { joinInPage, launchBrowser, openPage, skipBrowserTests } from "../helpers/browser";

describe.skipIf(skipBrowserTests)("the secretary's join-card page", () => {
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

  it("lists every link but the chair's, says why, and prints no chair card", async () => {
    const page = await openPage(browser, { width: 1280, height: 800 });
    await joinInPage(page, server.url, meeting.links.secretary);
    await page.waitForURL(`**/m/${meeting.meetingId}/chair`);
    await page.getByTestId("cards-link").click();
    await page.getByTestId("link-row-delegate-BDT-1").waitFor();
    expect(await page.getByTestId("link-row-chair").count()).toBe(0);
    expect(await page.getByTestId("links-chair-only").textContent()).toContain("chỉ chủ trì");
    expect(await page.getByTestId("link-revoke-delegate-BDT-1").isEnabled()).toBe(true);
    // The chair's join URL is nowhere on the page (the printable cards carry the URL under the QR code).
    const chairToken = meeting.links.chair.split("/join/")[1]!;
    expect(await page.content()).not.toContain(chairToken);
  });
});
