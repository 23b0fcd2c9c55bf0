import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { axeSerious } from "../helpers/room";
import { demoDefinitionCopy, startTestServer, type CreatedTestMeeting } from "../helpers/server";

/**
 * axe-core inside the page for the views the room tests do not already check (journal, join cards,
 * the organisers' home and results, set-up, a join error), on a tablet and a laptop: zero serious
 * or critical findings. (The big screen, tablet, chair console, follow view and /verify are checked
 * in their own room-*.test.ts.)
 */
describe.skipIf(skipBrowserTests)("accessibility of the other views", () => {
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

  for (const viewport of [
    { width: 768, height: 1024 },
    { width: 1280, height: 800 },
  ]) {
    const size = `${viewport.width}×${viewport.height}`;

    it(`the chair's journal and join cards at ${size}`, async () => {
      const page: Page = await openPage(browser, viewport);
      await joinInPage(page, server.url, meeting.links.chair);
      await waitForTestIdText(page, "connection-state", "Đã kết nối");
      await page.goto(`${server.url}/m/${meeting.meetingId}/journal`);
      await waitForTestIdText(page, "journal-chain", "Chuỗi băm hợp lệ");
      expect(await axeSerious(page), "journal").toEqual([]);
      await page.goto(`${server.url}/m/${meeting.meetingId}/cards`);
      await page.getByTestId("cards-sheet").waitFor();
      expect(await axeSerious(page), "cards").toEqual([]);
      await page.context().close();
    });

    it(`the organisers' home, the province results and the set-up page at ${size}`, async () => {
      const page: Page = await openPage(browser, viewport);
      await page.goto(`${server.url}/admin#k=${server.adminToken}`);
      await page.getByTestId("admin-meeting").first().waitFor();
      expect(await axeSerious(page), "admin").toEqual([]);
      await page.getByTestId("admin-tab-results").click();
      await page.getByTestId("results-year").waitFor();
      expect(await axeSerious(page), "admin results").toEqual([]);
      await page.getByTestId("admin-tab-meetings").click();
      await page.getByTestId("admin-new").click();
      await page.getByTestId("setup-actions").or(page.getByTestId("setup-start")).first().waitFor();
      expect(await axeSerious(page), "set-up").toEqual([]);
      await page.context().close();
    });

    it(`a join error page at ${size}`, async () => {
      const page: Page = await openPage(browser, viewport);
      await page.goto(`${server.url}/join/not-a-real-token-0000000000000000`);
      await page.getByTestId("join-error").waitFor();
      expect(await axeSerious(page), "join error").toEqual([]);
      await page.context().close();
    });
  }
});
