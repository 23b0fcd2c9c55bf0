import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer } from "../helpers/server";
import { launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";

/** The JSON in the editor, as the page holds it. */
const editorText = (page: Page) => page.getByTestId("definition-json").inputValue();

async function openSetup(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/setup`);
  // The forms are the default; these tests drive the JSON editor (import, paste, export).
  await page.getByTestId("mode-json").click();
  await page.getByTestId("admin-token").fill(token);
  await page.getByTestId("load-sample").click();
  await waitForTestIdText(page, "setup-status", "Hợp lệ");
}

describe.skipIf(skipBrowserTests)("the set-up page in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    page = await openPage(browser, { width: 1280, height: 800 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("loads the Cluster No. 8 sample and summarises it in Vietnamese", async () => {
    await openSetup(page, server.url, server.adminToken);
    await waitForTestIdText(page, "summary-year", "2021");
    await waitForTestIdText(page, "summary-units", "Sở Ngoại vụ");
    await waitForTestIdText(page, "summary-rules", "từ 2/3 trở lên");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(false);
  });

  it("moves the definition to 2022 from the form, in the JSON and in the summary", async () => {
    await page.getByTestId("form-year").fill("2022");
    await waitForTestIdText(page, "summary-year", "2022");
    await waitForTestIdText(page, "summary-date", "14/01/2023");
    const json = JSON.parse(await editorText(page)) as {
      cluster: { year: number };
      conference: { date: string };
    };
    expect(json.cluster.year).toBe(2022);
    expect(json.conference.date).toBe("2023-01-14");
  });

  it("names a broken unit code and refuses to create until it is fixed", async () => {
    const good = await editorText(page);
    await page.getByTestId("definition-json").fill(good.replace('"code": "SNGV"', '"code": "sngv"'));
    await waitForTestIdText(page, "setup-problems", "units.0.code");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(true);

    await page.getByTestId("definition-json").fill(good);
    await waitForTestIdText(page, "setup-status", "Hợp lệ");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(false);
  });

  it("points at the line and column of a JSON syntax error", async () => {
    const good = await editorText(page);
    await page.getByTestId("definition-json").fill('{\n  "cluster": ,\n}');
    await waitForTestIdText(page, "setup-syntax-error", "Dòng 2, cột 14");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(true);
    await page.getByTestId("definition-json").fill(good);
    await waitForTestIdText(page, "setup-status", "Hợp lệ");
  });

  it("creates the meeting, lists every link, and the chair link opens the chair's console", async () => {
    await page.getByTestId("create-meeting").click();
    await page.getByTestId("setup-created").waitFor();
    const meetingId = (await page.getByTestId("created-meeting-id").textContent()) ?? "";
    expect(meetingId).not.toBe("");
    for (const id of ["chair", "secretary", "screen", "public"])
      await page.getByTestId(`created-link-${id}`).waitFor();
    expect(await page.locator('[data-testid^="created-link-delegate-"]').count()).toBe(16);

    const [chair] = await Promise.all([
      page.context().waitForEvent("page"),
      page.getByTestId("open-chair").click(),
    ]);
    await chair.waitForURL(`**/m/${meetingId}/chair`);
    await chair.getByTestId("agenda-next").waitFor();
    await chair.close();
  });

  it("says the admin token is wrong when the server answers 401", async () => {
    const other = await openPage(browser, { width: 1024, height: 768 });
    await openSetup(other, server.url, "not-the-admin-token");
    await other.getByTestId("create-meeting").click();
    await waitForTestIdText(other, "create-error", "Mã quản trị không đúng");
    await other.context().close();
  });
});
