import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startTestServer } from "../helpers/server";
import { launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";

const field = (page: Page, path: string) => page.getByTestId(`f-${path}`);
const editorJson = async (page: Page) => {
  await page.getByTestId("mode-json").click();
  const json = JSON.parse(await page.getByTestId("definition-json").inputValue()) as {
    discussion?: Record<string, unknown>;
    signatories?: Record<string, unknown>;
    agenda: { speakingLimits?: Record<string, unknown> }[];
  };
  await page.getByTestId("mode-form").click();
  return json;
};

/** The discussion's fields in the set-up forms: Vietnamese labels, problems named as the organiser types. */
describe.skipIf(skipBrowserTests)("the set-up form's discussion fields", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    page = await openPage(browser, { width: 1280, height: 800 });
    await page.goto(`${server.url}/setup`);
    await page.getByTestId("mode-json").click();
    await page.getByTestId("admin-token").fill(server.adminToken);
    await page.getByTestId("load-sample").click();
    await waitForTestIdText(page, "setup-status", "Hợp lệ");
    await page.getByTestId("mode-form").click();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("checks the opening day for comments against the conference date as it is typed", async () => {
    const section = page.getByTestId("section-discussion");
    expect(await section.textContent()).toContain("Ngày mở góp ý dự thảo giao ước");
    // The sample's conference is on 14/01/2022.
    await field(page, "discussion.commentsOpenFrom").fill("2022-02-01");
    await waitForTestIdText(page, "problem-discussion.commentsOpenFrom", "ngày mở góp ý phải trước ngày hội nghị");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(true);
    await field(page, "discussion.commentsOpenFrom").fill("2022-01-07");
    await waitForTestIdText(page, "form-status", "Hợp lệ");
    expect((await editorJson(page)).discussion).toEqual({ commentsOpenFrom: "2022-01-07" });
  });

  it("takes speaking limits for the meeting and per agenda item, and drops an emptied one from the definition", async () => {
    await field(page, "discussion.presentationS").fill("4");
    await waitForTestIdText(page, "problem-discussion.presentationS", "phải từ 5 trở lên");
    await field(page, "discussion.presentationS").fill("600");
    await field(page, "agenda.2.speakingLimits.remarkS").fill("90");
    await waitForTestIdText(page, "form-status", "Hợp lệ");
    let json = await editorJson(page);
    expect(json.discussion).toEqual({ commentsOpenFrom: "2022-01-07", presentationS: 600 });
    expect(json.agenda[2]!.speakingLimits).toEqual({ remarkS: 90 });

    await field(page, "agenda.2.speakingLimits.remarkS").fill("");
    json = await editorJson(page);
    expect(json.agenda[2]).not.toHaveProperty("speakingLimits");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(false);
  });

  it("takes the names under the minutes' signatures, and names a title without a name", async () => {
    await field(page, "signatories.secretary.title").fill("Chuyên viên Văn phòng");
    await waitForTestIdText(page, "problem-signatories.secretary.name", "chưa nhập");
    expect(await page.getByTestId("create-meeting").isDisabled()).toBe(true);
    await field(page, "signatories.secretary.name").fill("Lê Thị Bình");
    await field(page, "signatories.chair.name").fill("Nguyễn Văn An");
    await waitForTestIdText(page, "form-status", "Hợp lệ");
    expect((await editorJson(page)).signatories).toEqual({ secretary: { title: "Chuyên viên Văn phòng", name: "Lê Thị Bình" }, chair: { name: "Nguyễn Văn An" } });
    await field(page, "signatories.chair.name").fill("");
    expect((await editorJson(page)).signatories).toEqual({ secretary: { title: "Chuyên viên Văn phòng", name: "Lê Thị Bình" } });
  });
});
