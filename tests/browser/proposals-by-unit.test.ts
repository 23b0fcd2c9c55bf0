import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { vietnamDay } from "../../shared/discussion/phase";
import { joinInPage, launchBrowser, openPage, skipBrowserTests } from "../helpers/browser";
import { connectDoc, createMeeting, demoDefinitionCopy, startTestServer, waitUntil, type CreatedTestMeeting } from "../helpers/server";
import { docClients, pledgeProposals } from "../../shared/documents/layout";

const DAY_MS = 24 * 3600_000;

/**
 * Before the day the secretary reads every comment on the pledge draft by unit: the console's panel
 * lists each unit with its number of proposals, and the filter shows one unit's proposals only.
 */
describe.skipIf(skipBrowserTests)("the secretary's comments by unit", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    const def = demoDefinitionCopy() as ReturnType<typeof demoDefinitionCopy> & { discussion?: unknown };
    def.conference.date = vietnamDay(Date.now() + 7 * DAY_MS);
    def.discussion = { commentsOpenFrom: vietnamDay(Date.now() - DAY_MS) };
    meeting = await createMeeting(server, def);
    // Two proposals from BDT, one from STP, made on the units' tablets.
    const bdt = await connectDoc(server, meeting.meetingId, "pledge", meeting.links.delegates.BDT![0]!);
    const stp = await connectDoc(server, meeting.meetingId, "pledge", meeting.links.delegates.STP![0]!);
    pledgeProposals(bdt.doc).set("BDT:a", { section: 0, index: 0, text: "Đề nghị bổ sung chỉ tiêu chuyển đổi số" });
    pledgeProposals(bdt.doc).set("BDT:b", { section: 1, index: 0, text: "Thêm ý về cải cách hành chính" });
    pledgeProposals(stp.doc).set("STP:a", { section: 0, index: 1, text: "Sửa lại câu chữ ý hai" });
    await waitUntil(() => docClients(bdt.doc).size > 0 && docClients(stp.doc).size > 0, 5000, "both units' proposals stored");
    expect([...bdt.refusals, ...stp.refusals]).toEqual([]);
    bdt.destroy();
    stp.destroy();
    browser = await launchBrowser();
    page = await openPage(browser, { width: 1280, height: 900 });
    await joinInPage(page, server.url, meeting.links.secretary);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists every unit with its count and filters to one unit's proposals", async () => {
    const panel = page.getByTestId("proposals-by-unit");
    await panel.waitFor();
    expect(await panel.getAttribute("data-total")).toBe("3");
    const count = async (unit: string) => page.getByTestId(`proposals-count-${unit}`).getAttribute("data-count");
    expect([await count("BDT"), await count("STP"), await count("DUK")]).toEqual(["2", "1", "0"]);
    await page.getByTestId("proposals-unit-BDT").waitFor();
    await page.getByTestId("proposals-unit-STP").waitFor();

    await page.getByTestId("proposals-filter").selectOption("STP");
    await page.getByTestId("proposals-unit-BDT").waitFor({ state: "detached" });
    const stp = page.getByTestId("proposals-unit-STP");
    expect(await stp.textContent()).toContain("Sửa lại câu chữ ý hai");
    expect(await panel.textContent()).not.toContain("chuyển đổi số");
  });
});
