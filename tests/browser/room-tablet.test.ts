import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { definitionWithRules } from "../helpers/pledge";
import { createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { axeSerious } from "../helpers/room";
import { openStage } from "../helpers/scores";
import { emitAck, startTestServer, type CreatedTestMeeting } from "../helpers/server";

type StateAck = { ok: true; state: PledgeState } | { ok: false; error: { message: string } };

/** Resolves once the element's top edge is inside the viewport, below nothing but the page's own top. */
async function waitInView(page: Page, testId: string): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight - 40 && r.height > 0;
    },
    testId,
    { timeout: 10_000 },
  );
}

/**
 * The tablet brings the current task forward (768×1024 portrait, 1024×768 landscape): the task strip
 * names it and the page scrolls to it when the chair opens a vote, the cross-check or the signing;
 * the confirmation and the receipt are in view after voting.
 */
for (const viewport of [
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
]) {
  describe.skipIf(skipBrowserTests)(`the tablet at ${viewport.width}×${viewport.height}`, () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let meeting: CreatedTestMeeting;
    let browser: Browser;
    let tablet: Page;
    let chair: PollClient;

    beforeAll(async () => {
      server = await startTestServer();
      meeting = await server.service.create(definitionWithRules({ chairMayAdoptPledge: true }) as never);
      browser = await launchBrowser();
      tablet = await openPage(browser, viewport);
      chair = await joinPolls(server, meeting.links.chair);
      await markPresent(chair, SAMPLE_UNITS);
      // SNGV cross-checks BDT in the sample cluster.
      await joinInPage(tablet, server.url, meeting.links.delegates.SNGV![0]!);
      await waitForTestIdText(tablet, "connection-state", "Đã kết nối");
      await waitForTestIdText(tablet, "task-strip", "Chưa có việc");
    });

    afterAll(async () => {
      chair?.close();
      await browser?.close();
      await server?.close();
    });

    it("brings an opened vote forward, keeps the confirmation and the receipt in view", async () => {
      // Read far down the page first, as a delegate would during the morning.
      await tablet.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const poll = await createPoll(chair, { kind: "single_choice", visibility: "secret", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: ["BDT", "STP", "SNV"] });
      await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
      await waitInView(tablet, `task-poll-${poll.id}`);
      expect(await tablet.getByTestId(`task-poll-${poll.id}`).textContent()).toContain("Bầu Trưởng cụm năm 2022");
      await waitInView(tablet, `poll-${poll.id}`);

      // "Next" is disabled until a choice, and says why.
      expect(await tablet.getByTestId("poll-next").isDisabled()).toBe(true);
      expect(await tablet.locator("#poll-next-why").textContent()).toMatch(/Chọn một đơn vị/);
      expect(await axeSerious(tablet)).toEqual([]);

      await tablet.getByTestId("poll-option-BDT").click();
      await tablet.getByTestId("poll-next").click();
      await waitInView(tablet, "poll-confirm");
      await tablet.getByTestId("poll-cast").click();
      await waitInView(tablet, "poll-receipt");
      // Voted: the task is gone from the strip.
      await tablet.getByTestId(`task-poll-${poll.id}`).waitFor({ state: "detached" });
    });

    it("names the unit to cross-check and brings its score card forward when the chair opens the cross-check", async () => {
      await tablet.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await openStage(server, meeting, "cross");
      await waitInView(tablet, "task-cross-BDT");
      expect(await tablet.getByTestId("task-cross-BDT").textContent()).toContain("Ban Dân tộc tỉnh Thanh Hóa");
      await waitInView(tablet, "score-card-BDT-cross");
      expect(await axeSerious(tablet)).toEqual([]);
    });

    it("brings the pledge forward when signing opens", async () => {
      await tablet.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      expect((await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_ADOPT, {})).ok).toBe(true);
      expect((await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_FREEZE, {})).ok).toBe(true);
      await waitInView(tablet, "task-pledge-sign");
      await waitInView(tablet, "panel-pledge");
      await tablet.getByTestId("pledge-sign-start").waitFor();
      expect(await axeSerious(tablet)).toEqual([]);
    });
  });
}

describe.skipIf(skipBrowserTests)("the chair's console at 1280×800", () => {
  it("has a level-one heading, landmarks and no serious axe finding", async () => {
    const server = await startTestServer();
    const browser = await launchBrowser();
    try {
      const meeting = await server.service.create(definitionWithRules({ chairMayAdoptPledge: true }) as never);
      const page = await openPage(browser, { width: 1280, height: 800 });
      await joinInPage(page, server.url, meeting.links.chair);
      await waitForTestIdText(page, "connection-state", "Đã kết nối");
      await page.getByTestId("panel-agenda").waitFor();
      expect(await page.locator("h1").count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator("main").count()).toBe(1);
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
