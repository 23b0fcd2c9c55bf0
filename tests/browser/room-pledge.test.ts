import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import { pledgeHash } from "../../shared/pledge/canonical";
import { draftFromJson } from "../../shared/pledge/from-json";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { axeSerious } from "../helpers/room";
import { connectDoc, startTestServer, storedDoc, type CreatedTestMeeting, type TestProvider } from "../helpers/server";
import { draftJson, pledgeProposals } from "../../shared/documents/layout";

/**
 * Pledge governance as people see it: the chair sees how many proposals wait and what each changes
 * (inserted and removed words); once the adoption vote opens the chair's draft is read-only, and the
 * tablet's ballot shows the SHA-256 of the draft being voted on — the server's own hash of it.
 */
describe.skipIf(skipBrowserTests)("pledge governance", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let chairPage: Page;
  let tablet: Page;
  let chair: PollClient;
  let proposer: TestProvider;

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await server.service.create((await import("../helpers/server")).demoDefinitionCopy() as never);
    browser = await launchBrowser();
    chair = await joinPolls(server, meeting.links.chair);
    await markPresent(chair, SAMPLE_UNITS);
    proposer = await connectDoc(server, meeting.meetingId, "pledge", meeting.links.delegates.DUK![0]!);
    chairPage = await openPage(browser, { width: 1280, height: 800 });
    await joinInPage(chairPage, server.url, meeting.links.chair);
    tablet = await openPage(browser, { width: 768, height: 1024 });
    await joinInPage(tablet, server.url, meeting.links.delegates.BDT![0]!);
    await waitForTestIdText(tablet, "connection-state", "Đã kết nối");
  });

  afterAll(async () => {
    proposer?.destroy();
    chair?.close();
    await browser?.close();
    await server?.close();
  });

  it("shows the chair how many proposals wait and the words each inserts and removes", async () => {
    await chairPage.getByTestId("pledge-editor").waitFor();
    const current = await chairPage.evaluate(() => document.querySelector('[data-testid="pledge-editor"]')!.textContent);
    expect(current).toBeTruthy();
    const stored = draftFromJson(draftJson(await storedDoc(server, meeting.meetingId, "pledge")));
    const original = stored.sections[1]!.commitments[0]!;
    // Keep the first three words, drop the rest, add four of our own.
    const kept = original.split(/\s+/).slice(0, 3).join(" ");
    pledgeProposals(proposer.doc).set("DUK:p1", { section: 1, index: 0, text: `${kept} đạt chuẩn toàn diện` });
    pledgeProposals(proposer.doc).set("DUK:p2", { section: 1, index: 1, text: "Một cách viết khác hẳn" });
    await waitForTestIdText(chairPage, "pledge-pending-count", "Đề xuất đang chờ chủ trì quyết định: 2");
    // The same proposal also shows in the secretary's list by unit; this is the one under its commitment.
    const card = chairPage.getByTestId("pledge-commitment-1-0").getByTestId("pledge-proposal-DUK:p1");
    await card.waitFor();
    expect(await card.locator("ins").allTextContents()).toEqual([" đạt chuẩn toàn diện"].map((s) => `[thêm]${s}`));
    const removed = (await card.locator("del").allTextContents()).join("");
    expect(removed).toContain(original.split(/\s+/).slice(3).join(" "));
    const removedCount = original.split(/\s+/).length - 3;
    expect(await card.getByTestId("pledge-proposal-counts").textContent()).toBe(`Thêm 4 từ · bỏ ${removedCount} từ`);
    await chairPage.getByTestId("panel-pledge").screenshot({ path: "docs/screenshots/room-chair-pledge-proposals.png" });
    expect(await axeSerious(chairPage)).toEqual([]);
  });

  it("makes the chair's draft read-only once the adoption vote opens and shows the draft's hash on the ballot", async () => {
    const poll = await createPoll(chair, { kind: "motion", visibility: "open", subject: "pledge", title: "Thông qua nội dung Bản giao ước thi đua năm 2022" });
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
    await waitForTestIdText(chairPage, "pledge-vote-locked", "Đang biểu quyết thông qua giao ước");
    expect(await chairPage.getByTestId("pledge-editor").count()).toBe(0);
    expect(await chairPage.locator('[data-testid="panel-pledge"] [contenteditable="true"], [data-testid="panel-pledge"] textarea').count()).toBe(0);

    const serverHash = pledgeHash(draftFromJson(draftJson(await storedDoc(server, meeting.meetingId, "pledge"))));
    const shown = tablet.getByTestId("ballot-pledge-hash");
    await shown.waitFor({ timeout: 10_000 });
    expect(await shown.getAttribute("data-hash")).toBe(serverHash);
    expect(await shown.textContent()).toContain(serverHash);
    // The whole hash fits the tablet's width (it wraps, it is not cut).
    expect(await tablet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    await tablet.getByTestId(`poll-${poll.id}`).screenshot({ path: "docs/screenshots/room-tablet-pledge-ballot.png" });
    expect(await axeSerious(tablet)).toEqual([]);
  });
});
