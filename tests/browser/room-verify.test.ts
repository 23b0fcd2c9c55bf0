import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { EVENTS } from "../../shared/protocol/events";
import type { PledgeState } from "../../shared/protocol/pledge";
import { launchBrowser, openPage, skipBrowserTests, waitForTestIdText } from "../helpers/browser";
import { signature, sign, waitForPledge } from "../helpers/pledge";
import { cast, createPoll, joinPolls, markPresent, pollAction, SAMPLE_UNITS, type PollClient } from "../helpers/polls";
import { axeSerious, layoutProblems } from "../helpers/room";
import { demoDefinitionCopy, emitAck, startTestServer, type CreatedTestMeeting } from "../helpers/server";

type StateAck = { ok: true; state: PledgeState } | { ok: false; error: { message: string } };

/**
 * The public /verify page, where the PDF's QR code leads, on a 360×740 phone: the hash wraps, the
 * signatures are cards, each published vote says its outcome, nothing is wider than the screen or
 * overlaps; axe clean.
 */
describe.skipIf(skipBrowserTests)("/verify on a 360 px phone", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let meeting: CreatedTestMeeting;
  let browser: Browser;
  let chair: PollClient;
  const tablets: PollClient[] = [];
  const pollIds: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const def = demoDefinitionCopy() as unknown as { rules: Record<string, unknown> };
    def.rules.chairMayAdoptPledge = true;
    meeting = await server.service.create(def as never);
    browser = await launchBrowser();
    chair = await joinPolls(server, meeting.links.chair);
    await markPresent(chair, SAMPLE_UNITS);
    for (const unit of SAMPLE_UNITS) tablets.push(await joinPolls(server, meeting.links.delegates[unit]![0]!));
    const motion = await createPoll(chair, { kind: "motion", visibility: "open", subject: "other", title: "Thông qua Kế hoạch hoạt động năm 2022 của Cụm thi đua số 8" });
    const election = await createPoll(chair, { kind: "single_choice", visibility: "secret", subject: "head", title: "Bầu Trưởng cụm năm 2022", candidates: ["BDT", "SNGV"] });
    for (const [poll, ballot] of [
      [motion, (i: number) => ({ choice: i < 6 ? "for" : "against" })],
      [election, (i: number) => ({ choice: i < 5 ? "BDT" : "SNGV" })],
    ] as const) {
      await pollAction(chair, EVENTS.POLL_OPEN, { pollId: poll.id });
      for (const [i, t] of tablets.entries()) expect(await cast(t.socket, poll.id, ballot(i))).toMatchObject({ ok: true });
      await pollAction(chair, EVENTS.POLL_CLOSE, { pollId: poll.id });
      await pollAction(chair, EVENTS.POLL_PUBLISH, { pollId: poll.id });
      pollIds.push(poll.id);
    }
    expect((await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_ADOPT, {})).ok).toBe(true);
    const frozen = await emitAck<StateAck>(chair.socket, EVENTS.PLEDGE_FREEZE, {});
    if (!frozen.ok) throw new Error(frozen.error.message);
    // The elected head signs first (head_first), then two more.
    for (const unit of ["BDT", "SNGV", "DUK"]) {
      const t = tablets[SAMPLE_UNITS.indexOf(unit as (typeof SAMPLE_UNITS)[number])]!;
      expect(await sign(t.socket, signature(frozen.state.textHash!, { signerName: "Nguyễn Thị Phương Thảo", signerTitle: "Phó Giám đốc", onBehalf: { representedTitle: "Giám đốc" } }))).toMatchObject({ ok: true });
    }
    await waitForPledge(chair.socket, (s) => s.signedCount === 3);
  });

  afterAll(async () => {
    for (const c of [chair, ...tablets]) c?.close();
    await browser?.close();
    await server?.close();
  });

  it("says each published vote's outcome and fits the phone", async () => {
    const page = await openPage(browser, { width: 360, height: 740 });
    await page.goto(`${server.url}/verify/${meeting.meetingId}`);
    await page.getByTestId("verify-text-hash").waitFor();
    // The hash wraps in long runs across the phone's width, not one character per line.
    const hashBox = (await page.getByTestId("verify-text-hash").boundingBox())!;
    expect(hashBox.width).toBeGreaterThan(250);
    expect(hashBox.height).toBeLessThan(80);
    await waitForTestIdText(page, `verify-poll-outcome-${pollIds[0]}`, "Kết quả: Thông qua");
    await waitForTestIdText(page, `verify-poll-outcome-${pollIds[1]}`, "Kết quả:");
    expect(await page.getByTestId(`verify-poll-outcome-${pollIds[1]}`).textContent()).toMatch(/Ban Dân tộc/);

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: "docs/screenshots/verify-360.png" });
    const full = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 360, height: full });
    const { problems } = await layoutProblems(page, "main");
    expect(problems).toEqual([]);
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await axeSerious(page)).toEqual([]);

    // A check with no server to answer says so in Vietnamese, not with the browser's English error.
    await page.context().setOffline(true);
    await page.getByTestId("verify-hash-input").fill("a".repeat(64));
    await page.getByTestId("verify-hash-check").click();
    await page.getByText("Không kết nối được máy chủ").waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(/Failed to fetch|NetworkError|JSON/);
    await page.context().setOffline(false);
    await page.close();
  });
});
