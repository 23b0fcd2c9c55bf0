import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { cast, createPoll, joinPolls, lockScoreTable, markPresent, pollAction, type PollClient } from "../helpers/polls";
import { signature, sign, waitForPledge } from "../helpers/pledge";
import { axeSerious, layoutProblems, roomDefinition } from "../helpers/room";
import { emitAck, startTestServer, type CreatedTestMeeting } from "../helpers/server";

type StateAck = { ok: true; state: PledgeState } | { ok: false; error: { message: string } };

/**
 * The big screen at 1920×1080 with 20 and 30 units, in every view that lists units: every line of
 * text inside the viewport, none cut by its box, no two overlapping; zero serious axe findings.
 * The screenshots go to docs/screenshots/ (room-<units>-<view>.png).
 */
for (const count of [20, 30]) {
  describe.skipIf(skipBrowserTests)(`the big screen with ${count} units`, () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let meeting: CreatedTestMeeting;
    let browser: Browser;
    let screen: Page;
    let chair: PollClient;
    const tablets: PollClient[] = [];
    const { definition, codes } = roomDefinition(count);
    (definition as unknown as { rules: Record<string, unknown> }).rules.chairMayAdoptPledge = true;

    beforeAll(async () => {
      server = await startTestServer();
      // Through the meeting service, as the demo CLI creates meetings (the HTTP route is the set-up page's).
      meeting = await server.service.create(definition as never);
      browser = await launchBrowser();
      screen = await openPage(browser, { width: 1920, height: 1080 });
      chair = await joinPolls(server, meeting.links.chair);
      await joinInPage(screen, server.url, meeting.links.screen);
      await screen.getByTestId("screen-root").waitFor();
    });

    afterAll(async () => {
      for (const c of [chair, ...tablets]) c?.close();
      await browser?.close();
      await server?.close();
    });

    /** Lays out, photographs and checks the screen; every problem is listed in the failure. */
    async function check(view: string) {
      // The last of the page's transitions (row flashes, bar growth) must end before measuring.
      await screen.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
      await screen.screenshot({ path: `docs/screenshots/room-${count}-${view}.png` });
      const { boxes, problems } = await layoutProblems(screen, "[data-testid=screen-root]");
      expect(boxes.length).toBeGreaterThan(count / 2);
      expect(problems, view).toEqual([]);
      expect(await axeSerious(screen), view).toEqual([]);
      return boxes;
    }

    const show = async (view: string) => expect(await emitAck(chair.socket, EVENTS.SCREEN_SHOW, { view })).toEqual({ ok: true });

    it("attendance: every unit by its full short name, and the quorum line", async () => {
      await markPresent(chair, codes.slice(0, Math.ceil((count * 2) / 3)));
      await show("attendance");
      await screen.locator(`[data-testid=attendance-row-${codes[0]}][data-present=true]`).waitFor();
      const boxes = await check("attendance");
      for (const u of definition.units) expect(boxes.some((b) => b.text === u.shortName)).toBe(true);
      await markPresent(chair, codes);
    });

    it("ranking: live, then locked with medals, in two columns", async () => {
      await show("scores");
      await waitForTestIdText(screen, `screen-score-total-${codes[count - 1]}`, ",");
      await check("ranking-live");
      await lockScoreTable(chair);
      await screen.locator("[data-testid=screen-scores][data-locked=true]").waitFor();
      const boxes = await check("ranking-locked");
      for (const u of definition.units) expect(boxes.some((b) => b.text === u.shortName)).toBe(true);
    });

    it("a secret per-candidate vote: turnout only until published, then every candidate's bar", async () => {
      const poll = await createPoll(chair, { kind: "per_candidate", visibility: "secret", subject: "other", title: "Đề nghị tặng Cờ thi đua của Chính phủ năm 2021", candidates: codes });
      await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
      await show("poll");
      for (const [i, unit] of codes.entries()) {
        const t = await joinPolls(server, meeting.links.delegates[unit]![0]!);
        tablets.push(t);
        const choices = Object.fromEntries(codes.map((c, j) => [c, (i + j) % 5 === 0 ? "against" : (i + j) % 7 === 0 ? "abstain" : "for"]));
        expect(await cast(t.socket, poll.id, { choices })).toMatchObject({ ok: true });
      }
      await waitForTestIdText(screen, "screen-poll-turnout", `${count}/${count}`);
      await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
      await screen.locator("[data-testid=screen-poll][data-state=closed]").waitFor();
      // Closed but not published: a secret poll's counts stay off the screen.
      expect(await screen.getByTestId("poll-bars").count()).toBe(0);
      await check("poll-secret-closed");
      await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
      await screen.getByTestId("screen-poll-outcome").waitFor();
      const boxes = await check("poll-per-candidate");
      for (const u of definition.units) expect(boxes.some((b) => b.text === u.shortName)).toBe(true);
    });

    it(`an election with ${count} candidates and the blank row`, async () => {
      const poll = await createPoll(chair, { kind: "single_choice", visibility: "open", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: codes });
      await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
      for (const [i, t] of tablets.entries()) expect(await cast(t.socket, poll.id, { choice: i % 4 === 3 ? "abstain" : codes[i % 3]! })).toMatchObject({ ok: true });
      await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
      await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
      await screen.locator(`[data-testid=screen-poll][data-poll="${poll.id}"][data-state=published]`).waitFor();
      const boxes = await check("poll-election");
      for (const u of definition.units) expect(boxes.some((b) => b.text === u.shortName)).toBe(true);
    });

    it("the pledge draft", async () => {
      await show("pledge");
      await screen.getByTestId("screen-pledge-title").waitFor();
      await check("pledge-draft");
    });

    it("the signature wall with every unit signed, in pages with a page indicator", async () => {
      const adopted = await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_ADOPT, {});
      expect(adopted.ok).toBe(true);
      const frozen = await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_FREEZE, {});
      if (!frozen.ok) throw new Error(frozen.error.message);
      const hash = frozen.state.textHash!;
      for (const [i, t] of tablets.entries())
        expect(await sign(t.socket, signature(hash, { signerName: i % 2 ? "Nguyễn Thị Phương Thảo" : "Lê Văn Thành", signerTitle: "Phó Giám đốc", onBehalf: { representedTitle: "Giám đốc" } }))).toMatchObject({ ok: true });
      await waitForPledge(chair.socket, (s) => s.stage === "final");
      await waitForTestIdText(screen, "screen-pledge-count", `${count}/${count}`);
      const seen = new Set<string>();
      const pages = await screen.getByTestId("screen-page-indicator").getAttribute("data-pages");
      expect(Number(pages)).toBeGreaterThanOrEqual(2);
      for (let p = 1; p <= Number(pages); p++) {
        // The kiosk's page keys turn the page at once (and hold it a while), as an operator would.
        if (p > 1) await screen.keyboard.press("PageDown");
        await screen.locator(`[data-testid=screen-page-indicator][data-page="${p}"]`).waitFor();
        const boxes = await check(`wall-page-${p}`);
        for (const u of definition.units) if (boxes.some((b) => b.text === u.name)) seen.add(u.name as string);
      }
      // Across the pages, every unit's full name.
      expect(seen.size).toBe(count);
    });
  });
}
