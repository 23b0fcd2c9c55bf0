import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import { samplePdf } from "../helpers/discussion";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { pdfPageTexts } from "../helpers/pdf-text";
import { createMeeting, demoDefinitionCopy, emitAck, joinWith, startTestServer, tokenOf, type CreatedTestMeeting, type TestSocket } from "../helpers/server";

/**
 * The discussion half of the morning in Chromium: the secretary attaches a PDF from the console, a
 * tablet at 768×1024 opens it (pdf.js, kept in the Cache API), the big screen shows the page the
 * chair presents; two units ask for the floor, the chair reorders and gives it, the screen shows the
 * speaker with the countdown and then the overrun (a 5-second limit); the minutes list the turn.
 * Screenshots go to docs/screenshots/discussion-*.png.
 */
describe.skipIf(skipBrowserTests)("documents and requests to speak in the browser", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let chairPage: Page;
  let tablet: Page;
  let screen: Page;
  let stp: TestSocket;

  beforeAll(async () => {
    server = await startTestServer();
    const def = demoDefinitionCopy() as ReturnType<typeof demoDefinitionCopy> & { discussion?: unknown };
    def.discussion = { presentationS: 5, remarkS: 5 };
    meeting = await createMeeting(server, def);
    browser = await launchBrowser();
    [chairPage, tablet, screen] = await Promise.all([
      openPage(browser, { width: 1366, height: 1024 }),
      openPage(browser, { width: 768, height: 1024 }),
      openPage(browser, { width: 1920, height: 1080 }),
    ]);
    await joinInPage(chairPage, server.url, meeting.links.chair);
    await joinInPage(tablet, server.url, meeting.links.delegates.BDT![0]!);
    await joinInPage(screen, server.url, meeting.links.screen);
    await Promise.all([chairPage.getByTestId("panel-speakers").waitFor(), tablet.getByTestId("panel-speak").waitFor(), screen.getByTestId("screen-root").waitFor()]);
    stp = (await joinWith(server, meeting.links.delegates.STP![0]!)).socket;
  });

  afterAll(async () => {
    stp?.disconnect();
    await browser?.close();
    await server?.close();
  });

  it("attaches a PDF on the console, opens it on a tablet and shows the presented page on the big screen", async () => {
    const panel = chairPage.getByTestId("panel-documents");
    await panel.locator("summary").click();
    await panel.getByTestId("docs-file").setInputFiles({ name: "bao-cao.pdf", mimeType: "application/pdf", buffer: await samplePdf(3, "Bao cao tong ket") });
    await panel.getByTestId("docs-title").fill("Báo cáo tổng kết năm 2021");
    await panel.getByTestId("docs-upload").click();
    await waitForTestIdText(chairPage, "docs-message", "Đã đính kèm: Báo cáo tổng kết năm 2021");

    // The tablet's list follows meeting:state.documents.count, and the tablet keeps the file for offline
    // reading (Cache API) before anyone opens it.
    const docs = tablet.getByTestId("panel-documents");
    await docs.getByTestId("doc-cached").waitFor();
    const cached = await tablet.evaluate(async () => {
      const c = await caches.open("concord-documents-v1");
      return (await c.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached).toEqual([expect.stringMatching(/^\/api\/meetings\/.+\/documents\/[0-9a-f]{16}$/)]);
    // The page is drawn by pdf.js.
    await docs.getByTestId("doc-open").click();
    await docs.locator('[data-testid=docs-page][data-rendered="1"]').waitFor();
    const canvasWidth = await docs.locator("[data-testid=docs-page] canvas").evaluate((c: HTMLCanvasElement) => c.getBoundingClientRect().width);
    expect(canvasWidth).toBeGreaterThan(500);
    expect(canvasWidth).toBeLessThanOrEqual(768);
    await docs.getByTestId("docs-reader").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await tablet.screenshot({ path: "docs/screenshots/discussion-tablet-document.png" });

    // The chair turns to page 2 and presents it: the big screen switches to the document view.
    const reader = chairPage.getByTestId("panel-documents");
    await reader.getByTestId("doc-open").click();
    await reader.getByTestId("docs-next").click();
    await reader.getByTestId("docs-present").click();
    await screen.locator('[data-testid=screen-doc-page][data-rendered="2"]').waitFor();
    await waitForTestIdText(screen, "screen-document", "Báo cáo tổng kết năm 2021 · Trang 2/3");
    await screen.screenshot({ path: "docs/screenshots/discussion-screen-document.png" });

    // A tablet may follow the presenter.
    await docs.getByTestId("docs-follow").check();
    await docs.locator('[data-testid=docs-page][data-rendered="2"]').waitFor();
  });

  it("queues two units, the chair reorders and gives the floor; the screen counts down, then shows the overrun", async () => {
    const speak = tablet.getByTestId("panel-speak");
    await speak.getByTestId("speak-note").fill("Kinh nghiệm tổ chức phong trào");
    await speak.getByTestId("speak-request-presentation").click();
    await waitForTestIdText(tablet, "speak-mine", "thứ tự 1/1");
    expect(await emitAck(stp, EVENTS.SPEAK_REQUEST, { kind: "remark", name: "Đ/c Lê Thị Thu, Phó Giám đốc" })).toMatchObject({ ok: true });
    await waitForTestIdText(tablet, "speak-mine", "thứ tự 1/2");

    const queue = chairPage.getByTestId("speak-queue");
    await queue.getByTestId("speak-queued-STP").waitFor();
    await chairPage.getByTestId("speak-up-STP").click();
    await waitForTestIdText(tablet, "speak-mine", "thứ tự 2/2");
    expect(await queue.locator("li").evaluateAll((li) => li.map((x) => x.getAttribute("data-testid")))).toEqual(["speak-queued-STP", "speak-queued-BDT"]);
    await chairPage.screenshot({ path: "docs/screenshots/discussion-chair-queue.png", fullPage: false });

    await chairPage.getByTestId("speak-give-STP").click();
    await waitForTestIdText(screen, "screen-speaker-unit", "Sở Tư pháp tỉnh Thanh Hóa");
    await waitForTestIdText(screen, "screen-speaker-next", "Ban Dân tộc tỉnh Thanh Hóa");
    await waitForTestIdText(screen, "screen-speaker-name", "Đ/c Lê Thị Thu, Phó Giám đốc");
    const running = screen.locator('[data-testid=countdown][data-over="false"]');
    await running.waitFor();
    expect(await screen.getByTestId("countdown-value").textContent()).toMatch(/^0:0[0-5]$/);
    await screen.screenshot({ path: "docs/screenshots/discussion-screen-speaker.png" });

    // Past the 5-second limit the screen counts the overrun up, in red.
    await screen.locator('[data-testid=countdown][data-over="true"]').waitFor({ timeout: 15_000 });
    expect(await screen.getByTestId("countdown-value").textContent()).toMatch(/^\+0:\d\d$/);
    const colour = await screen.getByTestId("countdown").evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe("rgb(179, 38, 30)");
    await screen.screenshot({ path: "docs/screenshots/discussion-screen-overrun.png" });

    await chairPage.getByTestId("speak-end").click();
    await waitForTestIdText(chairPage, "speak-current", "Chưa có ai phát biểu");

    // The minutes list the turn: the unit, the kind and its times.
    const res = await fetch(`${server.url}/api/meetings/${meeting.meetingId}/minutes.pdf`, { headers: { authorization: `Bearer ${tokenOf(meeting.links.chair)}` } });
    const text = (await pdfPageTexts(Buffer.from(await res.arrayBuffer()))).join(" ").normalize("NFC");
    expect(text).toMatch(/Hội nghị đã nghe 1 lượt tham luận, ý kiến: .*1 Sở Tư pháp tỉnh Thanh Hóa Ý kiến \d\d:\d\d–\d\d:\d\d \d+ giây \(quá \d+ giây\)/);
  });
});
