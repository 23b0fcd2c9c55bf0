import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { axeSerious, roomDefinition } from "../helpers/room";
import { joinWith, startTestServer, waitForState, type CreatedTestMeeting } from "../helpers/server";

type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };

const rectOf = (page: Page, testId: string): Promise<Rect | null> =>
  page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
  }, testId);

/** The demo agenda's items: 5 is the scoring, 6 the secret vote, 9 the pledge signing, 4 the discussion. */
const SCORES_ITEM = 5;
const VOTE_ITEM = 6;

/**
 * The chair's console at 1280×800 with 20 units: it follows the agenda (the current item's panel
 * comes first and open, the others fold; with "the big screen follows" on, the screen shows the
 * item's view), the agenda stays reachable beside the panels without covering them, the score
 * matrix keeps Tổng in view while it scrolls, and axe finds nothing serious.
 */
describe.skipIf(skipBrowserTests)("the chair console at 1280×800 with 20 units", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let page: Page;
  const { definition, codes } = roomDefinition(20);

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await server.service.create(definition as never);
    browser = await launchBrowser();
    page = await openPage(browser, { width: 1280, height: 800 });
    await joinInPage(page, server.url, meeting.links.chair);
    await waitForTestIdText(page, "connection-state", "Đã kết nối");
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("opens the current item's panel first and folds the others when the chair moves to the scoring", async () => {
    await page.getByTestId(`agenda-item-${SCORES_ITEM}`).click();
    await page.waitForFunction(() => document.querySelector(".chair-features")?.getAttribute("data-current") === "scores");
    const order = await page.$$eval(".chair-features > .panel", (els) => els.map((e) => e.getAttribute("data-testid")));
    expect(order[0]).toBe("panel-scores");
    expect(await page.getByTestId("panel-scores").getAttribute("class")).toContain("is-current");
    expect(await page.getByTestId("panel-toggle-scores").getAttribute("aria-expanded")).toBe("true");
    for (const id of ["votes", "pledge"]) expect(await page.getByTestId(`panel-toggle-${id}`).getAttribute("aria-expanded"), id).toBe("false");
    await page.getByTestId("scores-matrix").waitFor();
    // Scrolled to it: the scoring panel's head is on screen.
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-testid="panel-scores"]')!.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight - 100;
    });
    // A folded panel opens on request.
    await page.getByTestId("panel-toggle-votes").click();
    expect(await page.getByTestId("panel-toggle-votes").getAttribute("aria-expanded")).toBe("true");
    await page.getByTestId("panel-toggle-votes").click();
    await page.getByTestId("panel-scores").evaluate((el) => el.scrollIntoView({ block: "start" }));
    await page.evaluate(() => window.scrollBy(0, -100));
    await page.screenshot({ path: "docs/screenshots/room-chair-1280-scores.png" });
    expect(await axeSerious(page)).toEqual([]);
  });

  it("keeps Tổng in view at the right of the score matrix, for every unit, wherever the matrix is scrolled", async () => {
    const scroller = page.getByTestId("scores-matrix");
    const wide = await scroller.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(wide).toBe(true);
    for (const to of ["start", "middle", "end"] as const) {
      await scroller.evaluate((el, where) => {
        el.scrollLeft = where === "start" ? 0 : where === "end" ? el.scrollWidth : el.scrollWidth / 2;
      }, to);
      const box = (await rectOf(page, "scores-matrix"))!;
      expect(box.right).toBeLessThanOrEqual(1280);
      for (const unit of codes) {
        await page.getByTestId(`matrix-row-${unit}`).scrollIntoViewIfNeeded();
        for (const layer of ["self", "cross", "agreed"]) {
          const id = `matrix-total-${unit}-${layer}`;
          const r = (await rectOf(page, id))!;
          expect(r.left, `${id} at ${to}`).toBeGreaterThanOrEqual(box.left - 0.5);
          expect(r.right, `${id} at ${to}`).toBeLessThanOrEqual(box.right + 0.5);
          // Nothing else is drawn over it: the cell itself is what the eye (and a click) meets.
          const onTop = await page.evaluate((tid) => {
            const el = document.querySelector(`[data-testid="${tid}"]`)!;
            const b = el.getBoundingClientRect();
            const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
            return !!hit && (hit === el || el.contains(hit));
          }, id);
          expect(onTop, `${id} covered at ${to}`).toBe(true);
        }
      }
    }
  });

  it("keeps the agenda reachable beside the panels without sliding under or over them", async () => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const agenda = (await rectOf(page, "panel-agenda"))!;
    expect(agenda.top).toBeGreaterThanOrEqual(0);
    expect(agenda.bottom).toBeLessThanOrEqual(800);
    await page.getByTestId(`agenda-item-${VOTE_ITEM}`).waitFor();
    for (const id of ["panel-scores", "panel-votes", "panel-pledge", "panel-rollcall", "panel-screen"]) {
      const r = (await rectOf(page, id))!;
      expect(r.left, id).toBeGreaterThanOrEqual(agenda.right);
    }
    const clickable = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="agenda-next"]')!;
      const b = el.getBoundingClientRect();
      const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
      return hit === el || el.contains(hit);
    });
    expect(clickable).toBe(true);
  });

  it("moves the big screen with the agenda when the chair turns on 'the big screen follows'", async () => {
    const screen = await joinWith(server, meeting.links.screen);
    try {
      // Off: moving the agenda leaves the big screen where it is.
      await page.getByTestId(`agenda-item-${SCORES_ITEM + 1}`).click();
      await waitForState(screen, (s) => s.agendaIndex === SCORES_ITEM + 1);
      expect(screen.latest().screen).toBe("welcome");

      await page.getByTestId("screen-follows").check();
      await page.getByTestId(`agenda-item-${SCORES_ITEM}`).click();
      expect((await waitForState(screen, (s) => s.agendaIndex === SCORES_ITEM && s.screen === "scores")).screen).toBe("scores");
      await page.getByTestId(`agenda-item-${VOTE_ITEM}`).click();
      await waitForState(screen, (s) => s.agendaIndex === VOTE_ITEM && s.screen === "poll");
      await page.waitForFunction(() => document.querySelector(".chair-features")?.getAttribute("data-current") === "votes");
      // An item with no view of its own shows the agenda.
      await page.getByTestId("agenda-item-0").click();
      await waitForState(screen, (s) => s.agendaIndex === 0 && s.screen === "agenda");
      // The choice is kept on the device.
      await page.reload();
      await waitForTestIdText(page, "connection-state", "Đã kết nối");
      expect(await page.getByTestId("screen-follows").isChecked()).toBe(true);
    } finally {
      screen.socket.close();
    }
  });
});
