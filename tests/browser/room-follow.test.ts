import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import { joinInPage, launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { signature, sign, waitForPledge } from "../helpers/pledge";
import { cast, createPoll, joinPolls, lockScoreTable, markPresent, pollAction, type PollClient } from "../helpers/polls";
import { axeSerious, layoutProblems, roomDefinition } from "../helpers/room";
import { emitAck, startTestServer, type CreatedTestMeeting } from "../helpers/server";

type StateAck = { ok: true; state: PledgeState } | { ok: false; error: { message: string } };

/**
 * The follow view (the public link) on a 360×740 phone and a 1280×800 laptop, with 20 units: what
 * happens now, then everything published so far — a published vote's outcome and counts (a closed,
 * unpublished secret vote shows nothing), the final ranking once the table is locked, the pledge
 * and its signatures. Every line of text inside the page's width, none overlapping; axe clean.
 */
describe.skipIf(skipBrowserTests)("the follow view", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let chair: PollClient;
  const tablets: PollClient[] = [];
  const { definition, codes } = roomDefinition(20);
  (definition as unknown as { rules: Record<string, unknown> }).rules.chairMayAdoptPledge = true;
  let publishedId = "";
  let hiddenId = "";

  beforeAll(async () => {
    server = await startTestServer();
    meeting = await server.service.create(definition as never);
    browser = await launchBrowser();
    chair = await joinPolls(server, meeting.links.chair);
    await markPresent(chair, codes);
    for (const unit of codes) tablets.push(await joinPolls(server, meeting.links.delegates[unit]![0]!));
    await lockScoreTable(chair);

    const election = await createPoll(chair, { kind: "single_choice", visibility: "open", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: codes });
    publishedId = election.id;
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: election.id });
    for (const [i, t] of tablets.entries()) expect(await cast(t.socket, election.id, { choice: codes[i % 3]! })).toMatchObject({ ok: true });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: election.id });
    await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: election.id });

    const secret = await createPoll(chair, { kind: "per_candidate", visibility: "secret", subject: "other", title: "Đề nghị tặng Cờ thi đua của Chính phủ năm 2021", candidates: codes.slice(0, 3) });
    hiddenId = secret.id;
    await pollAction(chair, EVENTS.POLL_OPEN, { pollId: secret.id });
    for (const t of tablets.slice(0, 5))
      expect(await cast(t.socket, secret.id, { choices: Object.fromEntries(codes.slice(0, 3).map((c) => [c, "for"])) })).toMatchObject({ ok: true });
    await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: secret.id });

    expect((await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_ADOPT, {})).ok).toBe(true);
    const frozen = await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_FREEZE, {});
    if (!frozen.ok) throw new Error(frozen.error.message);
    for (const t of tablets.slice(0, 4))
      expect(await sign(t.socket, signature(frozen.state.textHash!, { signerName: "Lê Văn Thành", signerTitle: "Giám đốc" }))).toMatchObject({ ok: true });
    await waitForPledge(chair.socket, (s) => s.signedCount === 4);
  });

  afterAll(async () => {
    for (const c of [chair, ...tablets]) c?.close();
    await browser?.close();
    await server?.close();
  });

  for (const viewport of [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
  ])
    it(`at ${viewport.width}×${viewport.height}: now, the published result, the final ranking, the pledge and its signatures`, async () => {
      const page: Page = await openPage(browser, viewport);
      await joinInPage(page, server.url, meeting.links.public);
      await waitForTestIdText(page, "connection-state", "Đã kết nối");
      await page.getByTestId("follow-now").waitFor();
      expect(await page.getByTestId("current-agenda-item").first().textContent()).toBe((definition as unknown as { agenda: { title: string }[] }).agenda[0]!.title);

      // The published election, its outcome in words and its bars; the closed secret vote is not there.
      await page.getByTestId(`follow-poll-${publishedId}`).waitFor();
      expect(await page.getByTestId(`follow-outcome-${publishedId}`).textContent()).toBeTruthy();
      expect(await page.getByTestId(`follow-poll-${publishedId}`).getByTestId("poll-bars").count()).toBe(1);
      expect(await page.getByTestId(`follow-poll-${hiddenId}`).count()).toBe(0);

      // The final ranking: every unit by its full name, in the locked order.
      await page.getByTestId(`follow-rank-${codes[0]}`).waitFor();
      expect(await page.locator("[data-testid^=follow-rank-]").count()).toBe(codes.length);

      // The pledge: its hash and the wall, four signed.
      await waitForTestIdText(page, "follow-pledge", "4/20");
      for (const u of codes.slice(0, 4)) expect(await page.getByTestId(`wall-unit-${u}`).getAttribute("data-signed")).toBe("true");
      await page.getByTestId(`wall-signature-${codes[0]}`).waitFor();

      // Nothing wider than the page; nothing overlapping (checked over the whole page height).
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      const full = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: viewport.width, height: full });
      await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
      const { problems } = await layoutProblems(page, "main");
      expect(problems).toEqual([]);
      await page.setViewportSize(viewport);
      await page.screenshot({ path: `docs/screenshots/follow-${viewport.width}.png`, fullPage: true });
      expect(await axeSerious(page)).toEqual([]);
      await page.close();
      // A ceiling, not a measurement: 20 units' results, ranking and wall on a shared, busy machine.
    }, 90_000);
});
